"""A person who manages no organisation, on a page only referents use, is told why and how to
become one: the explaining 403 of `members.access.managed_organisations_or_refused`."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.pages import assert_refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs", "who"),
    [
        ("practices:practice-create", {}, "Practices are shared by the referents"),
        ("documents:document-create", {}, "Documents are shared by the referents"),
        ("services:request-create", {"slug": "formazione"}, "Services are requested by"),
        ("services:offer-create", {}, "Competences are offered to the network by"),
    ],
)
def test_a_person_who_manages_no_organisation_is_told_how_to_become_a_referent(
    client, base_user, name, kwargs, who
):
    client.force_login(base_user)
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
        directory = reverse("members:organisation-list")
    assert_refused(client.get(url), who, "Find your organisation", directory)
