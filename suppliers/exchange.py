"""Suppliers in and out of spreadsheets: the CSV of the public list, in the words of its page,
and the CSV/XLSX files staff export and import from the admin, in values an import reads back.

Both take their columns from the model's lists of fields (`Supplier.PROFILE_FIELDS`,
`Supplier.STAFF_FIELDS`). Every imported row goes through the same checks as the admin
(identifiers checked and made canonical) and through `create_supplier` / `update_supplier`, so an
import cannot store what a person could not type.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import load_workbook

from members.models import Region
from portal.lib.exports import undo_spreadsheet_safe
from suppliers.actions import IDENTIFIERS, SupplierError, create_supplier, update_supplier
from suppliers.models import Category, Supplier, SupplierKind

LIST_SEPARATOR = ";"
EXPORT_CHUNK = 500


def _in_a_cell(names) -> list[str]:
    """The fields a spreadsheet cell can hold: all but files."""
    return [
        name for name in names if not isinstance(Supplier._meta.get_field(name), models.FileField)
    ]


# The admin's exchange file: the slug that finds a row's supplier again, every field people
# type, the status, and the rating summary, which an import never reads back.
IMPORTED_COLUMNS = [
    "slug",
    *_in_a_cell([*Supplier.PROFILE_FIELDS, *Supplier.STAFF_FIELDS]),
    "status",
]
COLUMNS = [*IMPORTED_COLUMNS, "review_count", "rating_average"]
BOOLEANS = {
    name
    for name in IMPORTED_COLUMNS
    if isinstance(Supplier._meta.get_field(name), models.BooleanField)
}
_TRUE = {"1", "true", "yes", "sì", "si", "x", "vero"}

# The public list's CSV: what a supplier's page shows, but the description (Markdown written for
# the page) and the logo.
PUBLIC_COLUMNS = [
    *(name for name in _in_a_cell(Supplier.PROFILE_FIELDS) if name != "description"),
    *Supplier.STAFF_FIELDS,
    "review_count",
    "rating_average",
]


def export_filename(extension: str) -> str:
    return f"fornitori-{timezone.localdate():%Y-%m-%d}.{extension}"


def _with_lists(queryset):
    """The suppliers with their categories, regions and tags, a chunk of rows at a time, so an
    export of any size holds one chunk in memory and costs four queries a chunk."""
    return queryset.prefetch_related(
        Prefetch("categories", queryset=Category.objects.select_related("parent")),
        "regions",
        "tags",
    ).iterator(chunk_size=EXPORT_CHUNK)


def export_rows(queryset):
    """The exchange file: the header, then one row per supplier in values an import reads back
    (slugs, ISTAT codes, 1 and 0)."""
    yield COLUMNS
    for supplier in _with_lists(queryset):
        yield [_exchange_value(supplier, column) for column in COLUMNS]


def _exchange_value(supplier, column) -> str:
    if column == "categories":
        items = [category.slug for category in supplier.categories.all()]
    elif column == "regions":
        items = [region.istat_code for region in supplier.regions.all()]
    elif column == "tags":
        items = [tag.name for tag in supplier.tags.all()]
    else:
        value = getattr(supplier, column)
        if isinstance(value, bool):
            return "1" if value else "0"
        return "" if value is None else str(value)
    return LIST_SEPARATOR.join(sorted(items))


def public_rows(queryset):
    """The public list: the header in the page's words, then one row per supplier as its page
    says it (names, labels, yes and no, the rating as the page rounds it), in the active
    language."""
    yield [capfirst(Supplier._meta.get_field(column).verbose_name) for column in PUBLIC_COLUMNS]
    for supplier in _with_lists(queryset):
        yield [_shown_value(supplier, column) for column in PUBLIC_COLUMNS]


def _shown_value(supplier, column) -> str:
    if column == "categories":
        items = [category.full_name() for category in supplier.categories.all()]
    elif column == "regions":
        items = [region.name for region in supplier.regions.all()]
    elif column == "tags":
        items = sorted(tag.name for tag in supplier.tags.all())
    elif column == "rating_average":
        return "" if supplier.rating_average is None else floatformat(supplier.rating_average, 1)
    elif Supplier._meta.get_field(column).choices:
        return getattr(supplier, f"get_{column}_display")()
    else:
        value = getattr(supplier, column)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return "" if value is None else str(value)
    return "; ".join(items)


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
        # A CSV cell has no type: the export quoted text that looks like a formula.
        values = [
            [undo_spreadsheet_safe(value) for value in row]
            for row in csv.reader(io.StringIO(text, newline=""))
        ]
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
            slug = data.pop("slug", "")
            if existing is None:
                create_supplier(by=by, data=data, status=status, slug=slug)
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
