"""Officers download a round's applications and awards as CSV and as an Excel workbook: one
row per submitted application or award, money to the penny, text never run as a formula."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from grants.models import Application
from grants.models.money import administration_share
from tests.grants.exports_builders import build_round_2011

pytestmark = pytest.mark.django_db

APPLICATION_HEADINGS = [
    "Borough",
    "GSS code",
    "Reference",
    "Status",
    "Requested",
    "Administration share (%)",
    "Recommended",
    "Recommendation conditions",
    "Submitted",
    "Decision",
    "Award amount",
]
AWARD_HEADINGS = [
    "Reference",
    "Borough",
    "Amount",
    "Interim",
    "Awarded on",
    "Conditions",
    "Q1 instalment",
    "Q2 instalment",
    "Q3 instalment",
    "Q4 instalment",
]
CONDITIONS = "Quarterly report on youth outreach"


@pytest.fixture
def round_2011():
    return build_round_2011()


@pytest.fixture
def officer_client(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    return client


def download(client, table: str, fmt: str, year: int = 2011):
    return client.get(reverse(f"grants:export_{table}", kwargs={"year": year, "fmt": fmt}))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_urls_are_where_the_brief_puts_them():
    assert reverse("grants:export_applications", kwargs={"year": 2011, "fmt": "csv"}) == (
        "/funding/rounds/2011/exports/applications.csv"
    )
    assert reverse("grants:export_awards", kwargs={"year": 2011, "fmt": "xlsx"}) == (
        "/funding/rounds/2011/exports/awards.xlsx"
    )


@pytest.mark.parametrize(
    ("table", "fmt", "content_type"),
    [
        ("applications", "csv", "text/csv; charset=utf-8"),
        ("awards", "csv", "text/csv; charset=utf-8"),
        (
            "applications",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("awards", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_each_download_is_an_attachment_named_for_the_table_and_round(
    officer_client, round_2011, table, fmt, content_type
):
    response = download(officer_client, table, fmt)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (f'attachment; filename="cpeg-{table}-2011-12.{fmt}"')


@pytest.mark.parametrize("table", ["applications", "awards"])
@pytest.mark.parametrize("fmt", ["json", "pdf", "CSV", "csv.exe"])
def test_an_unknown_format_is_not_found(officer_client, round_2011, table, fmt):
    assert download(officer_client, table, fmt).status_code == 404


def test_a_round_that_does_not_exist_is_not_found(officer_client, round_2011):
    assert download(officer_client, "applications", "csv", year=2009).status_code == 404


def test_the_applications_csv_has_a_row_per_submitted_application(officer_client, round_2011):
    assert csv_rows(download(officer_client, "applications", "csv")) == [
        APPLICATION_HEADINGS,
        [
            "Barnet",
            "E09000003",
            "CPEG-2011-BARNET",
            "Funded",
            "40000.00",
            "30.0",
            "38500.50",
            CONDITIONS,
            # Submitted at 23:30 UTC on 10 June: 00:30 on 11 June in London.
            "2011-06-11",
            "Fund with conditions",
            "38500.50",
        ],
        [
            "Brent",
            "E09000005",
            "CPEG-2011-BRENT",
            "Submitted",
            "40000.00",
            "30.0",
            "",
            "",
            "2011-06-15",
            "",
            "",
        ],
        # Deferred in July, then not funded in September: the latest decision is given.
        [
            "Camden",
            "E09000007",
            "CPEG-2011-CAMDEN",
            "Not funded",
            "40000.00",
            "30.0",
            "20000.00",
            "",
            "2011-06-16",
            "Do not fund",
            "",
        ],
    ]


def test_a_draft_nobody_submitted_is_not_exported(officer_client, round_2011):
    assert Application.objects.filter(cpeg__borough__slug="bexley").exists()
    rows = csv_rows(download(officer_client, "applications", "csv"))
    assert "Bexley" not in [row[0] for row in rows]


def test_the_administration_share_is_of_the_request_to_one_decimal_place(
    officer_client, round_2011
):
    Application.objects.filter(cpeg__borough__slug="brent").update(
        requested_amount=Decimal("36000.00")
    )
    rows = csv_rows(download(officer_client, "applications", "csv"))
    # £12,000.00 of administration in a request of £36,000.00: 33.33… %.
    assert rows[2][4:6] == ["36000.00", "33.3"]


def test_the_awards_csv_has_a_row_per_award_with_its_instalments(officer_client, round_2011):
    assert csv_rows(download(officer_client, "awards", "csv")) == [
        AWARD_HEADINGS,
        [
            "CPEG-2011-BARNET-A",
            "Barnet",
            "38500.50",
            "No",
            "2011-07-20",
            CONDITIONS,
            "9625.13",
            "9625.13",
            "9625.12",
            "9625.12",
        ],
        # Interim, paid in two quarters: nothing in the other two (the service writes all four).
        [
            "CPEG-2011-CROYDON-A",
            "Croydon",
            "5000.00",
            "Yes",
            "2011-08-01",
            "",
            "2500.00",
            "2500.00",
            "0.00",
            "0.00",
        ],
    ]


def test_a_round_with_nothing_in_it_gives_the_headings_alone(officer_client, round_2011):
    from tests.grants.factories import make_round

    make_round(year_start=2012)
    assert csv_rows(download(officer_client, "applications", "csv", 2012)) == [APPLICATION_HEADINGS]
    assert csv_rows(download(officer_client, "awards", "csv", 2012)) == [AWARD_HEADINGS]


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example","Click")', "+44 20 7230 1212", "-1+2", "@SUM(A1)"],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe_in_the_csv(
    officer_client, round_2011, dangerous
):
    Application.objects.filter(cpeg__borough__slug="barnet").update(
        recommendation_conditions=dangerous
    )
    rows = csv_rows(download(officer_client, "applications", "csv"))
    assert rows[1][7] == f"'{dangerous}"


def test_a_formula_in_award_conditions_is_neutralised_too(officer_client, round_2011):
    from grants.models import Award

    Award.objects.filter(reference="CPEG-2011-BARNET-A").update(conditions="=1+1")
    rows = csv_rows(download(officer_client, "awards", "csv"))
    assert rows[1][5] == "'=1+1"


def test_the_applications_workbook_holds_the_same_rows_with_typed_cells(officer_client, round_2011):
    sheet = sheet_of(download(officer_client, "applications", "xlsx"))
    assert sheet.title == "Applications 2011-12"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == APPLICATION_HEADINGS
    assert rows[1:] == [
        (
            "Barnet",
            "E09000003",
            "CPEG-2011-BARNET",
            "Funded",
            40000,
            30,
            38500.5,
            CONDITIONS,
            datetime.datetime(2011, 6, 11),
            "Fund with conditions",
            38500.5,
        ),
        (
            "Brent",
            "E09000005",
            "CPEG-2011-BRENT",
            "Submitted",
            40000,
            30,
            None,
            None,
            datetime.datetime(2011, 6, 15),
            None,
            None,
        ),
        (
            "Camden",
            "E09000007",
            "CPEG-2011-CAMDEN",
            "Not funded",
            40000,
            30,
            20000,
            None,
            datetime.datetime(2011, 6, 16),
            "Do not fund",
            None,
        ),
    ]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_money_in_the_workbook_is_a_number_shown_in_pounds_and_pence(officer_client, round_2011):
    sheet = sheet_of(download(officer_client, "applications", "xlsx"))
    for cell in ("E2", "G2", "K2"):
        assert sheet[cell].data_type == "n"
        assert sheet[cell].number_format == "£#,##0.00"
    assert sheet["F2"].number_format == '0.0"%"'
    assert sheet["I2"].number_format == "yyyy-mm-dd"


def test_the_awards_workbook_holds_every_penny(officer_client, round_2011):
    response = download(officer_client, "awards", "xlsx")
    sheet = sheet_of(response)
    assert sheet.title == "Awards 2011-12"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == AWARD_HEADINGS
    assert rows[1] == (
        "CPEG-2011-BARNET-A",
        "Barnet",
        38500.5,
        "No",
        datetime.datetime(2011, 7, 20),
        CONDITIONS,
        9625.13,
        9625.13,
        9625.12,
        9625.12,
    )
    assert rows[2] == (
        "CPEG-2011-CROYDON-A",
        "Croydon",
        5000,
        "Yes",
        datetime.datetime(2011, 8, 1),
        None,
        2500,
        2500,
        0,
        0,
    )
    # The file holds the amounts' decimal digits as written, not a float's approximation.
    worksheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    # (openpyxl on its own would write 9625.13 as 9625.129999999999.)
    assert b"<v>38500.50</v>" in worksheet_xml
    assert b"<v>9625.13</v>" in worksheet_xml
    assert b"<v>9625.12</v>" in worksheet_xml
    assert sheet["C2"].number_format == "£#,##0.00"


def as_csv_text(cell) -> str:
    """What the CSV says for a workbook cell."""
    if cell.value is None:
        return ""
    if cell.is_date:
        return cell.value.date().isoformat()
    if cell.number_format == "£#,##0.00":
        return f"{Decimal(str(cell.value)):.2f}"
    if cell.number_format == '0.0"%"':
        return f"{Decimal(str(cell.value)):.1f}"
    return str(cell.value)


@pytest.mark.parametrize("table", ["applications", "awards"])
def test_the_workbook_and_the_csv_agree(officer_client, round_2011, table):
    from_csv = csv_rows(download(officer_client, table, "csv"))
    sheet = sheet_of(download(officer_client, table, "xlsx"))
    from_xlsx = [[as_csv_text(cell) for cell in row] for row in sheet.iter_rows()]
    assert from_xlsx == from_csv


def test_text_that_starts_like_a_formula_stays_text_in_the_workbook(officer_client, round_2011):
    formula = '=HYPERLINK("http://evil.example","Click")'
    Application.objects.filter(cpeg__borough__slug="barnet").update(
        recommendation_conditions=formula
    )
    response = download(officer_client, "applications", "xlsx")
    cell = sheet_of(response)["H2"]
    # Stored as text with Excel's quote prefix (what typing an apostrophe does), never as a
    # formula: the file has no <f> element at all.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)
    worksheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in worksheet_xml


@pytest.mark.parametrize(
    ("administration", "requested", "share"),
    [
        ("12000.00", "40000.00", Decimal("30.0")),
        ("45.00", "1800.00", Decimal("2.5")),
        # A quarter of one per cent rounds half up, as people round, not to the even digit.
        ("1.00", "400.00", Decimal("0.3")),
        (None, "40000.00", Decimal("0.0")),  # no administration line
        ("12000.00", None, None),  # nothing requested yet
        ("0.00", "0.00", None),
    ],
)
def test_the_administration_share(administration, requested, share):
    assert (
        administration_share(
            administration=Decimal(administration) if administration else None,
            total=Decimal(requested) if requested else None,
        )
        == share
    )
