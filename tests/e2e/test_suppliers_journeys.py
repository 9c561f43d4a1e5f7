"""A librarian finds a supplier by search and filter, reviews it and sees the review counted."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Region
from suppliers.actions import refresh_search_terms
from suppliers.models import Supplier
from tests.factories import UserFactory
from tests.suppliers.factories import CategoryFactory, SupplierFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def catalogue():
    reading = CategoryFactory(name="Promozione della lettura", slug="promozione-lettura")
    furniture = CategoryFactory(name="Arredi e allestimenti", slug="arredi")
    lombardy = Region.objects.get(istat_code="03")
    wanted = SupplierFactory(
        name="Cooperativa Il Melograno",
        categories=[reading],
        regions=[lombardy],
        description="Letture ad alta voce e laboratori per bambini nelle biblioteche.",
    )
    SupplierFactory(
        name="Melograno Arredi",
        categories=[furniture],
        regions=[lombardy],
        description="Scaffali e arredi per biblioteche.",
    )
    SupplierFactory(name="Storie in Cammino", categories=[reading], description="Letture.")
    for supplier in Supplier.objects.all():
        refresh_search_terms(supplier=supplier)
    return wanted


def test_librarian_finds_a_supplier_reviews_it_and_sees_it_counted(open_page, axe, catalogue):
    person = UserFactory(first_name="Lucia", last_name="Conti")
    browser_page = open_page(person)
    page = browser_page.page

    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Fornitori").first.click()
    page.fill("main [name=q]", "melograno")
    page.select_option("[name=category]", "promozione-lettura")
    page.get_by_role("button", name="Mostra i fornitori").click()

    cards = page.locator("h3.card-title")
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_text("Cooperativa Il Melograno")
    assert "q=melograno" in page.url
    assert "category=promozione-lettura" in page.url
    cards.first.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cooperativa Il Melograno")
    expect(page.get_by_text("Nessuno ha ancora recensito questo fornitore.")).to_be_visible()
    page.get_by_role("link", name="Scrivi una recensione").click()

    page.select_option("[name=rating]", "5")
    page.select_option("[name=quality]", "5")
    page.select_option("[name=value]", "4")
    page.select_option("[name=reliability]", "5")
    page.select_option("[name=communication]", "4")
    page.fill("[name=text]", "Troppo breve.")
    page.locator("main form [type=submit]").click()
    expect(page.locator("#id_text-error")).to_be_visible()
    assert page.input_value("[name=text]") == "Troppo breve."

    page.fill(
        "[name=text]",
        "Laboratori di lettura curati e puntuali: i bambini sono tornati in biblioteca "
        "con le famiglie anche nelle settimane dopo.",
    )
    page.fill("[name=cig]", "8123456abc")
    page.locator("main form [type=submit]").click()

    expect(page.locator("#review-count")).to_have_text(re.compile(r"^\s*1 recensione\s*$"))
    expect(page.get_by_text("Contratto citato: CIG 8123456ABC")).to_be_visible()
    expect(page.get_by_role("link", name="Modifica la tua recensione")).to_be_visible()

    page.goto("/fornitori/?order=best")
    expect(page.locator("h3.card-title").first).to_have_text("Cooperativa Il Melograno")
    expect(page.get_by_text("5,0").first).to_be_visible()
    assert browser_page.csp_violations == []
    checker = axe(person)
    assert checker.violations(catalogue.get_absolute_url()) == []
    assert checker.violations("/fornitori/?q=melograno") == []
