"""Libraries in no library system: the directory's filter, the admin's filters and the mapping
report's per-province rows, which link to the directory, all count them alike."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape

from members.models import LibraryLink, Membership, OrganisationKind, Province, Region
from tests.factories import MembershipFactory, OrganisationFactory

# Links the library has confirmed: the only ones that put it in a system.
CONFIRMED = {"status": LibraryLink.Status.CONFIRMED}

pytestmark = pytest.mark.django_db


def _place(region_code, province_code):
    return {
        "region": Region.objects.get(istat_code=region_code),
        "province": Province.objects.get(istat_code=province_code),
    }


LECCO = ("03", "097")
SIENA = ("09", "052")


def _library(name, place=LECCO, **kwargs):
    return OrganisationFactory(
        name=name, kind=OrganisationKind.LIBRARY, in_registry=True, **_place(*place), **kwargs
    )


@pytest.fixture
def libraries():
    """In Lecco, a system, one of its libraries and two libraries in no system (one of them a
    library that left its system); in Siena, one library in no system; and a museum, which is
    no library."""
    system = OrganisationFactory(name="Sistema Lecchese", **_place(*LECCO))
    _library("Biblioteca civica di Merate").systems.add(system, through_defaults=CONFIRMED)
    _library("Biblioteca del Politecnico, polo di Lecco")
    left = _library("Biblioteca comunale di Oggiono")
    left.systems.add(system, through_defaults=CONFIRMED)
    left.systems.remove(system)
    _library("Biblioteca dell'Accademia Chigiana", place=SIENA)
    OrganisationFactory(name="Museo di Lecco", kind=OrganisationKind.MUSEUM, **_place(*LECCO))
    return system


def _card_names(response):
    html = response.content.decode()
    return [
        unescape(name)
        for name in re.findall(r'<h3 class="card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    ]


def _admin_names(response):
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_directory_filters_the_libraries_in_no_system(client, libraries):
    response = client.get(reverse("members:organisation-list"), {"no_system": "on"})

    assert _card_names(response) == [
        "Biblioteca comunale di Oggiono",
        "Biblioteca del Politecnico, polo di Lecco",
        "Biblioteca dell'Accademia Chigiana",
    ]


def test_directory_filters_by_province_and_says_so(client, libraries):
    response = client.get(
        reverse("members:organisation-list"), {"province": "052", "no_system": "on"}
    )

    assert _card_names(response) == ["Biblioteca dell'Accademia Chigiana"]
    assert "Solo le organizzazioni della provincia di Siena." in response.content.decode()


def test_mapping_report_links_each_province_to_its_libraries_in_no_system(client, staff, libraries):
    client.force_login(staff)
    report = client.get(reverse("mapping:survey-report")).content.decode()

    links = {
        count: url.replace("&amp;", "&")
        for url, count in re.findall(r'<a href="([^"]+no_system=on)">(\d+)<span', report)
    }
    directory = reverse("members:organisation-list")
    assert links == {
        "2": f"{directory}?province=097&no_system=on",
        "1": f"{directory}?province=052&no_system=on",
    }
    listed = _card_names(client.get(links["2"]))
    assert listed == ["Biblioteca comunale di Oggiono", "Biblioteca del Politecnico, polo di Lecco"]


def test_province_with_every_library_in_a_system_links_nowhere(client, staff):
    system = OrganisationFactory(name="Sistema Senese", **_place(*SIENA))
    library = _library("Biblioteca comunale di Siena", place=SIENA)
    library.systems.add(system, through_defaults=CONFIRMED)
    client.force_login(staff)

    report = client.get(reverse("mapping:survey-report")).content.decode()

    assert "no_system=on" not in report
    assert escape("Siena") in report


def test_admin_lists_the_libraries_in_no_system(staff_client, libraries):
    url = reverse("admin:members_organisation_changelist")

    response = staff_client.get(url, {"no_system": "yes"})

    assert _admin_names(response) == [
        "Biblioteca comunale di Oggiono",
        "Biblioteca del Politecnico, polo di Lecco",
        "Biblioteca dell'Accademia Chigiana",
    ]


def test_admin_filters_organisations_by_their_membership_today(staff_client):
    MembershipFactory(organisation__name="Sistema ufficiale")
    MembershipFactory(organisation__name="Sistema con pacchetto", package=True)
    MembershipFactory(
        organisation__name="Sistema scaduto",
        status=Membership.Status.EXPIRED,
        starts_on="2020-01-01",
        ends_on="2020-12-31",
    )
    url = reverse("admin:members_organisation_changelist")

    assert _admin_names(staff_client.get(url, {"tier": "official"})) == ["Sistema ufficiale"]
    assert _admin_names(staff_client.get(url, {"tier": "package"})) == ["Sistema con pacchetto"]
    assert _admin_names(staff_client.get(url, {"tier": "none"})) == ["Sistema scaduto"]


def test_admin_filters_memberships_by_region(staff_client):
    lombardy, tuscany = _place(*LECCO)["region"], _place(*SIENA)["region"]
    MembershipFactory(organisation__name="Sistema Lecchese", organisation__region=lombardy)
    MembershipFactory(organisation__name="Rete Senese", organisation__region=tuscany)
    url = reverse("admin:members_membership_changelist")

    response = staff_client.get(url, {"organisation__region__id__exact": tuscany.pk})

    assert [row.organisation.name for row in response.context["cl"].result_list] == ["Rete Senese"]
