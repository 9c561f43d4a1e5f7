"""A service request in the browser: a package member's referent reads the conditions and asks
for staff recruitment with an attachment; staff accept it in the admin; the referent sees the
credits taken on the request and on the package's ledger, and replies in the thread."""

import pytest
from playwright.sync_api import expect

from members.actions.memberships import credit_balance
from portal.lib.samples import pdf_bytes
from services.models import ServiceRequest
from tests.factories import RoleFactory, UserFactory
from tests.services.factories import credit_package

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_a_package_referent_requests_a_service_staff_accept_it_and_the_credits_are_taken(
    open_page, axe, mailoutbox
):
    package = credit_package(credits=12, organisation__name="Sistema Bibliotecario Salentino")
    referent = RoleFactory(organisation=package.organisation, user__first_name="Paolo").user
    staff = UserFactory(first_name="Giulia", is_staff=True, is_superuser=True)

    # The referent reads the service's conditions for the system, then requests it.
    referent_page = open_page(referent)
    page = referent_page.page
    page.goto("/servizi/")
    page.get_by_role("link", name="Reclutamento del personale").click()
    expect(
        page.get_by_text("Sistema Bibliotecario Salentino: 4 crediti del pacchetto")
    ).to_be_visible()
    page.get_by_role("link", name="Richiedi questo servizio").click()
    page.get_by_label("Oggetto").fill("Concorso per due istruttori bibliotecari")
    page.get_by_label("Descrizione").fill("Serve il **bando di concorso** e la commissione.")
    page.set_input_files(
        "[name=attachments]",
        files=[{"name": "delibera.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page.get_by_text("La richiesta è inviata")).to_be_visible()
    expect(page.get_by_role("link", name="delibera.pdf")).to_be_visible()
    request = ServiceRequest.objects.get()
    assert [message.to for message in mailoutbox] == [[staff.email]]

    # Staff accept it in the admin, from the queue of submitted requests.
    admin_page = open_page(staff).page
    admin_page.goto("/admin/services/servicerequest/?status__exact=submitted")
    admin_page.locator("input[name=_selected_action]").first.check()
    admin_page.select_option("select[name=action]", "accept")
    admin_page.locator("button[name=index]").click()
    admin_page.get_by_label("Nota per l'organizzazione (facoltativa)").fill(
        "Vi scriviamo per le date."
    )
    admin_page.get_by_role("button", name="Conferma").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("1")
    request.refresh_from_db()
    assert (request.status, request.credits_taken) == ("accepted", 4)
    assert credit_balance(package.organisation) == 8
    assert mailoutbox[-1].to == [referent.email]

    # The referent sees the credits taken, on the request and on the ledger, and replies.
    page.goto(request.get_absolute_url())
    expect(page.get_by_text("Accettata", exact=True).first).to_be_visible()
    expect(page.get_by_text("4 crediti del pacchetto — scalati")).to_be_visible()
    page.get_by_label("Messaggio", exact=True).fill("Va bene marzo per le prove?")
    page.get_by_role("button", name="Invia il messaggio").click()
    expect(page.get_by_text("Il messaggio è inviato.")).to_be_visible()
    expect(page.get_by_text("Va bene marzo per le prove?")).to_be_visible()
    assert mailoutbox[-1].to == [staff.email]
    page.goto(f"/organizzazioni/{package.organisation.slug}/adesioni/")
    expect(page.get_by_text("Saldo: 8 crediti disponibili")).to_be_visible()

    assert referent_page.csp_violations == []
    checker = axe(referent)
    failures = []
    for url in [
        "/servizi/",
        "/servizi/reclutamento-personale/",
        "/servizi/reclutamento-personale/richiedi/",
        "/servizi/richieste/",
        request.get_absolute_url(),
    ]:
        failures.extend(checker.violations(url))
    failures.extend(axe().violations("/servizi/reclutamento-personale/"))
    assert failures == []
