"""The round's returns as CSV and Excel: one row per borough per quarter with its state, time
state, ratings per objective and overall, the standard counts and spend to date; for link
officers and the funding manager only."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from slas.models import QuarterlyReturn, Rag, ReturnStatus, SpendLine
from tests.slas.factories import funded_award, return_in
from tests.slas.test_dashboards import accepted, correction_of, counts

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER)


def export_url(fmt: str = "csv", year: int = 2011) -> str:
    return reverse("slas:export", kwargs={"year": year, "fmt": fmt})


def csv_rows(client) -> list[dict[str, str]]:
    response = client.get(export_url("csv"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def row_of(rows: list[dict[str, str]], borough: str, quarter: int) -> dict[str, str]:
    return next(r for r in rows if r["Borough"] == borough and r["Quarter"] == str(quarter))


def spend(quarterly_return: QuarterlyReturn, **amounts: str) -> None:
    for category, amount in amounts.items():
        SpendLine.objects.create(
            quarterly_return=quarterly_return,
            category=category,
            budget=Decimal("5000.00"),
            spent_to_date=Decimal(amount),
        )


# Who may download


@pytest.mark.parametrize("role", [Role.LINK_OFFICER, Role.FUNDING_MANAGER])
@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_staff_download_the_round_s_returns(client, user_in_role, barnet, role, fmt, content_type):
    funded_award(borough=barnet)
    client.force_login(user_in_role(role))
    response = client.get(export_url(fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="cpeg-returns-2011-12.{fmt}"'


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, *BOROUGH_ROLES])
def test_no_one_else_downloads_them(client, user_in_role, barnet, role):
    funded_award(borough=barnet)
    client.force_login(user_in_role(role))
    assert client.get(export_url("csv")).status_code == 403
    assert client.get(export_url("xlsx")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, barnet):
    funded_award(borough=barnet)
    response = client.get(export_url())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_another_format_or_a_round_that_does_not_exist_answers_404(client, user_in_role, barnet):
    funded_award(borough=barnet)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    assert client.get(export_url("pdf")).status_code == 404
    assert client.get(export_url("csv", year=1999)).status_code == 404


# What the rows hold


def test_one_row_per_borough_per_quarter_with_every_column(client, user_in_role, barnet):
    funded_award(borough=barnet)
    client.force_login(user_in_role(Role.LINK_OFFICER))
    rows = csv_rows(client)
    assert len(rows) == 32 * 4
    assert list(rows[0]) == [
        "Borough",
        "Quarter",
        "Funding",
        "Reference",
        "State",
        "Time state",
        "Days overdue",
        "Rating O1",
        "Rating O2",
        "Rating O3",
        "Rating O4",
        "Rating O5",
        "Overall rating",
        "Figures from",
        "Public meetings and engagement events held",
        "Total attendance at public meetings and engagement events",
        "CDRP meetings attended",
        "Safer Neighbourhoods panel meetings attended",
        "Outreach events held",
        "Young people (under 25) engaged",
        "Spend to date",
        "Spend to date: administration",
        "Spend to date: public meetings and events",
        "Spend to date: outreach",
        "Spend to date: communications",
        "Spend to date: training",
        "Spend to date: access needs",
        "Spend to date: other",
    ]
    assert [(r["Borough"], r["Quarter"]) for r in rows[:5]] == [
        ("Barking and Dagenham", "1"),
        ("Barking and Dagenham", "2"),
        ("Barking and Dagenham", "3"),
        ("Barking and Dagenham", "4"),
        ("Barnet", "1"),
    ]
    camden = row_of(rows, "Camden", 2)
    assert (camden["Funding"], camden["State"], camden["Reference"]) == (
        "No award",
        "No return",
        "",
    )


def test_an_accepted_return_s_row_has_its_ratings_counts_and_spend(client, user_in_role, barnet):
    award = funded_award(borough=barnet)
    q1 = accepted(award, 1, Rag.AMBER, O1=Rag.GREEN, O2=Rag.RED)
    counts(q1, 2, 140, 3, 4, 5, 60)
    spend(q1, administration="1200.50", outreach="99.99")
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    row = row_of(csv_rows(client), "Barnet", 1)
    assert row["Funding"] == "Award"
    assert row["Reference"] == row["Figures from"] == "CPEG-2011-BARNET-Q1"
    assert (row["State"], row["Time state"], row["Days overdue"]) == ("Accepted", "Handed in", "0")
    assert (row["Rating O1"], row["Rating O2"], row["Rating O3"], row["Overall rating"]) == (
        "Green",
        "Red",
        "",
        "Amber",
    )
    assert row["Total attendance at public meetings and engagement events"] == "140"
    assert row["Young people (under 25) engaged"] == "60"
    assert row["Spend to date"] == "1300.49"
    assert row["Spend to date: administration"] == "1200.50"
    assert row["Spend to date: outreach"] == "99.99"
    assert row["Spend to date: training"] == ""


def test_a_return_the_group_still_writes_shows_its_state_not_its_figures(
    client, user_in_role, barnet
):
    award = funded_award(borough=barnet)
    draft = return_in(ReturnStatus.DRAFT, award=award, quarter=2)
    QuarterlyReturn.objects.filter(pk=draft.pk).update(time_state="overdue", days_overdue=4)
    counts(draft, 1, 1, 1, 1, 1, 1)
    spend(draft, administration="10.00")
    submitted = return_in(ReturnStatus.SUBMITTED, award=award, quarter=3)
    counts(submitted, 7, 70, 0, 0, 0, 0)
    client.force_login(user_in_role(Role.LINK_OFFICER))
    rows = csv_rows(client)
    q2 = row_of(rows, "Barnet", 2)
    assert (q2["State"], q2["Time state"], q2["Days overdue"]) == (
        "Draft",
        "Overdue by 4 days",
        "4",
    )
    assert q2["Figures from"] == q2["Public meetings and engagement events held"] == ""
    assert q2["Spend to date"] == ""
    q3 = row_of(rows, "Barnet", 3)
    assert (q3["State"], q3["Public meetings and engagement events held"]) == ("Submitted", "7")
    assert q3["Overall rating"] == ""


def test_a_correction_in_draft_keeps_the_accepted_version_s_figures_and_ratings(
    client, user_in_role, barnet
):
    award = funded_award(borough=barnet)
    q1 = accepted(award, 1, Rag.GREEN)
    counts(q1, 2, 20, 0, 0, 0, 0)
    correction = correction_of(q1, ReturnStatus.DRAFT)
    counts(correction, 9, 90, 0, 0, 0, 0)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    row = row_of(csv_rows(client), "Barnet", 1)
    assert (row["Reference"], row["State"]) == ("CPEG-2011-BARNET-Q1-V2", "Draft")
    assert row["Figures from"] == "CPEG-2011-BARNET-Q1"
    assert row["Public meetings and engagement events held"] == "2"
    assert row["Overall rating"] == "Green"


def test_the_workbook_holds_the_same_rows_with_money_as_numbers(client, user_in_role, barnet):
    award = funded_award(borough=barnet)
    q1 = accepted(award, 1, Rag.GREEN)
    spend(q1, administration="9625.13")
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(export_url("xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "Returns 2011-12"
    assert sheet.max_row == 1 + 32 * 4
    headings = [cell.value for cell in sheet[1]]
    barnet_q1 = next(
        list(row)
        for row in sheet.iter_rows(min_row=2)
        if row[0].value == "Barnet" and row[1].value == 1
    )
    total = barnet_q1[headings.index("Spend to date")]
    assert total.value == pytest.approx(9625.13)
    assert total.number_format == "£#,##0.00"
    assert barnet_q1[headings.index("Overall rating")].value == "Green"


def test_the_download_takes_as_many_queries_for_four_quarters_as_for_one(
    client, user_in_role, barnet, django_assert_num_queries
):
    award = funded_award(borough=barnet)
    spend(accepted(award, 1), administration="1.00")
    client.force_login(user_in_role(Role.LINK_OFFICER))
    # 1 session, 1 user, 1 the round, 1 the boroughs, 1 the round's awards, 1 its objectives,
    # 1 its returns, 1 their ratings, 1 the spend lines.
    with django_assert_num_queries(9):
        client.get(export_url())
    for quarter in (2, 3, 4):
        spend(accepted(award, quarter), administration="1.00", outreach="2.00")
    with django_assert_num_queries(9):
        rows = csv_rows(client)
    assert [row_of(rows, "Barnet", q)["Spend to date"] for q in (1, 2, 3, 4)] == [
        "1.00",
        "3.00",
        "3.00",
        "3.00",
    ]
