"""The one way to export a table: CSV (whole or streamed) and XLSX, safe to open in a
spreadsheet, sent as private attachments."""

import csv
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from portal.lib.exports import (
    csv_response,
    spreadsheet_safe,
    streaming_csv_response,
    undo_spreadsheet_safe,
    xlsx_response,
)

ROWS = [
    ["name", "phone", "note"],
    ['=HYPERLINK("http://evil.example")', "+39 02 1234567", "città"],
    ["@SUM(A1)", "-2", 3],
]


def _attachment(response, filename):
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"


def _csv(content: str):
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:], newline="")))


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+39 02", "-2", "@a", "\tx", "'=x", "''-x", "'apostrofo", "a=b", "", "'"],
)
def test_the_quoting_of_formulas_is_undone_exactly(text):
    assert undo_spreadsheet_safe(spreadsheet_safe(text)) == text


def test_only_what_a_spreadsheet_would_run_is_quoted():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("'=1+1") == "''=1+1"
    assert spreadsheet_safe("Biblioteca civica") == "Biblioteca civica"
    assert spreadsheet_safe("'apostrofo") == "'apostrofo"
    assert spreadsheet_safe(-2) == -2


def test_a_csv_is_an_attachment_with_a_byte_order_mark_and_no_formula():
    response = csv_response("report.csv", ROWS)

    _attachment(response, "report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert _csv(response.content.decode()) == [
        ["name", "phone", "note"],
        ['\'=HYPERLINK("http://evil.example")', "'+39 02 1234567", "città"],
        ["'@SUM(A1)", "'-2", "3"],
    ]


def test_a_streamed_csv_is_the_same_file_made_in_the_language_of_its_request():
    with translation.override("en"):
        response = streaming_csv_response("list.csv", ([gettext_lazy("Yes")] for _ in range(2)))
    # The rows are read after the view has returned, in whatever language is active then.
    with translation.override("it"):
        content = b"".join(response.streaming_content).decode()

    _attachment(response, "list.csv")
    assert response.streaming
    assert _csv(content) == [["Yes"], ["Yes"]]
    assert _csv(b"".join(streaming_csv_response("a.csv", ROWS)).decode()) == _csv(
        csv_response("a.csv", ROWS).content.decode()
    )


def test_an_xlsx_file_keeps_text_as_text():
    response = xlsx_response(
        "suppliers.xlsx", [[gettext_lazy("Yes"), "#N/A"], *ROWS], sheet_title="s"
    )

    _attachment(response, "suppliers.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        ["Sì", "#N/A", None],
        ["name", "phone", "note"],
        ['=HYPERLINK("http://evil.example")', "+39 02 1234567", "città"],
        ["@SUM(A1)", "-2", 3],
    ]
    formula = sheet.cell(row=3, column=1)
    assert (formula.data_type, formula.quotePrefix) == ("s", True)
    assert sheet.cell(row=3, column=3).quotePrefix is False
