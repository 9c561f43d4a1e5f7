"""The catalogue: public, each service stating its conditions for the visitor's own tier."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory, RoleFactory
from tests.pages import browsers
from tests.services.factories import credit_package, referent_of, service

pytestmark = pytest.mark.django_db


def _en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_the_catalogue_lists_the_networks_services_by_area(client):
    page = client.get(_en("services:service-list")).content.decode()
    for name in [
        "Staff recruitment",
        "Shared drafting of calls for tender and specifications",
        "Fundraising campaigns",
        "Administrative and legal support",
        "Tax consulting",
    ]:
        assert name in page


def test_a_retired_service_leaves_the_catalogue_and_its_page_is_404(client, staff):
    fiscal = service("consulenza-fiscale")
    fiscal.is_active = False
    fiscal.save()
    assert "Tax consulting" not in client.get(_en("services:service-list")).content.decode()
    url = _en("services:service-detail", slug="consulenza-fiscale")
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_a_visitor_sees_every_tiers_conditions_and_is_asked_to_log_in(client):
    page = client.get(_en("services:service-detail", slug="reclutamento-personale")).content
    page = page.decode()
    assert "at a reduced price, € 450.00" in page
    assert "4 credits of the package" in page
    assert "Log in as the referent" in page


@pytest.mark.parametrize(
    ("membership", "expected"),
    [
        ({}, "at a reduced price, € 450.00"),
        ({"package": True}, "4 credits of the package"),
        ({"package": True, "credits": None, "is_flat_rate": True}, "included in the flat rate"),
    ],
)
def test_a_referent_sees_what_their_own_organisation_would_pay(client, membership, expected):
    organisation = MembershipFactory(**membership).organisation
    client.force_login(referent_of(organisation))
    page = client.get(_en("services:service-detail", slug="reclutamento-personale")).content
    assert f"<strong>{organisation.name}</strong>: {expected}" in page.decode()
    assert "Request this service" in page.decode()


def test_a_registered_person_without_organisation_is_told_who_requests(client, base_user):
    client.force_login(base_user)
    page = client.get(_en("services:service-detail", slug="formazione")).content.decode()
    assert "requested by the referents" in page
    assert "Request this service" not in page


def test_the_global_search_finds_services(client):
    page = client.get(_en("portal:search"), {"q": "capitolati"}).content.decode()
    assert "Shared drafting of calls for tender and specifications" in page


def test_the_header_leads_to_the_services(client):
    page = client.get(_en("portal:home")).content.decode()
    assert f'href="{_en("services:service-list")}"' in page


def test_the_catalogue_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    credit_package()
    RoleFactory()
    # The services with their areas, in one query.
    with django_assert_num_queries(1):
        response = client.get(_en("services:service-list"))
    assert response.content.decode().count('class="card-title') == 18


def test_the_kept_request_card_shows_each_referent_their_own_organisation_alone(base_user):
    url = _en("services:service-detail", slug="reclutamento-personale")
    organisation, other = MembershipFactory().organisation, MembershipFactory().organisation
    first, second, registered = browsers(referent_of(organisation), referent_of(other), base_user)

    assert f"<strong>{organisation.name}</strong>" in first.get(url).content.decode()
    page = second.get(url).content.decode()
    assert f"<strong>{other.name}</strong>" in page
    assert organisation.name not in page
    page = registered.get(url).content.decode()
    assert organisation.name not in page
    assert "Request this service" not in page


def test_a_retired_service_is_listed_to_staff_after_a_member_saw_the_catalogue(staff):
    fiscal = service("consulenza-fiscale")
    fiscal.is_active = False
    fiscal.save()
    member, staff_browser = browsers(RoleFactory().user, staff)
    assert "Tax consulting" not in member.get(_en("services:service-list")).content.decode()
    assert "Tax consulting" in staff_browser.get(_en("services:service-list")).content.decode()
