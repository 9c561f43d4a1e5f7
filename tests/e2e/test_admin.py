"""Network staff run the portal from the Django admin, under the site's strict CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_staff_edits_a_person_in_the_admin_without_csp_violations(open_page, staff, base_user):
    browser_page = open_page(staff)
    page = browser_page.page
    page.goto("/admin/")
    page.get_by_role("link", name="Utenti").first.click()
    page.get_by_role("link", name=base_user.email).click()
    page.fill("[name=first_name]", "Lucia Maria")
    page.locator("[name=_save]").click()

    expect(page.locator(".messagelist")).to_contain_text("Lucia Maria")
    base_user.refresh_from_db()
    assert base_user.first_name == "Lucia Maria"
    page.goto("/admin/members/user/add/")
    assert browser_page.csp_violations == []
