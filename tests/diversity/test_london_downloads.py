"""Officers download the unsuppressed London-wide table as CSV and as an Excel workbook:
characteristic, heading, category, count, percentage (of all members, one decimal place)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from diversity.models import Category, Characteristic

pytestmark = pytest.mark.django_db

COLUMNS = ["characteristic", "heading", "category", "count", "percentage"]
WHITE_BRITISH = "English/Welsh/Scottish/Northern Irish/British"


@pytest.fixture
def officer_client(client, user_in_role):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    return client


def download(client, kind, year_start=2011):
    return client.get(reverse(f"diversity:london_{kind}", kwargs={"year_start": year_start}))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_is_an_attachment_named_for_the_year(officer_client, london_2011):
    response = download(officer_client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="london-diversity-2011-12.csv"'
    )


def test_the_csv_has_a_row_per_category_with_counts_and_percentages(officer_client, london_2011):
    rows = csv_rows(download(officer_client, "csv"))
    assert rows[0] == COLUMNS
    assert (
        len(rows)
        == 1 + Category.objects.filter(characteristic__classification__code="census-2011").count()
        == 1 + 56
    )
    assert rows[1:9] == [
        ["Age", "", "16 to 24", "1", "6.3"],
        ["Age", "", "25 to 34", "4", "25.0"],
        ["Age", "", "35 to 44", "3", "18.8"],
        ["Age", "", "45 to 54", "4", "25.0"],
        ["Age", "", "55 to 64", "1", "6.3"],
        ["Age", "", "65 and over", "2", "12.5"],
        ["Age", "", "Prefer not to say", "1", "6.3"],
        ["Age", "", "Not known", "0", "0.0"],
    ]
    assert ["Ethnicity", "White", WHITE_BRITISH, "6", "37.5"] in rows
    # Unsuppressed: a count of 1 is given as it is, and zero is shown.
    assert ["Ethnicity", "Asian/Asian British", "Bangladeshi", "1", "6.3"] in rows
    assert ["Ethnicity", "White", "Irish", "0", "0.0"] in rows
    assert ["Ethnicity", "Asian/Asian British", "Chinese", "0", "0.0"] in rows
    assert ["Sex", "", "Female", "9", "56.3"] in rows


def test_the_csv_for_a_year_without_returns_has_no_percentages(officer_client, london_2011):
    rows = csv_rows(download(officer_client, "csv", 2013))
    assert rows[1] == ["Age", "", "16 to 24", "0", ""]
    assert {row[4] for row in rows[1:]} == {""}


def test_the_workbook_is_an_attachment_named_for_the_year(officer_client, london_2011):
    response = download(officer_client, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="london-diversity-2011-12.xlsx"'
    )


def test_the_workbook_holds_the_same_table_with_numbers_as_numbers(officer_client, london_2011):
    workbook = load_workbook(io.BytesIO(download(officer_client, "xlsx").content))
    sheet = workbook.active
    assert sheet.title == "London 2011-12"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1 + 56
    assert rows[1] == ("Age", None, "16 to 24", 1, 6.3)
    assert ("Ethnicity", "White", WHITE_BRITISH, 6, 37.5) in rows
    assert ("Ethnicity", "White", "Irish", 0, 0) in rows
    assert sheet["E2"].number_format == "0.0"
    assert sheet["A1"].font.bold


def test_the_workbook_and_the_csv_agree(officer_client, london_2011):
    from_csv = csv_rows(download(officer_client, "csv"))[1:]
    sheet = load_workbook(io.BytesIO(download(officer_client, "xlsx").content)).active
    from_xlsx = [
        [
            characteristic,
            heading or "",
            category,
            str(count),
            "" if percentage is None else str(Decimal(str(percentage)).quantize(Decimal("0.1"))),
        ]
        for characteristic, heading, category, count, percentage in sheet.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert from_xlsx == from_csv


HYPERLINK = '=HYPERLINK("http://evil.example","Click")'


@pytest.fixture
def formula_names(london_2011, census_2011):
    """A question and an answer named, in the admin, like spreadsheet formulas."""
    age = Characteristic.objects.get(classification=census_2011, key="age")
    Characteristic.objects.filter(pk=age.pk).update(name=HYPERLINK)
    Category.objects.filter(pk=age.categories.order_by("position")[0].pk).update(
        name="+44 20 7230 1212"
    )


def test_text_that_starts_like_a_formula_gets_an_apostrophe_in_the_csv(
    officer_client, formula_names
):
    rows = csv_rows(download(officer_client, "csv"))
    assert rows[1] == [f"'{HYPERLINK}", "", "'+44 20 7230 1212", "1", "6.3"]


def test_text_that_starts_like_a_formula_stays_text_in_the_workbook(officer_client, formula_names):
    sheet = load_workbook(io.BytesIO(download(officer_client, "xlsx").content)).active
    # Stored as the text itself, marked "quote prefix" (Excel's own apostrophe), never as a
    # formula and never with an apostrophe that would show in the cell.
    assert [
        (cell.value, cell.data_type, cell.quotePrefix) for cell in (sheet["A2"], sheet["C2"])
    ] == [(HYPERLINK, "s", True), ("+44 20 7230 1212", "s", True)]
    assert (sheet["B2"].value, sheet["D2"].value, sheet["E2"].value) == (None, 1, 6.3)
