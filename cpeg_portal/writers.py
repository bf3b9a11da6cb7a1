"""A table as CSV or as an Excel workbook: the one writer of the portal's downloads (a round's
applications and awards, the London-wide diversity tables and the published diversity figures).

Money is written as a number with two decimal places, from the ``Decimal``'s own digits
(never through a float), so every penny survives; in the workbook it is shown as £1,234.56.
Percentages are written to one decimal place the same way.

Text typed by groups and officers (or the names the funding manager gives census questions
and answers) can start with a character a spreadsheet takes as the
start of a formula (``=``, ``+``, ``-``, ``@``, or a tab or carriage return that hides one).
In the CSV such a cell gets an apostrophe in front, which spreadsheet programs read as "this
is text". In the workbook every text cell is stored as text, never as a formula, and such a
cell is marked "quote prefix", Excel's own way of saying the same.
"""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cpeg_portal.tables import Cell, Kind, Table, headings

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

NUMBER_FORMATS = {
    Kind.MONEY: "£#,##0.00",
    Kind.PERCENT: '0.0"%"',
    Kind.ONE_DECIMAL_PLACE: "0.0",
    Kind.DATE: "yyyy-mm-dd",
}
CSV_FORMATS = {Kind.MONEY: "{:.2f}", Kind.PERCENT: "{:.1f}", Kind.ONE_DECIMAL_PLACE: "{:.1f}"}


def looks_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text a spreadsheet will not run: a formula-like start gets an apostrophe in front."""
    return f"'{text}" if looks_like_a_formula(text) else text


def csv_value(value: Cell, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return CSV_FORMATS[kind].format(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def to_csv(table: Table) -> str:
    """The table as CSV text: a heading row, then one row per record."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headings(table))
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return output.getvalue()


def exact_number(cell: Any, value: Decimal) -> None:
    """Store the amount's own digits in the cell, as a number.

    openpyxl writes numbers through ``"%.16g"``, which turns 9625.13 into 9625.129999999999.
    Given the digits as text and told the cell is a number, it writes them as they are, and
    Excel reads exactly what it would if someone typed the amount.
    """
    cell.value = format(value, "f")
    cell.data_type = "n"


def to_xlsx(table: Table) -> bytes:
    """The table as an Excel workbook of one worksheet, with bold headings frozen at the top."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = table.sheet_title
    sheet.append(headings(table))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(table.rows, start=2):
        for column_number, (value, column) in enumerate(
            zip(row, table.columns, strict=True), start=1
        ):
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, str):
                # openpyxl would store text starting with "=" as a formula: keep it text.
                cell.data_type = "s"
                if looks_like_a_formula(value):
                    cell.quotePrefix = True
            elif value is not None and column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
                if isinstance(value, Decimal):
                    exact_number(cell, value)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def attachment(content: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A download: the file's content, named for the browser to save."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
