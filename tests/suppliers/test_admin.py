"""The supplier catalogue in the admin: the moderation queue, claims, import and export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from suppliers.actions import flag_review, write_review
from suppliers.models import Claim, Flag, Review, Supplier
from tests.factories import UserFactory
from tests.suppliers.factories import ClaimFactory, SupplierFactory, review_data

pytestmark = pytest.mark.django_db

HEADER = "name,kind,categories,regions,is_nationwide,vat_number,fiscal_code,tags,is_verified\n"


def _flagged_review():
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=1))
    write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=5))
    flag_review(review=review, by=UserFactory(), reason="offensive")
    return review


def test_staff_hide_a_flagged_review_with_a_reason_and_its_author_is_told(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    review = _flagged_review()
    client.force_login(staff)
    url = reverse("admin:suppliers_reviewinmoderation_changelist")

    asked = client.post(url, {"action": "hide", "_selected_action": [review.pk]})
    assert asked.status_code == 200  # the page that asks for the reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"action": "hide", "_selected_action": [review.pk], "reason": "Linguaggio offensivo."},
        )

    review.refresh_from_db()
    assert review.status == Review.Status.HIDDEN
    assert review.moderation_reason == "Linguaggio offensivo."
    assert Flag.objects.get().status == Flag.Status.UPHELD
    assert Supplier.objects.get(pk=review.supplier_id).review_count == 1
    assert mailoutbox[-1].to == [review.author.email]
    assert "Linguaggio offensivo." in mailoutbox[-1].body
    # Out of the queue once decided.
    assert review.supplier.name not in client.get(url).content.decode()


def test_staff_restore_a_flagged_review_and_the_flags_are_dismissed(client, staff):
    review = _flagged_review()
    client.force_login(staff)

    client.post(
        reverse("admin:suppliers_reviewinmoderation_changelist"),
        {"action": "restore", "_selected_action": [review.pk], "reason": "Critica legittima."},
    )

    review.refresh_from_db()
    assert review.status == Review.Status.VISIBLE
    assert review.open_flag_count == 0
    assert Flag.objects.get().status == Flag.Status.DISMISSED


def test_staff_cannot_edit_or_delete_a_review_in_the_admin(client, staff):
    review = _flagged_review()
    client.force_login(staff)

    page = client.get(reverse("admin:suppliers_review_change", args=[review.pk]))
    client.post(reverse("admin:suppliers_review_delete", args=[review.pk]), {"post": "yes"})

    assert 'name="text"' not in page.content.decode()
    assert Review.objects.filter(pk=review.pk).exists()


def test_staff_approve_a_claim_from_the_admin(client, staff):
    claim = ClaimFactory(status=Claim.Status.PENDING)
    client.force_login(staff)

    client.post(
        reverse("admin:suppliers_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED


def test_staff_import_suppliers_from_csv_and_bad_rows_are_reported(client, staff):
    content = (
        HEADER + "Cooperativa Alfa,cooperative,promozione-lettura;gruppi-lettura,03;09,0,"
        "01234560017,,letture;ragazzi,1\n"
        + "Associazione Beta,association,formazione,Lombardia,0,,RSSMRA80A01H501U,,0\n"
        + "Ditta Gamma,company,arredi,,1,01234567890,,,0\n"
    )
    client.force_login(staff)

    response = client.post(
        reverse("admin:suppliers_supplier_import"),
        {"file": SimpleUploadedFile("fornitori.csv", content.encode())},
    )

    html = response.content.decode()
    alpha = Supplier.objects.get(name="Cooperativa Alfa")
    assert alpha.status == Supplier.Status.PUBLISHED
    assert alpha.is_verified
    assert sorted(alpha.categories.values_list("slug", flat=True)) == [
        "gruppi-lettura",
        "promozione-lettura",
    ]
    assert sorted(alpha.regions.values_list("istat_code", flat=True)) == ["03", "09"]
    assert sorted(alpha.tags.names()) == ["letture", "ragazzi"]
    assert "letture" in alpha.search_terms
    assert Supplier.objects.get(name="Associazione Beta").regions.get().istat_code == "03"
    assert not Supplier.objects.filter(name="Ditta Gamma").exists()
    assert "Ditta Gamma" in html


def test_importing_the_same_file_again_updates_instead_of_duplicating(client, staff):
    content = HEADER + "Cooperativa Alfa,cooperative,formazione,,1,01234560017,,,0\n"
    client.force_login(staff)
    url = reverse("admin:suppliers_supplier_import")

    client.post(url, {"file": SimpleUploadedFile("a.csv", content.encode())})
    client.post(
        url, {"file": SimpleUploadedFile("a.csv", content.replace("Alfa", "Alfa srl").encode())}
    )

    assert list(Supplier.objects.values_list("name", flat=True)) == ["Cooperativa Alfa srl"]


def test_a_file_that_is_not_csv_or_xlsx_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:suppliers_supplier_import"),
        {"file": SimpleUploadedFile("fornitori.xlsx", b"not a spreadsheet")},
    )

    assert "errornote" in response.content.decode()
    assert not Supplier.objects.exists()


def test_staff_export_suppliers_as_xlsx_and_import_it_back(client, staff):
    supplier = SupplierFactory(name="Cooperativa Delta", vat_number="01234560017")
    client.force_login(staff)

    response = client.post(
        reverse("admin:suppliers_supplier_changelist"),
        {"action": "export_xlsx", "_selected_action": [supplier.pk]},
    )

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("slug", "name")
    assert rows[1][1] == "Cooperativa Delta"
    supplier.delete()
    client.post(
        reverse("admin:suppliers_supplier_import"),
        {"file": SimpleUploadedFile("export.xlsx", response.content)},
    )
    assert Supplier.objects.get().vat_number == "01234560017"


def test_staff_publish_a_proposal_from_the_admin(client, staff):
    supplier = SupplierFactory(status=Supplier.Status.PROPOSED)
    client.force_login(staff)

    client.post(
        reverse("admin:suppliers_supplier_changelist"),
        {"action": "publish", "_selected_action": [supplier.pk]},
    )

    assert Supplier.objects.get(pk=supplier.pk).status == Supplier.Status.PUBLISHED


def test_the_admin_pages_of_the_catalogue_open(client, staff):
    review = _flagged_review()
    claim = ClaimFactory(supplier=review.supplier)
    client.force_login(staff)
    urls = [
        reverse("admin:suppliers_supplier_changelist"),
        reverse("admin:suppliers_supplier_add"),
        reverse("admin:suppliers_supplier_change", args=[review.supplier.pk]),
        reverse("admin:suppliers_category_changelist"),
        reverse("admin:suppliers_claim_change", args=[claim.pk]),
        reverse("admin:suppliers_review_changelist"),
        reverse("admin:suppliers_reviewinmoderation_change", args=[review.pk]),
        reverse("admin:suppliers_supplier_import"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
