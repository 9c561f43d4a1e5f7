"""The portal's front in the browser: a visitor searches from the header, opens an event among
the results, signs up, registers, finds the event in "La mia area" and cancels."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from tests.events.factories import make_event
from tests.portal.factories import NewsFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

EMAIL = "giulia.marchetti@bibliotecacivica.example"
PASSWORD = "Una-password-lunga-2026"


def test_a_visitor_finds_an_event_signs_up_registers_and_cancels_from_my_area(
    open_page, axe, mailoutbox
):
    event = make_event(title="Corso sul restauro dei libri antichi")
    NewsFactory(title="Aperte le iscrizioni al corso sul restauro", tags=["formazione"])
    browser_page = open_page()
    page = browser_page.page

    page.goto("/")
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_role("searchbox").fill("restauro libri")
    header_search.get_by_role("button", name="Cerca").click()
    expect(page.get_by_role("heading", name=re.compile("Eventi"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Notizie"))).to_be_visible()
    page.get_by_role("link", name="Corso sul restauro dei libri antichi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Corso sul restauro dei libri antichi"
    )

    # Registering takes a profile: the visitor signs up first.
    page.get_by_role("link", name="Registrati").first.click()
    page.fill("[name=email]", EMAIL)
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    page.locator("form:has([name=password2]) [type=submit]").first.click()
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form [type=submit]").first.click()
    expect(page.get_by_role("button", name="Esci").first).to_be_visible()

    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Iscriviti").click()
    expect(page.get_by_text("Sei iscritto: ti abbiamo inviato la conferma")).to_be_visible()
    assert mailoutbox[-1].to == [EMAIL]

    page.goto("/la-mia-area/")
    expect(page.get_by_role("heading", name="I tuoi prossimi eventi")).to_be_visible()
    page.get_by_role("link", name="Corso sul restauro dei libri antichi").click()
    page.get_by_role("button", name="Annulla la mia iscrizione").click()
    expect(page.get_by_text("La tua iscrizione è annullata")).to_be_visible()
    assert Registration.objects.get(person__email=EMAIL).status == "cancelled"

    page.goto("/la-mia-area/")
    expect(page.get_by_role("heading", name="I tuoi prossimi eventi")).to_have_count(0)
    assert browser_page.csp_violations == []
    person = Registration.objects.get(person__email=EMAIL).person
    failures = axe(person).violations("/la-mia-area/")
    failures += axe().violations("/cerca/?q=restauro+libri")
    assert failures == []
