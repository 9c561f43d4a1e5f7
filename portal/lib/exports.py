"""Tables people download, written in one place: CSV, streamed or not, and XLSX.

A CSV is UTF-8 with a byte-order mark (so that Excel reads the accents) and no cell a
spreadsheet would run as a formula; an XLSX file holds text as text. Every export is an
attachment, with `nosniff`, that no shared cache keeps: exports follow who asks.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from portal.lib.downloads import safe_filename

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = "[" + re.escape("".join(_FORMULA_STARTS)) + "]"
# What `spreadsheet_safe` quotes: a formula start, after any apostrophes. Quoting a text that
# already starts with apostrophes before one keeps the quoting reversible.
_QUOTED = re.compile("'*" + _FORMULA_START)
_UNQUOTED = re.compile("'+" + _FORMULA_START)


def spreadsheet_safe(value):
    """The value, with text that a spreadsheet would evaluate turned back into text by an
    apostrophe in front, the way one types such a text in a spreadsheet."""
    if isinstance(value, str) and _QUOTED.match(value):
        return "'" + value
    return value


def undo_spreadsheet_safe(text: str) -> str:
    """The text `spreadsheet_safe` was given: the one apostrophe it added comes off."""
    if _UNQUOTED.match(text):
        return text[1:]
    return text


class _Line:
    """A file whose `write()` hands back what it is given, so that a csv.writer returns lines."""

    def write(self, text):
        return text


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The byte-order mark, then one CSV line per row, formulas neutralised."""
    yield "\ufeff"
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def _in_language_of_now(lines: Iterator[str]) -> Iterator[str]:
    """The lines, each made in the language active now: a streamed response is sent after the
    view has returned, and its rows may hold translated words."""
    language = translation.get_language()

    def made_in_language():
        for_each = iter(lines)
        while True:
            with translation.override(language):
                line = next(for_each, None)
            if line is None:
                return
            yield line

    return made_in_language()


def _as_attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment of `rows` (the first one is the header); `filename` must be ASCII."""
    return _as_attachment(
        HttpResponse("".join(csv_lines(rows)), content_type=CSV_CONTENT_TYPE), filename
    )


def streaming_csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """The same CSV, sent as the rows come, so an export of any length holds one chunk of them
    in memory; `rows` may be a generator that reads the database."""
    response = StreamingHttpResponse(
        _in_language_of_now(csv_lines(rows)), content_type=CSV_CONTENT_TYPE
    )
    return _as_attachment(response, filename)


def xlsx_content(rows: Iterable[Iterable], *, sheet_title: str) -> bytes:
    """An XLSX workbook of one sheet holding `rows`, written row by row (openpyxl's write-only
    mode). Text is stored as text, never as a formula: text that looks like one gets the
    spreadsheet's own quote prefix, so it shows as typed and stays text when edited."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    # openpyxl reads "=…" as a formula and "#N/A" as an error: text stays text.
    cell.data_type = "s"
    if value.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def xlsx_response(filename: str, rows: Iterable[Iterable], *, sheet_title: str) -> HttpResponse:
    """An XLSX attachment of `rows` (the first one is the header); `filename` must be ASCII."""
    content = xlsx_content(rows, sheet_title=sheet_title)
    return _as_attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)
