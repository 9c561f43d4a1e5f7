"""The mapping survey in the browser: a referent fills half of it, comes back another day,
finishes it, and finds the system counted in the report."""

import re

import pytest
from playwright.sync_api import expect

from mapping.actions import survey_year
from mapping.models import Survey
from tests.factories import MembershipFactory, RoleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def tick(scope, label):
    """Ticks a radio button or a checkbox as a person does: Bootstrap Italia draws it on its
    label, so the label is what takes the click."""
    scope.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()


def test_referent_fills_half_the_survey_comes_back_and_finishes_it(open_page, axe):
    system = MembershipFactory(organisation__name="Sistema Bibliotecario Vimercatese").organisation
    referent = RoleFactory(organisation=system, user__first_name="Marco").user

    first_visit = open_page(referent)
    page = first_visit.page
    page.goto(system.get_absolute_url())
    page.get_by_role("link", name="Questionario di mappatura").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questionario di mappatura")
    tick(page, "Consorzio")
    page.get_by_label("Numero di biblioteche").fill("29")
    tick(page.get_by_role("group", name=re.compile("supporto della Rete")), "Bandi e finanziamenti")
    page.get_by_label("Di che cosa ha più bisogno il sistema?").fill(
        "Ripensare gli spazi delle biblioteche più piccole."
    )
    page.get_by_role("button", name="Salva e completa dopo").click()
    expect(page.get_by_text("Le tue risposte sono salvate.")).to_be_visible()
    first_visit.close()

    second_visit = open_page(referent)
    page = second_visit.page
    page.goto(system.get_absolute_url())
    page.get_by_role("link", name="Questionario di mappatura").click()
    expect(page.get_by_text("Non ancora inviato")).to_be_visible()
    expect(page.get_by_label("Numero di biblioteche")).to_have_value("29")
    expect(page.get_by_label("Consorzio")).to_be_checked()

    page.get_by_role("button", name="Invia il questionario").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.get_by_label("Numero di biblioteche")).to_have_value("29")
    tick(page, "Mista")
    page.get_by_label("Numero di comuni").fill("29")
    page.get_by_label("Popolazione servita").fill("185000")
    page.get_by_label("Personale in equivalenti a tempo pieno").fill("58,5")
    page.get_by_role("button", name="Invia il questionario").click()
    expect(page.get_by_text(f"il questionario {survey_year()} è inviato")).to_be_visible()
    survey = Survey.objects.get(organisation=system)
    assert survey.is_submitted
    assert str(survey.staff_fte) == "58.5"

    page.goto("/mappatura/")
    expect(page.get_by_role("status")).to_have_text(
        f"1 sistema ha risposto al questionario {survey_year()}."
    )
    governance = page.get_by_role("table", name="Sistemi per modello di governo")
    expect(governance.get_by_role("row", name=re.compile("Consorzio"))).to_contain_text("100")
    expect(page.get_by_text("Ripensare gli spazi delle biblioteche più piccole.")).to_be_visible()
    assert second_visit.csp_violations == []
    checker = axe(referent)
    for url in ("/mappatura/", f"/organizzazioni/{system.slug}/mappatura/"):
        assert checker.violations(url) == []
