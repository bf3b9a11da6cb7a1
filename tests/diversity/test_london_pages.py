"""The London-wide pages show the figures computed in test_aggregates, as GOV.UK tables."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from diversity.models import ReturnStatus

pytestmark = pytest.mark.django_db

NUMBER = re.compile(
    r"^([+−-]?[0-9][0-9,]*(\.[0-9])?%?( percentage points)?|[0-9]+ of [0-9]+|[0-9]+ returned)$"
)


@pytest.fixture
def officer_client(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    return client


def year_page(client, year_start=2011) -> str:
    response = client.get(reverse("diversity:london_year", kwargs={"year_start": year_start}))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class Cells(HTMLParser):
    """Every table cell's text and classes."""

    def __init__(self):
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._open.append([dict(attrs).get("class", ""), ""])

    def handle_endtag(self, tag):
        if tag == "td" and self._open:
            classes, text = self._open.pop()
            self.cells.append((classes, " ".join(text.split())))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1] += data


def test_the_index_lists_years_with_returns_and_links_to_each(officer_client, london_2011):
    response = officer_client.get(reverse("diversity:london_index"))
    content = response.content.decode()
    assert [(y.financial_year.label, y.groups) for y in response.context["years"]] == [
        ("2011/12", 2),
        ("2010/11", 1),
    ]
    assert 'href="/diversity/london/2011/"' in content
    assert 'href="/diversity/london/2010/"' in content
    assert ">2011/12</a>" in content


def test_the_index_says_when_no_group_has_returned(officer_client):
    content = officer_client.get(reverse("diversity:london_index")).content.decode()
    assert "No group has submitted a diversity return yet" in content


def test_the_year_page_names_the_financial_year(officer_client, london_2011):
    content = year_page(officer_client)
    assert "<title>London-wide diversity 2011/12 – CPEG Portal</title>" in content
    assert "London-wide diversity, 2011/12" in content


def test_the_year_page_summarises_returns_and_members(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    assert "Groups that returned 2 of 32" in text
    assert "Members of executive committees 16" in text


def test_groups_without_a_counted_return_are_listed(officer_client, london_2011):
    response = officer_client.get(reverse("diversity:london_year", kwargs={"year_start": 2011}))
    names = [cpeg.borough.name for cpeg in response.context["london"].without_return]
    assert len(names) == 30
    assert "Croydon" in names  # a draft is not a return
    assert "Ealing" in names  # nor is a return sent back with a question
    assert "Barnet" not in names
    assert "30 of 32 groups have no submitted or accepted diversity return" in text_of(
        response.content.decode()
    )


def test_the_totals_table_shows_counts_percentages_and_zero(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    assert "16 to 24 1 6.3% 1 of 2" in text
    assert "White: English/Welsh/Scottish/Northern Irish/British 6 37.5% 0 of 2" in text
    # Zero is shown, and flagged, never hidden.
    assert "White: Irish No members 0 0.0% 2 of 2" in text
    assert "Asian/Asian British: Chinese No members 0 0.0% 2 of 2" in text


def test_ethnicity_rows_are_grouped_under_their_headings(officer_client, london_2011):
    content = year_page(officer_client)
    totals = content[content.index('id="totals"') :]
    for heading in (
        "White",
        "Mixed/multiple ethnic group",
        "Asian/Asian British",
        "Black/African/Caribbean/Black British",
        "Other ethnic group",
    ):
        assert (
            f'<th scope="rowgroup" colspan="4" class="govuk-table__header govuk-!-padding-top-4">'
            f"{heading}</th>"
        ) in totals


def test_every_figure_in_a_table_is_right_aligned(
    officer_client, london_2011, london_benchmark_csv
):
    call_command("load_benchmarks", str(london_benchmark_csv), verbosity=0)
    parser = Cells()
    parser.feed(year_page(officer_client))
    figures = [(classes, text) for classes, text in parser.cells if NUMBER.match(text)]
    # Under 35: 2 years × 5 + 2 changes; population: 18 × 5 + 2 totals; completeness:
    # 2 groups × (3 + 7); totals: 56 categories × 2, 42 answers' "n of 2", 7 footers × 3.
    assert len(figures) == 12 + 92 + 20 + 175
    assert [text for classes, text in figures if "govuk-table__cell--numeric" not in classes] == []


def test_london_wide_and_per_group_missing_categories_are_shown(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    london = text[text.index("Across London") : text.index("In each group")]
    assert "White: Irish" in london
    assert "Asian/Asian British: Chinese" in london
    assert "Asian/Asian British: Indian" not in london
    assert "Barnet: no members in 28 categories" in text
    assert "Camden: no members in 30 categories" in text


def test_completeness_per_group_is_shown(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    assert "Barnet 10 4.3% 1.4%" in text
    assert "Barnet 10.0% 10.0% 0.0% 20.0% 0.0% 0.0% 0.0%" in text
    assert "Camden 0.0% 0.0% 0.0% 0.0% 0.0% 0.0% 0.0%" in text


def test_the_under_35_share_and_its_change_are_given_in_words(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    assert (
        "The share of members under 35 fell by 18.8 percentage points, from 50.0% in 2010/11 "
        "to 31.3% in 2011/12." in text
    )
    assert "2010/11 1 8 4 50.0% 0.0%" in text
    assert "2011/12 2 16 5 31.3% 3.6%" in text
    assert "−18.8 percentage points" in text


def test_it_says_plainly_when_last_year_has_no_returns(officer_client, london_2011):
    text = text_of(year_page(officer_client, 2010))
    assert (
        "50.0% of members are under 35 in 2010/11. There are no returns for 2009/10, so there "
        "is no change from last year to show." in text
    )
    assert "No change to show: 2009/10 has no returns" in text


def test_without_a_benchmark_the_page_says_how_to_load_one(officer_client, london_2011):
    text = text_of(year_page(officer_client))
    assert "No population benchmark is loaded for London (E12000007)" in text
    assert (
        "python manage.py load_benchmarks london-2011-ethnicity-KS201EW.csv --area E12000007 "
        "--classification census-2011" in text
    )


def test_with_a_benchmark_the_page_shows_each_gap(
    officer_client, london_2011, london_benchmark_csv
):
    call_command("load_benchmarks", str(london_benchmark_csv), verbosity=0)
    text = text_of(year_page(officer_client))
    assert "No population benchmark" not in text
    assert "White: Irish 0 0.0% 175,974 2.2% −2.2" in text
    assert "Black/African/Caribbean/Black British: African 3 18.8% 573,931 7.0% +11.7" in text
    assert "All members and all residents 16 8,173,941" in text


def test_a_year_without_returns_says_so(officer_client, london_2011):
    text = text_of(year_page(officer_client, 2013))
    assert "No group has a submitted or accepted diversity return for 2013/14 yet" in text
    assert "32 of 32 groups have no submitted or accepted diversity return" in text
    assert "There are no returns for 2013/14, so there is no share of members under 35" in text
    assert "<svg" not in year_page(officer_client, 2013)


def test_the_page_links_to_both_downloads(officer_client, london_2011):
    content = year_page(officer_client)
    assert 'href="/diversity/london/2011/csv/"' in content
    assert 'href="/diversity/london/2011/xlsx/"' in content


def test_groups_without_a_return_are_counted_out_of_all_32_whatever_other_years_hold(
    officer_client, london_2011, make_return
):
    # Croydon's 2011/12 draft and Ealing's 2011/12 return sent back with a question sit
    # beside returns they made in other years, accepted or submitted: they still have no
    # return for 2011/12, and every group still counts in the 32.
    make_return("croydon", members=3, year_start=2010)
    make_return("ealing", members=2, year_start=2012, status=ReturnStatus.SUBMITTED)
    response = officer_client.get(reverse("diversity:london_year", kwargs={"year_start": 2011}))
    london = response.context["london"]
    names = [cpeg.borough.name for cpeg in london.without_return]
    assert "Croydon" in names
    assert "Ealing" in names
    assert (len(names), london.groups_expected) == (30, 32)
    text = text_of(response.content.decode())
    assert "Groups that returned 2 of 32" in text
    assert "30 of 32 groups have no submitted or accepted diversity return" in text
