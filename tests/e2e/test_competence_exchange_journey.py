"""The competence exchange, in the browser: a referent offers a colleague's competence, staff
approve the offer in the admin, the organisation's page counts it, and a member of another
system finds the colleague in the roster filtered by competence; a visitor meets the locked
page."""

import pytest
from playwright.sync_api import expect

from services.models import CompetenceOffer, Expert
from tests.factories import MembershipFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

PROFILE = "Coordina il trasporto interbibliotecario di novanta biblioteche."


def test_a_colleague_offered_by_a_referent_joins_the_roster_once_staff_approve(open_page, axe):
    author_system = MembershipFactory(organisation__name="Sistema Bibliotecario Lecchese")
    author = RoleFactory(organisation=author_system.organisation, user__first_name="Luca").user
    reader_system = MembershipFactory(organisation__name="Sistema Bibliotecario Salentino")
    reader = RoleFactory(organisation=reader_system.organisation, user__first_name="Anna").user
    staff = UserFactory(is_staff=True, is_superuser=True)
    organisation = author_system.organisation

    # The referent offers a colleague from the organisation's page.
    author_page = open_page(author)
    page = author_page.page
    page.goto(organisation.get_absolute_url())
    page.get_by_role("link", name="Offri la competenza di un collega").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offri la competenza di un collega")
    page.get_by_label("Nome del collega").fill("Elena Sala")
    page.get_by_label("E-mail del collega").fill("elena.sala@sblecco.example")
    page.get_by_text("Logistica", exact=True).click()
    expect(page.get_by_label("Logistica", exact=True)).to_be_checked()
    page.get_by_text("Lombardia", exact=True).click()
    page.get_by_label("Giornate all'anno").fill("8")
    page.get_by_label("Condizioni").fill("Solo da remoto fuori dalla Lombardia.")
    page.get_by_label("Breve profilo").fill(PROFILE)
    page.get_by_role("button", name="Invia l'offerta").click()
    expect(page.get_by_text("Grazie: l'offerta è inviata.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Elena Sala")
    expect(row).to_contain_text("In attesa di verifica")
    offer = CompetenceOffer.objects.get()
    assert not Expert.objects.exists()

    # Staff approve it in the admin.
    admin_page = open_page(staff).page
    admin_page.goto("/admin/services/competenceoffer/?status__exact=pending")
    admin_page.locator("input[name=_selected_action]").first.check()
    admin_page.select_option("select[name=action]", "approve")
    admin_page.locator("button[name=index]").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("1")
    offer.refresh_from_db()
    assert offer.status == CompetenceOffer.Status.APPROVED

    # The referent sees the decision; the organisation's page counts the offer for everyone.
    page.reload()
    expect(page.get_by_role("row").filter(has_text="Elena Sala")).to_contain_text("Approvata")
    visitor_page = open_page(phone=True)
    page = visitor_page.page
    page.goto(organisation.get_absolute_url())
    section = page.get_by_role("region", name="Scambio di competenze")
    expect(section).to_contain_text("Offre 1 esperto all'albo della Rete.")
    expect(section).to_contain_text("Logistica")
    expect(section).not_to_contain_text("Elena Sala")
    page.goto("/servizi/esperti/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contenuto riservato")

    # A member of another system finds her in the roster, filtered by competence.
    reader_page = open_page(reader)
    page = reader_page.page
    page.goto("/servizi/esperti/")
    page.get_by_label("Competenza").select_option(label="Logistica")
    page.get_by_role("button", name="Mostra gli esperti").click()
    card = page.get_by_role("article").filter(has_text="Elena Sala")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Offerto da Sistema Bibliotecario Lecchese")
    expect(card).to_contain_text(PROFILE)
    expect(page.get_by_text("1 esperto", exact=True)).to_be_visible()
    page.get_by_label("Competenza").select_option(label="Formazione")
    page.get_by_role("button", name="Mostra gli esperti").click()
    expect(page.get_by_text("Nessun esperto corrisponde", exact=True)).to_be_visible()

    assert author_page.csp_violations == []
    assert reader_page.csp_violations == []
    assert visitor_page.csp_violations == []
    failures = []
    author_checker = axe(author)
    for url in ["/servizi/scambio-competenze/offri/", "/servizi/scambio-competenze/"]:
        failures.extend(author_checker.violations(url))
    reader_checker = axe(reader)
    for url in ["/servizi/esperti/", "/servizi/esperti/?competence=logistica"]:
        failures.extend(reader_checker.violations(url))
    visitor_checker = axe()
    for url in [organisation.get_absolute_url(), "/servizi/esperti/"]:
        failures.extend(visitor_checker.violations(url))
    assert failures == []
