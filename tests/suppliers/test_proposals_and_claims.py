"""Proposing a supplier, claiming one, and editing its profile: identifiers, logo, permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from suppliers.actions import (
    SupplierError,
    approve_claim,
    claim_supplier,
    publish_supplier,
    reject_claim,
    update_supplier,
    write_review,
)
from suppliers.models import Category, Claim, Supplier
from tests.factories import UserFactory
from tests.suppliers.factories import ClaimFactory, SupplierFactory, review_data

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _proposal(**overrides):
    return {
        "name": "Cooperativa Il Melograno",
        "kind": "cooperative",
        "categories": [str(Category.objects.get(slug="promozione-lettura").pk)],
        "regions": [],
        "is_nationwide": "on",
        "description": "Letture ad alta voce e **laboratori**.",
        "tags": "letture, laboratori",
        **overrides,
    }


def _propose(client, **overrides):
    return client.post(reverse("suppliers:supplier-propose"), _proposal(**overrides))


def test_a_proposed_supplier_waits_for_staff_and_only_its_proposer_sees_it(
    client, base_user, staff, mailoutbox, committing
):
    client.force_login(base_user)

    with committing():
        response = _propose(client, vat_number="IT 01234560017")

    supplier = Supplier.objects.get()
    assert response["Location"] == supplier.get_absolute_url()
    assert supplier.status == Supplier.Status.PROPOSED
    assert supplier.vat_number == "01234560017"
    assert sorted(supplier.tags.names()) == ["laboratori", "letture"]
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert client.get(supplier.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(supplier.get_absolute_url()).status_code == 404
    client.logout()
    assert "Il Melograno" not in client.get(reverse("suppliers:supplier-list")).content.decode()


def test_publishing_a_proposal_tells_whoever_proposed_it(base_user, staff, mailoutbox, committing):
    supplier = SupplierFactory(status=Supplier.Status.PROPOSED, proposed_by=base_user)

    with committing():
        publish_supplier(supplier=supplier, by=staff)

    assert Supplier.objects.get(pk=supplier.pk).status == Supplier.Status.PUBLISHED
    assert [message.to for message in mailoutbox] == [[base_user.email]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vat_number", "01234567890"),  # wrong check digit
        ("vat_number", "1234"),
        ("fiscal_code", "RSSMRA80A01H501X"),  # wrong check character
        ("eu_vat_number", "FR00000000000"),
        ("eu_vat_number", "IT01234560017"),  # an Italian number goes in the partita IVA
    ],
)
def test_a_bad_identifier_is_refused_next_to_its_field(client, base_user, field, value):
    client.force_login(base_user)

    response = _propose(client, **{field: value})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in html
    assert f'value="{value}"' in html
    assert not Supplier.objects.exists()


def test_good_identifiers_are_stored_in_canonical_form(client, base_user):
    client.force_login(base_user)

    _propose(client, fiscal_code="rssmra80a01h501u", eu_vat_number="de 136 695 976")

    supplier = Supplier.objects.get()
    assert supplier.fiscal_code == "RSSMRA80A01H501U"
    assert supplier.eu_vat_number == "DE136695976"
    assert supplier.vat_number is None


def test_an_identifier_belongs_to_one_supplier_only(client, base_user):
    SupplierFactory(vat_number="01234560017")
    client.force_login(base_user)

    response = _propose(client, vat_number="01234560017")

    assert 'id="id_vat_number-error"' in response.content.decode()
    assert Supplier.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"<script>alert('x')</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.html", b"<html><script>alert(1)</script></html>"),
        ("logo.png", PNG + b"0" * (2 * 1024 * 1024)),
    ],
)
def test_a_script_or_an_oversized_image_is_refused_as_logo(client, base_user, name, content):
    client.force_login(base_user)

    response = client.post(
        reverse("suppliers:supplier-propose"),
        {**_proposal(), "logo": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert 'id="id_logo-error"' in response.content.decode()
    assert not Supplier.objects.exists()


def test_a_real_image_is_accepted_as_logo(client, base_user):
    client.force_login(base_user)

    client.post(
        reverse("suppliers:supplier-propose"),
        {**_proposal(), "logo": SimpleUploadedFile("logo.png", PNG)},
    )

    supplier = Supplier.objects.get()
    assert supplier.logo.name.startswith("suppliers/logos/")
    assert supplier.logo.name.endswith(".png")


def test_a_claim_reaches_the_staff_and_approval_opens_the_profile(
    client, base_user, staff, mailoutbox, committing
):
    supplier = SupplierFactory()
    client.force_login(base_user)

    with committing():
        client.post(
            reverse("suppliers:supplier-claim", args=[supplier.slug]),
            {"role": "Presidente", "message": "Chiamatemi allo 02 1234567."},
        )
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.PENDING
    assert mailoutbox[-1].to == [staff.email]
    edit_url = reverse("suppliers:supplier-edit", args=[supplier.slug])
    refused = client.get(edit_url)
    assert refused.status_code == 403
    assert _edit_refusal() in refused.content.decode()

    with committing():
        approve_claim(claim=claim, by=staff)

    assert mailoutbox[-1].to == [base_user.email]
    assert client.get(edit_url).status_code == 200
    client.post(edit_url, {**_proposal(name="Il Melograno cooperativa sociale"), "tags": "letture"})
    assert Supplier.objects.get(pk=supplier.pk).name == "Il Melograno cooperativa sociale"


def test_a_rejected_claim_tells_the_person_why(base_user, staff, mailoutbox, committing):
    claim = claim_supplier(supplier=SupplierFactory(), by=base_user, role="Socio")

    with committing():
        reject_claim(claim=claim, by=staff, reason="Non risulta tra i soci.")

    assert mailoutbox[-1].to == [base_user.email]
    assert "Non risulta tra i soci." in mailoutbox[-1].body


def test_a_person_who_reviewed_a_supplier_cannot_claim_it(base_user):
    supplier = SupplierFactory()
    write_review(supplier=supplier, author=base_user, data=review_data())

    with pytest.raises(SupplierError):
        claim_supplier(supplier=supplier, by=base_user, role="Titolare")


def test_a_representative_cannot_verify_the_supplier_but_staff_can(staff):
    claim = ClaimFactory()

    with pytest.raises(SupplierError):
        update_supplier(supplier=claim.supplier, data={"is_verified": True}, by=claim.user)
    update_supplier(supplier=claim.supplier, data={"is_verified": True}, by=staff)

    assert Supplier.objects.get(pk=claim.supplier.pk).is_verified


def _edit_refusal():
    return escape(
        gettext("Only the supplier's representatives and the network's staff edit its profile.")
    )


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("visitor", 302),
        ("base_user", 403),
        ("official_referent", 403),
        ("pending_claimant", 403),
        ("representative", 200),
        ("staff", 200),
    ],
)
def test_who_may_edit_a_supplier(client, request, person, expected):
    supplier = SupplierFactory()
    people = {
        "representative": lambda: ClaimFactory(supplier=supplier).user,
        "pending_claimant": lambda: ClaimFactory(supplier=supplier, status="pending").user,
    }
    if person in people:
        client.force_login(people[person]())
    elif person != "visitor":
        client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("suppliers:supplier-edit", args=[supplier.slug]))

    assert response.status_code == expected
    html = response.content.decode()
    if expected == 403:
        assert _edit_refusal() in html
        claim_url = reverse("suppliers:supplier-claim", args=[supplier.slug])
        assert f'href="{claim_url}"' in html
        assert escape(gettext("Claim this profile")) in html
    elif expected == 200:
        assert _edit_refusal() not in html
        assert 'name="name"' in html


def test_the_proposal_form_explains_itself(client, base_user):
    client.force_login(base_user)

    html = client.get(reverse("suppliers:supplier-propose")).content.decode()

    assert escape(gettext("Propose a supplier")) in html
    assert 'name="categories"' in html
    assert 'type="file"' in html


def test_a_representative_who_changes_verified_details_loses_the_badge(
    staff, committing, mailoutbox
):
    claim = ClaimFactory()
    supplier = claim.supplier
    supplier.is_verified = True
    supplier.save()

    update_supplier(supplier=supplier, data={"description": "Nuovi laboratori."}, by=claim.user)
    assert Supplier.objects.get(pk=supplier.pk).is_verified

    with committing():
        update_supplier(supplier=supplier, data={"website": "https://altro.example"}, by=claim.user)

    assert not Supplier.objects.get(pk=supplier.pk).is_verified
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert "website" in mailoutbox[0].body


@pytest.mark.parametrize("person", ["representative", "staff"])
def test_the_edit_page_shows_the_suppliers_tags(client, staff, person):
    supplier = SupplierFactory(tags=["letture ad alta voce", "teatro"])
    client.force_login(staff if person == "staff" else ClaimFactory(supplier=supplier).user)

    response = client.get(reverse("suppliers:supplier-edit", args=[supplier.slug]))

    assert response.status_code == 200
    assert 'value="&quot;letture ad alta voce&quot;, teatro"' in response.content.decode()
