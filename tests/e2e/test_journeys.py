"""A newcomer's first visit, in the browser: sign up, verify, log in, switch language, log out."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def submit(page, field_name):
    """Submits the form that holds the named field, as a person clicking its button."""
    page.locator(f"form:has([name={field_name}]) [type=submit]").first.click()


def test_newcomer_signs_up_verifies_and_lands_logged_in(open_page, mailoutbox):
    browser_page = open_page()
    page = browser_page.page
    page.goto("/")
    page.get_by_role("link", name="Registrati").first.click()

    page.fill("[name=email]", "nuova.bibliotecaria@sbvaldelsa.example")
    page.fill("[name=password1]", "Una-password-lunga-2026")
    page.fill("[name=password2]", "Una-password-lunga-2026")
    submit(page, "password2")

    assert page.locator("h1").inner_text().strip() != ""
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nuova.bibliotecaria@sbvaldelsa.example"]
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", message.body).group(0)

    page.goto(link)
    page.locator("main form [type=submit]").first.click()

    expect(page.get_by_text("nuova.bibliotecaria@sbvaldelsa.example").first).to_be_visible()
    expect(page.get_by_role("button", name="Esci").first).to_be_visible()
    assert browser_page.csp_violations == []


def test_member_logs_in_switches_to_english_and_logs_out(open_page):
    UserFactory(
        email="marco.bellini@sbvimercatese.example", first_name="Marco", last_name="Bellini"
    )
    browser_page = open_page()
    page = browser_page.page
    page.goto("/")
    page.get_by_role("link", name="Accedi").first.click()
    page.fill("[name=login]", "marco.bellini@sbvimercatese.example")
    page.fill("[name=password]", PASSWORD)
    submit(page, "password")

    expect(page.get_by_role("link", name=re.compile("Marco Bellini")).first).to_be_visible()
    page.goto("/la-rete/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/the-network/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "The network"

    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    assert browser_page.csp_violations == []


def test_wrong_password_keeps_the_email_and_says_what_is_wrong(open_page):
    UserFactory(email="anna.russo@sbnapoli.example")
    page = open_page().page
    page.goto("/account/login/")
    page.fill("[name=login]", "anna.russo@sbnapoli.example")
    page.fill("[name=password]", "not-the-password")
    submit(page, "password")

    assert page.input_value("[name=login]") == "anna.russo@sbnapoli.example"
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
