"""Imports libraries from the open data of the Anagrafe delle biblioteche italiane (ICCU).

The registry's territorial CSV (UTF-8, `;`-separated, decimal-comma coordinates) becomes
Organisation rows of kind library, keyed by ISIL code. `import_registry()` is the one entry
point, used by the `import_registry` command, the benchmark, the demo data and the admin upload.
It is safe to run again on the same file (nothing changes), never deletes a library, and never
overwrites a field a referent edited on the portal.
"""

import csv
import html
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import batched
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, OrganisationKind, Province, italian_isil

BATCH_SIZE = 1000
ANALYZE_AFTER = 1000

# A slice of the real registry (all the libraries of five provinces) for the demo data.
DEMO_REGISTRY = Path(__file__).resolve().parent / "data" / "registry-demo.csv"

# The registry's column names, as in its header.
ISIL = "codice-isil"
NAME = "denominazione"
ADDRESS = "indirizzo"
HAMLET = "frazione"
POSTAL_CODE = "cap"
MUNICIPALITY = "comune"
MUNICIPALITY_CODE = "codice istat comune"
PROVINCE_CODE = "codice istat provincia"
LATITUDE = "latitudine"
LONGITUDE = "longitudine"
PHONE = "telefono"
EMAIL = "email"
URL = "url"

REQUIRED_COLUMNS = (
    ISIL,
    NAME,
    ADDRESS,
    HAMLET,
    POSTAL_CODE,
    MUNICIPALITY,
    MUNICIPALITY_CODE,
    PROVINCE_CODE,
    LATITUDE,
    LONGITUDE,
    PHONE,
    EMAIL,
    URL,
)

# The model's CheckConstraint holds ISIL codes to this shape; python-stdnum only checks the
# generic ISIL shape, which lets through codes such as "IT-XX12".

# A box around Italy, islands included. Many rows say "0,0" where the coordinates are unknown,
# and a few point at other continents; a map would put those libraries in the sea.
LATITUDE_RANGE = (Decimal(35), Decimal("47.5"))
LONGITUDE_RANGE = (Decimal(6), Decimal(19))
SIX_PLACES = Decimal("0.000001")

# Province and region move together (the region is the province's), and so do the two
# coordinates: a referent who corrected one of a pair keeps the pair.
LINKED_FIELDS = {
    "province": {"province", "region"},
    "region": {"province", "region"},
    "latitude": {"latitude", "longitude"},
    "longitude": {"latitude", "longitude"},
}

# Why a row was not imported, and what was left out of a row that was.
REFUSALS = {
    "columns": _("The row does not have the columns of the header"),
    "isil-missing": _("No ISIL code"),
    "isil-invalid": _("ISIL code not of the Italian form IT-XX0000"),
    "isil-repeated": _("ISIL code already on an earlier row of the file"),
    "name-missing": _("No name"),
    "name-too-long": _("Name too long"),
    "province-unknown": _("Unknown province code"),
}
WARNINGS = {
    "email-invalid": _("E-mail address not valid, left empty"),
    "email-several": _("Several e-mail addresses, only the first kept"),
    "url-invalid": _("Website address not valid, left empty"),
    "coordinates-invalid": _("Coordinates unreadable or outside Italy, left empty"),
    "too-long": _("A value longer than its field allows, left empty"),
}


class RegistryFormatError(ValueError):
    """The file is not a registry CSV: its header lacks columns the import needs."""


class Group(NamedTuple):
    """Rows that share one reason for a refusal or a warning, for display."""

    code: str
    message: str
    count: int
    first_rows: list[int]


@dataclass
class ImportSummary:
    """What an import did. Row numbers count the header as row 1, as a spreadsheet does."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged_missing: int = 0
    back_in_registry: int = 0
    refused: dict[str, list[int]] = field(default_factory=dict)
    warnings: dict[str, list[int]] = field(default_factory=dict)

    @property
    def refused_count(self) -> int:
        return sum(len(rows) for rows in self.refused.values())

    @property
    def warning_count(self) -> int:
        return sum(len(rows) for rows in self.warnings.values())

    def refusal_groups(self, first: int = 10) -> list[Group]:
        return _groups(self.refused, REFUSALS, first)

    def warning_groups(self, first: int = 10) -> list[Group]:
        return _groups(self.warnings, WARNINGS, first)

    def refuse(self, code: str, row: int) -> None:
        self.refused.setdefault(code, []).append(row)

    def warn(self, code: str, row: int) -> None:
        rows = self.warnings.setdefault(code, [])
        if not rows or rows[-1] != row:
            rows.append(row)


def _groups(rows_by_code: dict[str, list[int]], messages: dict, first: int) -> list[Group]:
    return [
        Group(code, str(messages[code]), len(rows), rows[:first])
        for code, rows in sorted(rows_by_code.items(), key=lambda item: -len(item[1]))
    ]


def missing_columns(header: Iterable[str]) -> list[str]:
    """The columns the import needs that `header` lacks (a UTF-8 BOM is ignored)."""
    present = {name.strip().removeprefix("\ufeff") for name in header}
    return [name for name in REQUIRED_COLUMNS if name not in present]


def import_registry(
    file: Iterable[str],
    *,
    complete: bool = True,
    progress: Callable[[int, int], object] | None = None,
) -> ImportSummary:
    """Create or update the registry's libraries from `file`, a registry CSV as text.

    `complete` says the file is the whole registry: registry libraries it does not list are
    then flagged as missing from the registry (never deleted). Pass False for a slice.
    `progress`, if given, is called with (rows done, rows in the file) after each batch.
    Raises RegistryFormatError when the header lacks a needed column.
    """
    summary = ImportSummary()
    # ISTAT code -> (province id, region id)
    provinces = {
        code: (pk, region)
        for code, pk, region in Province.objects.values_list("istat_code", "pk", "region_id")
    }
    rows, listed = _read(file, provinces, summary)
    done = summary.refused_count
    with _import_lock():
        for batch in batched(rows, BATCH_SIZE):
            _import_batch(batch, summary)
            done += len(batch)
            if progress:
                progress(done, summary.rows)
        # An empty file is far likelier a broken upload than a registry without libraries.
        if complete and listed:
            _flag_missing(listed, summary)
        if summary.created + summary.updated >= ANALYZE_AFTER:
            # Fresh statistics let the planner use the name indexes straight away, instead of
            # scanning until autovacuum gets round to the table.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Organisation._meta.db_table}")
    if progress and not rows:
        progress(summary.rows, summary.rows)
    return summary


# Reading -----------------------------------------------------------------------------------


class _Row(NamedTuple):
    number: int
    isil: str
    values: dict  # Organisation attribute name -> value


class _Refused(Exception):
    def __init__(self, code: str):
        self.code = code


_validate_email = EmailValidator()
_validate_url = URLValidator()
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_EMAIL_SEPARATORS = re.compile(r"[;,\s/]+")
_TEXT_LIMITS = {
    name: Organisation._meta.get_field(name).max_length
    for name in ["address", "postal_code", "municipality", "municipality_istat_code", "phone"]
}
_NAME_LIMIT = Organisation._meta.get_field("name").max_length


def _read(file, provinces, summary) -> tuple[list[_Row], set[str]]:
    """The rows to import, and every valid ISIL code the file lists (refused rows too)."""
    reader = csv.reader(file, delimiter=";")
    header = next(reader, [])
    if missing := missing_columns(header):
        raise RegistryFormatError(
            f"The file is not a registry CSV: it has no column {', '.join(missing)}."
        )
    index = {name.strip().removeprefix("\ufeff"): i for i, name in enumerate(header)}
    rows, listed = [], set()
    for number, values in enumerate(reader, start=2):
        if not values:
            continue
        summary.rows += 1
        try:
            if len(values) != len(header):
                raise _Refused("columns")
            record = {name: values[i] for name, i in index.items()}
            code = _isil(record[ISIL])
            if code in listed:
                raise _Refused("isil-repeated")
            listed.add(code)
            rows.append(_Row(number, code, _values(record, number, provinces, summary)))
        except _Refused as refusal:
            summary.refuse(refusal.code, number)
    return rows, listed


def _isil(value: str) -> str:
    try:
        code = italian_isil(value)
    except ValueError:
        raise _Refused("isil-invalid") from None
    if code is None:
        raise _Refused("isil-missing")
    return code


def _text(value: str) -> str:
    # Joins the lines and runs of spaces that free-text cells carry.
    return " ".join(value.split())


def _values(record, number, provinces, summary) -> dict:
    name = _text(record[NAME])
    if not name:
        raise _Refused("name-missing")
    if len(name) > _NAME_LIMIT:
        raise _Refused("name-too-long")
    province = provinces.get(record[PROVINCE_CODE].strip().zfill(3))
    if province is None:
        raise _Refused("province-unknown")

    address = ", ".join(part for part in (_text(record[ADDRESS]), _text(record[HAMLET])) if part)
    values = {
        "name": name,
        "address": address,
        "postal_code": _text(record[POSTAL_CODE]),
        "municipality": _text(record[MUNICIPALITY]),
        "municipality_istat_code": _text(record[MUNICIPALITY_CODE]),
        "phone": _text(record[PHONE]),
    }
    for attribute, limit in _TEXT_LIMITS.items():
        if len(values[attribute]) > limit:
            values[attribute] = ""
            summary.warn("too-long", number)
    values["province_id"], values["region_id"] = province
    values["email"] = _email(record[EMAIL], number, summary)
    values["website"] = _website(record[URL], number, summary)
    values["latitude"], values["longitude"] = _coordinates(
        record[LATITUDE], record[LONGITUDE], number, summary
    )
    return values


def _is_valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _email(value: str, number: int, summary: ImportSummary) -> str:
    """The address, or the first of several; empty when none is valid."""
    value = value.strip().removeprefix("mailto:")
    if not value:
        return ""
    parts = [p.strip(".:()<>\"'") for p in _EMAIL_SEPARATORS.split(value)]
    parts = [p for p in parts if p]
    valid = next((p for p in parts if _is_valid(_validate_email, p)), None)
    if valid is None:
        summary.warn("email-invalid", number)
        return ""
    if sum("@" in part for part in parts) > 1:
        summary.warn("email-several", number)
    return valid


def _website(value: str, number: int, summary: ImportSummary) -> str:
    """The URL, with http:// when the registry left the scheme out; empty when not valid."""
    # Some URLs were copied from web pages with their HTML entities ("&amp;").
    value = html.unescape(value.strip())
    if not value:
        return ""
    if not _SCHEME.match(value):
        value = "http://" + value.lstrip("/")
    if len(value) > Organisation._meta.get_field("website").max_length or not _is_valid(
        _validate_url, value
    ):
        summary.warn("url-invalid", number)
        return ""
    return value


def _coordinates(latitude: str, longitude: str, number: int, summary: ImportSummary):
    latitude, longitude = latitude.strip(), longitude.strip()
    if not latitude and not longitude:
        return None, None
    try:
        point = (
            Decimal(latitude.replace(",", ".")).quantize(SIX_PLACES),
            Decimal(longitude.replace(",", ".")).quantize(SIX_PLACES),
        )
    except InvalidOperation:
        point = None
    if (
        point is None
        or not LATITUDE_RANGE[0] <= point[0] <= LATITUDE_RANGE[1]
        or not LONGITUDE_RANGE[0] <= point[1] <= LONGITUDE_RANGE[1]
    ):
        summary.warn("coordinates-invalid", number)
        return None, None
    return point


# Writing -----------------------------------------------------------------------------------

# Organisation attribute name -> field name, for bulk_update.
_FIELD_NAMES = {
    Organisation._meta.get_field(name).attname: name for name in Organisation.REGISTRY_FIELDS
}
# Every import process takes this PostgreSQL advisory lock ("REGISTRY" in ASCII).
_LOCK_KEY = 0x5245_4749_5354_5259


def _lock(function: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [_LOCK_KEY])


@contextmanager
def _import_lock() -> Iterator[None]:
    """Runs one import at a time: a second, parallel one waits, then finds nothing to do."""
    if connection.in_atomic_block:
        # Released when the caller's transaction ends, even one that failed.
        _lock("pg_advisory_xact_lock")
        yield
        return
    _lock("pg_advisory_lock")
    try:
        yield
    finally:
        _lock("pg_advisory_unlock")


@transaction.atomic
def _import_batch(batch: tuple[_Row, ...], summary: ImportSummary) -> None:
    now = timezone.now()
    # Locked so that a referent's edit saved meanwhile is neither lost nor overwritten.
    existing = {
        organisation.isil_code: organisation
        for organisation in Organisation.objects.select_for_update()
        .filter(isil_code__in=[row.isil for row in batch])
        .order_by("pk")
    }
    new, changed, changed_fields = [], [], set()
    for row in batch:
        organisation = existing.get(row.isil)
        if organisation is None:
            new.append(_new_organisation(row))
            continue
        fields = _apply(organisation, row.values, summary)
        if fields:
            organisation.updated_at = now
            changed.append(organisation)
            changed_fields |= fields
        else:
            summary.unchanged += 1
    _make_slugs_unique(new)
    Organisation.objects.bulk_create(new)
    if changed:
        Organisation.objects.bulk_update(changed, [*sorted(changed_fields), "updated_at"])
    summary.created += len(new)
    summary.updated += len(changed)


def _new_organisation(row: _Row) -> Organisation:
    slug = f"{slugify(row.values['name'])[:90].strip('-')}-{row.isil.lower()}".lstrip("-")
    return Organisation(
        **row.values,
        isil_code=row.isil,
        slug=slug,
        kind=OrganisationKind.LIBRARY,
        status=Organisation.Status.APPROVED,
        in_registry=True,
    )


def _apply(organisation: Organisation, values: dict, summary: ImportSummary) -> set[str]:
    """Set the registry's values on `organisation`; returns the names of the fields changed."""
    kept = set()
    for name in organisation.edited_fields or []:
        kept |= LINKED_FIELDS.get(name, {name})
    changed = set()
    for attribute, value in values.items():
        name = _FIELD_NAMES[attribute]
        if name not in kept and getattr(organisation, attribute) != value:
            setattr(organisation, attribute, value)
            changed.add(name)
    if not organisation.in_registry:
        organisation.in_registry = True
        changed.add("in_registry")
    if organisation.missing_from_registry:
        organisation.missing_from_registry = False
        changed.add("missing_from_registry")
        summary.back_in_registry += 1
    return changed


def _make_slugs_unique(new: list[Organisation]) -> None:
    # A slug ends with the ISIL code, so it only clashes with an organisation renamed by hand
    # to the same slug, or one whose ISIL code staff changed after an import.
    taken = set(
        Organisation.objects.filter(slug__in=[o.slug for o in new]).values_list("slug", flat=True)
    )
    for organisation in new:
        if organisation.slug in taken:
            base, suffix = organisation.slug, 2
            while (
                f"{base}-{suffix}" in taken
                or Organisation.objects.filter(slug=f"{base}-{suffix}").exists()
            ):
                suffix += 1
            organisation.slug = f"{base}-{suffix}"
            taken.add(organisation.slug)


def _flag_missing(listed: set[str], summary: ImportSummary) -> None:
    in_registry = Organisation.objects.filter(in_registry=True, missing_from_registry=False)
    missing = [pk for pk, code in in_registry.values_list("pk", "isil_code") if code not in listed]
    now = timezone.now()
    for chunk in batched(missing, BATCH_SIZE):
        Organisation.objects.filter(pk__in=chunk).update(missing_from_registry=True, updated_at=now)
    summary.flagged_missing = len(missing)
