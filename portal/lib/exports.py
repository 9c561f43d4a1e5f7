"""CSV downloads that open cleanly in a spreadsheet: UTF-8 with a byte-order mark (so that
Excel reads the accents) and no cell a spreadsheet would run as a formula."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

from portal.lib.downloads import safe_filename

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value, with text that a spreadsheet would evaluate turned back into text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment of `rows` (the first one is the header); `filename` must be ASCII."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Exports follow who asks: no shared cache may keep a copy for the next person.
    response["Cache-Control"] = "private"
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response
