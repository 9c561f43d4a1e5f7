"""Who may open which page of the services: the catalogue is public, a request only for its
organisation's referents, the expert it is assigned to, and staff; anyone else gets 404."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Organisation
from tests.people import PEOPLE
from tests.services.factories import make_request

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def official_request(official_referent):
    organisation = Organisation.objects.managed_by(official_referent).get()
    return make_request(organisation, by=official_referent)


# Which column of a page's statuses each person reads: the two referents of other
# organisations share the "others" column.
COLUMN = {
    "visitor": 0,
    "base_user": 1,
    "official_referent": 2,
    "package_referent": 3,
    "other_referent": 3,
    "staff": 4,
}


PAGES = {
    # name: (url maker, what each person gets: visitor, base_user, owner, others, staff)
    "catalogue": (lambda r: _url("services:service-list"), (200, 200, 200, 200, 200)),
    "service": (
        lambda r: _url("services:service-detail", slug="formazione"),
        (200, 200, 200, 200, 200),
    ),
    "request form": (
        lambda r: _url("services:request-create", slug="formazione"),
        (302, 403, 200, 200, 403),
    ),
    "requests": (lambda r: _url("services:request-list"), (302, 200, 200, 200, 200)),
    "request": (
        lambda r: _url("services:request-detail", pk=r.pk),
        (302, 404, 200, 404, 200),
    ),
    "attachment": (
        lambda r: _url(
            "services:attachment-download",
            pk=r.pk,
            attachment=r.messages.get().attachments.get().pk,
        ),
        (302, 404, 200, 404, 200),
    ),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", PAGES)
def test_access_matrix(request, client, official_request, page, person):
    user = None if person == "visitor" else request.getfixturevalue(person)
    if user is not None:
        client.force_login(user)
    make_url, statuses = PAGES[page]
    assert client.get(make_url(official_request)).status_code == statuses[COLUMN[person]]
