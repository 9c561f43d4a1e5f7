"""The supplier catalogue in the admin: the moderation queue, claims, import and export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Region
from suppliers.actions import SupplierError, flag_review, write_review
from suppliers.models import Category, Claim, Flag, Review, Supplier, SupplierKind
from tests.factories import UserFactory
from tests.pages import admin_form_data
from tests.suppliers.factories import CategoryFactory, ClaimFactory, SupplierFactory, review_data

pytestmark = pytest.mark.django_db

HEADER = "name,kind,categories,regions,is_nationwide,vat_number,fiscal_code,tags,is_verified\n"


def _flagged_review():
    supplier = SupplierFactory()
    review = write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=1))
    write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=5))
    flag_review(review=review, by=UserFactory(), reason="offensive")
    return review


def test_staff_hide_a_flagged_review_with_a_reason_and_its_author_is_told(
    client, staff, mailoutbox, committing
):
    review = _flagged_review()
    client.force_login(staff)
    url = reverse("admin:suppliers_reviewinmoderation_changelist")

    asked = client.post(url, {"action": "hide", "_selected_action": [review.pk]})
    assert asked.status_code == 200  # the page that asks for the reason
    with committing():
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


# The exchange file -----------------------------------------------------------------------------


def _export(client, file_format, suppliers) -> bytes:
    response = client.post(
        reverse("admin:suppliers_supplier_changelist"),
        {"action": f"export_{file_format}", "_selected_action": [s.pk for s in suppliers]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    return response.content


def _rows(content, file_format) -> list[list[str]]:
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [
            ["" if value is None else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _import(client, file_format, content):
    response = client.post(
        reverse("admin:suppliers_supplier_import"),
        {"file": SimpleUploadedFile(f"fornitori.{file_format}", content)},
    )
    assert response.context["summary"].refused == []
    return response.context["summary"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_imported_again_gives_back_exactly_what_was_exported(
    client, staff, file_format
):
    reading, groups = Category.objects.filter(slug__in=["promozione-lettura", "gruppi-lettura"])
    formula = SupplierFactory(
        name="=Cooperativa Formula",
        categories=[reading, groups],
        phone="+39 02 1234567",
        is_verified=True,
        email="info@formula.example",
        website="https://formula.example",
        regions=list(Region.objects.filter(istat_code__in=["03", "09"])),
        address="@ Via Roma 1, Milano",
        is_on_mepa=True,
        description="- laboratori per ragazzi\n- letture ad alta voce\n\n=SUM(A1:A3)",
        vat_number="01234560017",
    )
    formula.tags.add("letture", "ragazzi", "laboratori")
    quoted = SupplierFactory(
        name="'Associazione tra apostrofi",
        kind=SupplierKind.ASSOCIATION,
        status=Supplier.Status.HIDDEN,
        fiscal_code="RSSMRA80A01H501U",
        is_nationwide=True,
        is_in_runts=True,
        phone="-02 7654321",
        description="'=non una formula, ma un testo che comincia con un apostrofo",
    )
    client.force_login(staff)
    exported = _export(client, file_format, [formula, quoted])
    rows = _rows(exported, file_format)
    phone = rows[0].index("phone")
    # The file stays safe to open: CSV quotes what looks like a formula, XLSX keeps it text.
    if file_format == "csv":
        assert rows[1][phone] == "'-02 7654321"
    else:
        cell = load_workbook(io.BytesIO(exported)).worksheets[0].cell(row=2, column=phone + 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == ("-02 7654321", "s", True)

    # Into the catalogue it came from: nothing changes.
    assert _import(client, file_format, exported).updated == 2
    assert _rows(_export(client, file_format, [formula, quoted]), file_format) == rows
    formula.refresh_from_db()
    assert formula.phone == "+39 02 1234567"
    assert formula.description.startswith("- laboratori")

    # Into an empty catalogue: the same suppliers come back.
    Supplier.objects.all().delete()
    assert _import(client, file_format, exported).created == 2
    assert _rows(_export(client, file_format, Supplier.objects.all()), file_format) == rows
    back = Supplier.objects.get(slug=formula.slug)
    assert (back.name, back.phone, back.address) == (
        "=Cooperativa Formula",
        "+39 02 1234567",
        "@ Via Roma 1, Milano",
    )
    assert sorted(back.tags.names()) == ["laboratori", "letture", "ragazzi"]
    assert Supplier.objects.get(slug=quoted.slug).description.startswith("'=non una formula")


# Editing a supplier in the admin goes through the actions ------------------------------------


def test_a_supplier_added_in_the_admin_is_published_and_found_by_its_tags(staff_client):
    category = CategoryFactory()
    url = reverse("admin:suppliers_supplier_add")
    data = admin_form_data(
        staff_client,
        url,
        name="Cooperativa Il Segnalibro",
        slug="cooperativa-il-segnalibro",
        kind=SupplierKind.COOPERATIVE,
        categories=[str(category.pk)],
        tags="rilegatura",
    )

    response = staff_client.post(url, data, follow=True)

    assert response.status_code == 200
    supplier = Supplier.objects.get(slug="cooperativa-il-segnalibro")
    assert supplier.status == Supplier.Status.PUBLISHED
    assert list(Supplier.objects.search("rilegatura")) == [supplier]


def test_a_refusal_of_the_action_shows_on_the_admin_form_and_nothing_is_saved(
    staff_client, monkeypatch
):
    supplier = SupplierFactory(website="")
    url = reverse("admin:suppliers_supplier_change", args=[supplier.pk])
    data = admin_form_data(staff_client, url, website="https://nuovo.example")

    def refuse(*, supplier, data, by):
        Supplier.objects.filter(pk=supplier.pk).update(website=data["website"])
        raise SupplierError("Indirizzo rifiutato dalle regole.", code="test", field="website")

    monkeypatch.setattr("suppliers.admin.update_supplier", refuse)
    response = staff_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["website"] == ["Indirizzo rifiutato dalle regole."]
    assert 'value="https://nuovo.example"' in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.website == ""


def test_a_supplier_edited_in_the_admin_is_saved_and_searchable(staff_client):
    supplier = SupplierFactory()
    url = reverse("admin:suppliers_supplier_change", args=[supplier.pk])

    response = staff_client.post(
        url, admin_form_data(staff_client, url, tags="legatoria", is_verified="on"), follow=True
    )

    assert response.status_code == 200
    supplier.refresh_from_db()
    assert supplier.is_verified
    assert list(Supplier.objects.search("legatoria")) == [supplier]


def _found(client, text):
    response = client.get(reverse("suppliers:supplier-list"), {"q": text})
    return [supplier.name for supplier in response.context["object_list"]]


def test_renaming_a_category_in_the_admin_changes_what_the_search_finds(staff_client):
    category = CategoryFactory(name="Rilegatura", name_en="Bookbinding", slug="rilegatura")
    SupplierFactory(name="Ditta Uno", categories=[category], description="")
    assert _found(staff_client, "rilegatura") == ["Ditta Uno"]
    url = reverse("admin:suppliers_category_change", args=[category.pk])

    response = staff_client.post(
        url, admin_form_data(staff_client, url, name="Restauro", name_en="Restoration")
    )

    assert response.status_code == 302
    assert _found(staff_client, "restauro") == ["Ditta Uno"]
    assert _found(staff_client, "restoration") == ["Ditta Uno"]
    assert _found(staff_client, "rilegatura") == []


def test_renaming_an_area_in_the_admin_refreshes_the_search_of_its_specialities_suppliers(
    staff_client,
):
    area = CategoryFactory(name="Conservazione", name_en="Conservation", slug="conservazione")
    speciality = CategoryFactory(name="Restauro carta", slug="restauro-carta", parent=area)
    SupplierFactory(name="Laboratorio Due", categories=[speciality], description="")
    url = reverse("admin:suppliers_category_change", args=[area.pk])

    staff_client.post(url, admin_form_data(staff_client, url, name="Tutela dei fondi antichi"))

    assert _found(staff_client, "tutela") == ["Laboratorio Due"]
    assert _found(staff_client, "conservazione") == []
