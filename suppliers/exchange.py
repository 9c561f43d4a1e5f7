"""Suppliers in and out of spreadsheets: the CSV export of the public list, and the CSV/XLSX
import and export staff use for the first load of the catalogue.

Every imported row goes through the same form as the admin (identifiers checked and made
canonical) and through `create_supplier` / `update_supplier`, so an import cannot store what a
person could not type.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import StringAgg, Value
from openpyxl import Workbook, load_workbook

from members.models import Region
from portal.lib.exports import spreadsheet_safe
from suppliers.actions import IDENTIFIERS, SupplierError, create_supplier, update_supplier
from suppliers.models import Category, Supplier, SupplierKind

LIST_SEPARATOR = ";"

COLUMNS = [
    "slug",
    "name",
    "kind",
    "status",
    "categories",
    "regions",
    "is_nationwide",
    "vat_number",
    "fiscal_code",
    "eu_vat_number",
    "is_on_mepa",
    "is_in_runts",
    "website",
    "email",
    "phone",
    "address",
    "description",
    "tags",
    "is_verified",
    "review_count",
    "rating_average",
]
# Read back on import; the rating summary is the reviews', never a spreadsheet's.
IMPORTED_COLUMNS = COLUMNS[: COLUMNS.index("review_count")]
BOOLEANS = {"is_nationwide", "is_on_mepa", "is_in_runts", "is_verified"}
_TRUE = {"1", "true", "yes", "sì", "si", "x", "vero"}


def with_exported_lists(queryset):
    """The suppliers with their categories, regions and tags joined in one text each, so an
    export of any size costs one query."""
    return queryset.annotate(
        category_slugs=StringAgg(
            "categories__slug", Value(LIST_SEPARATOR), distinct=True, default=Value("")
        ),
        region_codes=StringAgg(
            "regions__istat_code", Value(LIST_SEPARATOR), distinct=True, default=Value("")
        ),
        tag_names=StringAgg("tags__name", Value(LIST_SEPARATOR), distinct=True, default=Value("")),
    )


def export_rows(queryset, columns=COLUMNS):
    """The header, then one row per supplier, in the given columns (all of `COLUMNS`)."""
    yield list(columns)
    for supplier in with_exported_lists(queryset).iterator(chunk_size=500):
        row = []
        for column in columns:
            if column == "categories":
                value = supplier.category_slugs
            elif column == "regions":
                value = supplier.region_codes
            elif column == "tags":
                value = supplier.tag_names
            else:
                value = getattr(supplier, column)
            if isinstance(value, bool):
                value = "1" if value else "0"
            row.append(spreadsheet_safe("" if value is None else str(value)))
        yield row


def write_csv(rows, output) -> None:
    writer = csv.writer(output)
    for row in rows:
        writer.writerow(row)


def write_xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("suppliers")
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read_rows(upload) -> list[dict]:
    """The rows of an uploaded CSV or XLSX file, as dicts keyed by the header's columns."""
    upload.seek(0)
    if upload.name.lower().endswith(".xlsx"):
        workbook = load_workbook(upload, read_only=True, data_only=True)
        values = [
            ["" if cell is None else str(cell) for cell in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    else:
        text = upload.read().decode("utf-8-sig")
        values = list(csv.reader(io.StringIO(text, newline="")))
    if not values:
        return []
    header = [name.strip().lower() for name in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def import_suppliers(*, rows: list[dict], by) -> ImportSummary:
    """Creates or updates one supplier per row; a refused row is reported with its line number
    and does not stop the others."""
    summary = ImportSummary()
    categories = {category.slug: category for category in Category.objects.all()}
    regions = {region.istat_code: region for region in Region.objects.all()}
    regions.update({region.name.lower(): region for region in regions.values()})
    for line, row in enumerate(rows, start=2):
        try:
            data = _row_data(row, categories, regions)
            existing = _existing(data)
            status = data.pop("status", None) or Supplier.Status.PUBLISHED
            data.pop("slug", None)
            if existing is None:
                create_supplier(by=by, data=data, status=status)
                summary.created += 1
            else:
                update_supplier(supplier=existing, data=data, by=by)
                summary.updated += 1
        except ValidationError as error:
            name = row.get("name") or row.get("slug") or ""
            summary.refused.append((line, f"{name}: {' '.join(error.messages)}"))
    return summary


def _split(value) -> list[str]:
    return [
        item.strip()
        for item in (value or "").replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR)
        if item.strip()
    ]


def _row_data(row, categories, regions) -> dict:
    data = {}
    for column in IMPORTED_COLUMNS:
        if column not in row:
            continue
        value = (row[column] or "").strip()
        if column in BOOLEANS:
            data[column] = value.lower() in _TRUE
        elif column == "categories":
            unknown = [slug for slug in _split(value) if slug not in categories]
            if unknown:
                raise SupplierError(f"unknown categories {', '.join(unknown)}")
            data[column] = [categories[slug] for slug in _split(value)]
        elif column == "regions":
            found = [regions.get(item.lower()) or regions.get(item) for item in _split(value)]
            if None in found:
                raise SupplierError(f"unknown regions in {value!r}")
            data[column] = found
        elif column == "tags":
            data[column] = _split(value)
        elif column == "kind":
            if value not in SupplierKind.values:
                raise SupplierError(f"unknown kind {value!r}")
            data[column] = value
        elif column == "status":
            if value and value not in Supplier.Status.values:
                raise SupplierError(f"unknown status {value!r}")
            data[column] = value
        else:
            data[column] = value
    for name, canonical in IDENTIFIERS.items():
        if name in data:
            try:
                data[name] = canonical(data[name]) or None
            except ValidationError as error:
                raise SupplierError(f"{name}: {' '.join(error.messages)}") from None
    return data


def _existing(data) -> Supplier | None:
    if data.get("slug"):
        found = Supplier.objects.filter(slug=data["slug"]).first()
        if found:
            return found
    for name in ("vat_number", "fiscal_code", "eu_vat_number"):
        if data.get(name):
            found = Supplier.objects.filter(**{name: data[name]}).first()
            if found:
                return found
    return None
