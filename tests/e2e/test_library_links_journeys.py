"""A library in a system, in the browser: the system's referent adds it, the library's referent
finds the request on the library's page and confirms it, and the system's page counts it."""

import pytest
from playwright.sync_api import expect

from members.models import LibraryLink, OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_system_asks_and_the_library_confirms(open_page, axe):
    system = MembershipFactory(organisation__name="Sistema Bibliotecario Vimercatese").organisation
    system_referent = RoleFactory(organisation=system, user__first_name="Marco").user
    library = OrganisationFactory(
        name="Biblioteca comunale Nanni Valentini",
        kind=OrganisationKind.LIBRARY,
        isil_code="IT-MI0847",
    )
    librarian = RoleFactory(organisation=library, user__first_name="Federica").user

    page = open_page(system_referent).page
    page.goto(system.get_absolute_url())
    page.get_by_role("link", name="Collega biblioteche").click()
    page.get_by_label("Codice ISIL della biblioteca").fill("IT-MI0847")
    page.get_by_role("button", name="Aggiungi la biblioteca").click()
    expect(
        page.get_by_text("In attesa della conferma della biblioteca", exact=True)
    ).to_be_visible()
    libraries_url = page.url
    assert axe(system_referent).violations(libraries_url) == []

    page = open_page(librarian, phone=True).page
    page.goto(library.get_absolute_url())
    requests = page.get_by_role("region", name="Sistemi che chiedono di contare questa biblioteca")
    expect(requests).to_contain_text("Sistema Bibliotecario Vimercatese")
    assert axe(librarian).violations(library.get_absolute_url()) == []
    requests.get_by_role("button", name="Conferma").click()

    expect(page.get_by_text("i referenti del sistema sono stati avvisati")).to_be_visible()
    systems = page.get_by_role("region", name="Sistemi bibliotecari di appartenenza")
    expect(systems.get_by_role("link", name="Sistema Bibliotecario Vimercatese")).to_be_visible()
    assert LibraryLink.objects.get().status == LibraryLink.Status.CONFIRMED
    page.goto(system.get_absolute_url())
    expect(page.get_by_text("1 biblioteca fa parte di questo sistema.")).to_be_visible()
