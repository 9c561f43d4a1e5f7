"""The life of a good practice, in the browser: a referent drafts it, attaches a file and submits
it; staff publish it in the admin; a referent of another system finds it and adopts it."""

import re

import pytest
from playwright.sync_api import expect

from portal.lib.samples import pdf_bytes
from practices.models import Practice
from tests.factories import MembershipFactory, RoleFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

TITLE = "Biblioteche in piazza al mercato del sabato"


def test_practice_goes_from_draft_to_adoption(open_page, axe, mailoutbox):
    author_system = MembershipFactory(organisation__name="Sistema Bibliotecario Vimercatese")
    author = RoleFactory(organisation=author_system.organisation, user__first_name="Marco").user
    adopter = RoleFactory(organisation__name="Sistema Bibliotecario Salentino").user
    staff = UserFactory(is_staff=True, is_superuser=True, first_name="Giulia")

    # The referent drafts the practice.
    browser_page = open_page(author)
    page = browser_page.page
    page.goto("/buone-pratiche/")
    page.get_by_role("link", name="Condividi una pratica").click()
    page.fill("[name=title]", TITLE)
    page.fill("[name=summary]", "Un banco della biblioteca al mercato settimanale.")
    page.fill("[name=body]", "Ogni sabato **prestiti e iscrizioni** tra le bancarelle.")
    page.get_by_label("Anziani").check(force=True)
    page.fill("[name=tags]", "mercato, prestito")
    page.get_by_role("button", name="Salva la bozza").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Bozza").first).to_be_visible()

    # ... attaches a file ...
    page.get_by_role("link", name="Aggiungi o rimuovi allegati").click()
    page.set_input_files(
        "[name=file]",
        files=[{"name": "scheda.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.fill("[name=caption]", "Scheda del banco al mercato")
    page.get_by_role("button", name="Allega", exact=True).click()
    expect(page.get_by_text("Il file è allegato.")).to_be_visible()
    page.get_by_role("link", name="Torna alla pratica").click()

    # ... and submits it, confirming the consent for the people in the pictures.
    page.locator("[name=consent]").check(force=True)
    page.get_by_role("button", name="Invia per la revisione").click()
    expect(page.get_by_text("La pratica è stata inviata")).to_be_visible()
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == Practice.Status.SUBMITTED
    assert [message.to for message in mailoutbox] == [[staff.email]]

    # Staff publish it in the admin.
    admin_page = open_page(staff).page
    admin_page.goto("/admin/practices/practice/?status__exact=submitted")
    admin_page.locator("input[name=_selected_action]").first.check()
    admin_page.select_option("select[name=action]", "publish")
    admin_page.locator("button[name=index]").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("1")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert mailoutbox[-1].to == [author.email]

    # A referent of another system finds it by searching and records the adoption.
    other = open_page(adopter)
    page = other.page
    page.goto("/buone-pratiche/")
    page.fill("[name=q]", "mercato sabato")
    page.get_by_role("button", name="Mostra le pratiche").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Scheda del banco al mercato")).to_be_visible()
    page.fill("[name=note]", "Nei mercati di Lecce e Galatina.")
    page.get_by_role("button", name="Registra l\u2019adozione").click()
    expect(
        page.get_by_role("heading", name=re.compile("Adottata da 1 organizzazione"))
    ).to_be_visible()
    expect(page.get_by_text("Nei mercati di Lecce e Galatina.")).to_be_visible()

    assert browser_page.csp_violations == []
    assert other.csp_violations == []
    checker = axe(adopter)
    failures = []
    for url in ["/buone-pratiche/", practice.get_absolute_url(), "/buone-pratiche/?q=mercato"]:
        failures.extend(checker.violations(url))
    author_checker = axe(author)
    for url in ["/buone-pratiche/nuova/", "/buone-pratiche/le-mie/"]:
        failures.extend(author_checker.violations(url))
    assert failures == []
