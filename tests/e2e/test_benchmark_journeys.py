"""Benchmarking in the browser: a referent opens the system's benchmark from its page, picks a
peer group, downloads the CSV; and anyone reads the map of the network."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mapping.actions import survey_year
from members.models import Region
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, SurveyFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def answered(organisation, loans):
    return SurveyFactory(
        organisation=organisation,
        year=survey_year(),
        figures_year=survey_year() - 1,
        population_served=100_000,
        libraries_count=10,
        loans=loans,
        active_users=10_000,
        opening_hours_per_week=Decimal("250.0"),
        staff_fte=Decimal("15.0"),
        acquisitions_spending=Decimal("90000.00"),
    )


def test_referent_compares_the_system_with_peers_and_downloads_the_csv(open_page, axe):
    system = MembershipFactory(organisation__name="Sistema Bibliotecario Vimercatese").organisation
    referent = RoleFactory(organisation=system, user__first_name="Marco").user
    answered(system, 250_000)
    for number in range(1, 7):
        answered(OrganisationFactory(name=f"Sistema Lombardo {number}"), number * 100_000)

    browser = open_page(referent)
    page = browser.page
    page.goto(system.get_absolute_url())
    page.get_by_role("link", name="Confronto con gli altri sistemi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confronto di Sistema")
    page.get_by_label("Sistemi con lo stesso modello di governo").check(force=True)
    page.get_by_role("button", name="Confronta").click()
    expect(page.get_by_role("status")).to_contain_text("Convenzione tra comuni")
    table = page.get_by_role("table", name=re.compile("Indicatori"))
    loans = table.get_by_role("row", name=re.compile("Prestiti per abitante"))
    expect(loans).to_contain_text("3,50")
    expect(loans).to_contain_text("5 su 7")

    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica il CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][3] == "Sistema Bibliotecario Vimercatese"
    assert rows[1][:1] == ["Prestiti per abitante"]
    assert rows[1][7] == "3.5"
    assert browser.csp_violations == []
    assert axe(referent).violations(page.url) == []


def test_visitor_reads_the_map_and_goes_to_a_region(open_page, axe):
    lombardy = Region.objects.get(istat_code="03")
    OrganisationFactory(name="Biblioteca di Brera", kind="library", in_registry=True)

    browser = open_page()
    page = browser.page
    page.goto("/")
    page.get_by_role("link", name="Mappa della Rete").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mappa della Rete")
    table = page.get_by_role("table", name="I dati della mappa, regione per regione")
    expect(table.get_by_role("row", name=re.compile("^Lombardia"))).to_contain_text("0,0%")
    page.locator(f'a:has(path[data-region="{lombardy.istat_code}"])').click()
    expect(page).to_have_url(re.compile(r"region=03"))
    expect(page.get_by_text("Biblioteca di Brera")).to_be_visible()
    assert browser.csp_violations == []
    assert axe().violations("/mappatura/mappa/") == []
