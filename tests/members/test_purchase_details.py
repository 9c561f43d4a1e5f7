"""What a public body records when it buys a package: the CIG, the determina and the IPA code of
the office that receives its invoices. The referent gives them when applying, staff complete them
in the admin, and only the organisation's referents and staff read them."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from members.actions.memberships import apply_for_membership
from members.forms import MembershipApplicationForm
from members.models import Membership
from members.validators import validate_cig, validate_ipa_office_code
from tests.factories import MembershipFactory
from tests.pages import admin_form_data

pytestmark = pytest.mark.django_db

PACKAGE = {"tier": "package", "credits": "25", "note": ""}


def _organisation_of(person):
    return person.roles.get().organisation


def test_the_form_and_the_action_read_one_list_of_purchase_fields():
    assert set(Membership.PURCHASE_FIELDS) <= set(MembershipApplicationForm.base_fields)


def test_referent_gives_the_purchase_details_when_applying_for_a_package(client, other_referent):
    organisation = _organisation_of(other_referent)
    client.force_login(other_referent)

    response = client.post(
        reverse("members:membership-apply", args=[organisation.slug]),
        {
            **PACKAGE,
            "cig": " z1a2b3c4d5 ",
            "determina_number": "123/2026",
            "determina_date": "2026-03-04",
            "ipa_code": "ufx7qz",
        },
        follow=True,
    )

    membership = organisation.memberships.get()
    assert (
        membership.cig,
        membership.determina_number,
        membership.determina_date,
        membership.ipa_code,
    ) == ("Z1A2B3C4D5", "123/2026", datetime.date(2026, 3, 4), "UFX7QZ")
    html = response.content.decode()
    assert "CIG: Z1A2B3C4D5" in html
    assert "Determina n. 123/2026 del 4 marzo 2026" in html
    assert "di fatturazione: UFX7QZ" in html


@pytest.mark.parametrize(
    ("field", "typed", "validator"),
    [
        ("cig", "Z1A2B3C4D", validate_cig),
        ("cig", "Z1A2B3C4D5E", validate_cig),
        ("cig", "Z1A2-3C4D5", validate_cig),
        ("ipa_code", "UFX7Q", validate_ipa_office_code),
        ("ipa_code", "UF X7QZ", validate_ipa_office_code),
    ],
)
def test_a_badly_shaped_code_is_refused_next_to_its_field_and_kept(
    client, other_referent, field, typed, validator
):
    organisation = _organisation_of(other_referent)
    client.force_login(other_referent)

    response = client.post(
        reverse("members:membership-apply", args=[organisation.slug]),
        {**PACKAGE, "determina_number": "7/2026", field: typed},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in html
    assert escape(str(validator.message)) in html
    assert f'value="{escape(typed)}"' in html
    assert 'value="7/2026"' in html
    assert not organisation.memberships.exists()


def test_the_message_names_what_a_cig_looks_like(client, other_referent):
    organisation = _organisation_of(other_referent)
    client.force_login(other_referent)

    response = client.post(
        reverse("members:membership-apply", args=[organisation.slug]), {**PACKAGE, "cig": "123"}
    )

    assert "10 lettere e cifre" in response.content.decode()


@pytest.mark.parametrize(
    ("details", "code", "field"),
    [
        ({"cig": "Z1A2B3"}, "invalid_cig", "cig"),
        ({"ipa_code": "UFX7QZZ"}, "invalid_ipa_code", "ipa_code"),
    ],
)
def test_the_action_refuses_a_badly_shaped_code_whoever_calls_it(
    other_referent, refused, details, code, field
):
    organisation = _organisation_of(other_referent)

    with refused(code, field=field):
        apply_for_membership(
            organisation=organisation, tier="package", credits=10, by=other_referent, **details
        )

    assert not organisation.memberships.exists()


def test_purchase_details_are_for_packages(other_referent, refused):
    organisation = _organisation_of(other_referent)

    with refused("purchase_not_for_official", field="cig"):
        apply_for_membership(
            organisation=organisation,
            tier="official",
            pledged_hours_per_month=8,
            cig="Z1A2B3C4D5",
            by=other_referent,
        )


def test_the_database_refuses_a_code_not_in_capitals(other_referent):
    organisation = _organisation_of(other_referent)

    for details in [{"cig": "z1a2b3c4d5"}, {"ipa_code": "ufx7qz"}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipFactory(organisation=organisation, **details)


# Who reads them


def test_the_referents_read_the_purchase_details_on_their_memberships_page(
    client, package_referent
):
    membership = _organisation_of(package_referent).memberships.get()
    client.force_login(package_referent)

    response = client.get(reverse("members:membership-list", args=[membership.organisation.slug]))

    html = response.content.decode()
    assert f"CIG: {membership.cig}" in html
    assert f"Determina n. {membership.determina_number}" in html
    assert membership.ipa_code in html


def test_another_organisations_people_never_read_the_purchase_details(
    client, package_referent, other_referent
):
    membership = _organisation_of(package_referent).memberships.get()
    organisation = membership.organisation

    client.force_login(other_referent)
    refused_page = client.get(reverse("members:membership-list", args=[organisation.slug]))
    profile = client.get(organisation.get_absolute_url())
    client.logout()
    public_profile = client.get(organisation.get_absolute_url())

    assert refused_page.status_code == 403
    for response in [refused_page, profile, public_profile]:
        html = response.content.decode()
        assert membership.cig not in html
        assert membership.ipa_code not in html


# The admin


def test_staff_complete_the_purchase_details_in_the_admin(staff_client):
    membership = MembershipFactory(package=True, cig="", ipa_code="", determina_number="")
    url = reverse("admin:members_membership_change", args=[membership.pk])

    response = staff_client.post(
        url,
        admin_form_data(
            staff_client, url, cig="z9y8x7w6v5", ipa_code="abc123", determina_number="45/2026"
        ),
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.cig, membership.ipa_code, membership.determina_number) == (
        "Z9Y8X7W6V5",
        "ABC123",
        "45/2026",
    )


def test_the_admin_refuses_a_badly_shaped_cig_next_to_the_field(staff_client):
    membership = MembershipFactory(package=True)
    before = membership.cig
    url = reverse("admin:members_membership_change", args=[membership.pk])

    response = staff_client.post(url, admin_form_data(staff_client, url, cig="Z1-2"))

    assert response.status_code == 200
    assert str(validate_cig.message) in " ".join(response.context["adminform"].form.errors["cig"])
    membership.refresh_from_db()
    assert membership.cig == before
