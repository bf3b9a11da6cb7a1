"""London-wide figures, computed exactly from the returns in the ``london_2011`` fixture.

2011/12: Barnet's version 2 (10 members) and Camden (6 members) count: 16 members. The
figures below were worked out by hand from the fixture's counts.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command

from diversity import aggregates
from diversity.models import CategoryKind, PopulationBenchmark

pytestmark = pytest.mark.django_db

WHITE_BRITISH = "white-english-welsh-scottish-northern-irish-british"
WHITE_BRITISH_NAME = "English/Welsh/Scottish/Northern Irish/British"


def figures(totals, characteristic_key):
    table = next(t for t in totals.characteristics if t.key == characteristic_key)
    return {c.name: (c.count, c.percentage) for c in table.categories}


def test_london_totals_count_each_groups_latest_counted_return(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    assert (totals.groups_returned, totals.members) == (2, 16)
    assert totals.classification_names == ["2011 Census (England and Wales)"]
    assert [t.key for t in totals.characteristics] == [
        "age",
        "sex",
        "gender-identity",
        "ethnicity",
        "disability",
        "religion",
        "sexual-orientation",
    ]


def test_age_counts_and_percentages_of_all_members_to_one_decimal_place(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    assert figures(totals, "age") == {
        "16 to 24": (1, Decimal("6.3")),  # 6.25 rounds half up
        "25 to 34": (4, Decimal("25.0")),
        "35 to 44": (3, Decimal("18.8")),  # 18.75
        "45 to 54": (4, Decimal("25.0")),
        "55 to 64": (1, Decimal("6.3")),
        "65 and over": (2, Decimal("12.5")),
        "Prefer not to say": (1, Decimal("6.3")),
        "Not known": (0, Decimal("0.0")),
    }


def test_sex_counts_and_percentages(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    assert figures(totals, "sex") == {
        "Female": (9, Decimal("56.3")),  # 56.25
        "Male": (6, Decimal("37.5")),
        "Prefer not to say": (1, Decimal("6.3")),
        "Not known": (0, Decimal("0.0")),
    }


def test_ethnicity_figures_sit_under_their_census_headings(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    ethnicity = next(t for t in totals.characteristics if t.key == "ethnicity")
    assert [(g.heading, len(g.categories)) for g in ethnicity.heading_groups] == [
        ("White", 4),
        ("Mixed/multiple ethnic group", 4),
        ("Asian/Asian British", 5),
        ("Black/African/Caribbean/Black British", 3),
        ("Other ethnic group", 2),
        ("", 2),  # Prefer not to say, Not known
    ]
    counted = {c.name: (c.count, c.percentage) for c in ethnicity.categories if c.count}
    assert counted == {
        "English/Welsh/Scottish/Northern Irish/British": (6, Decimal("37.5")),
        "Indian": (2, Decimal("12.5")),
        "Bangladeshi": (1, Decimal("6.3")),
        "African": (3, Decimal("18.8")),
        "Caribbean": (2, Decimal("12.5")),
        "Prefer not to say": (1, Decimal("6.3")),
        "Not known": (1, Decimal("6.3")),
    }
    assert ethnicity.not_recorded == 0


def test_drafts_returned_returns_and_superseded_versions_are_not_counted(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    ethnicity = {c.name: c.count for c in totals.categories if c.characteristic_key == "ethnicity"}
    # Croydon's draft (5 Irish), Ealing's sent-back return (4 Chinese) and Barnet's
    # superseded version 1 (1 Irish, 1 Chinese) are not in the figures.
    assert (ethnicity["Irish"], ethnicity["Chinese"]) == (0, 0)


def test_categories_nobody_in_london_belongs_to_are_listed(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    unrepresented = [c for c in totals.unrepresented if c.characteristic_key == "ethnicity"]
    assert [c.label for c in unrepresented] == [
        "White: Irish",
        "White: Gypsy or Irish Traveller",
        "White: Other White",
        "Mixed/multiple ethnic group: White and Black Caribbean",
        "Mixed/multiple ethnic group: White and Black African",
        "Mixed/multiple ethnic group: White and Asian",
        "Mixed/multiple ethnic group: Other Mixed",
        "Asian/Asian British: Pakistani",
        "Asian/Asian British: Chinese",
        "Asian/Asian British: Other Asian",
        "Black/African/Caribbean/Black British: Other Black",
        "Other ethnic group: Arab",
        "Other ethnic group: Any other ethnic group",
    ]
    # "Prefer not to say" and "Not known" are not communities: never "unrepresented".
    assert all(c.kind == CategoryKind.CATEGORY for c in totals.unrepresented)
    assert {c.label for c in totals.unrepresented if c.characteristic_key == "age"} == set()


def test_groups_without_members_in_a_category_are_counted(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    by_name = {c.name: c for c in totals.categories if c.characteristic_key == "ethnicity"}
    assert by_name["Irish"].groups_without_members == 2
    assert by_name["Indian"].groups_without_members == 1  # Camden
    assert by_name["English/Welsh/Scottish/Northern Irish/British"].groups_without_members == 0


def test_each_groups_missing_categories(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    returns = [london_2011["barnet"], london_2011["camden"]]
    barnet, camden = aggregates.group_representation(returns=returns, totals=totals)
    assert [c.name for c in barnet.missing_in("age")] == ["65 and over"]
    assert [c.name for c in camden.missing_in("age")] == ["16 to 24", "35 to 44", "55 to 64"]
    barnet_ethnicity = [c.name for c in barnet.missing_in("ethnicity")]
    assert len(barnet_ethnicity) == 15
    assert "Irish" in barnet_ethnicity
    assert "Chinese" in barnet_ethnicity
    assert "Indian" not in barnet_ethnicity
    assert "Indian" in [c.name for c in camden.missing_in("ethnicity")]


def test_completeness_shares_per_group_and_characteristic(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    returns = [london_2011["barnet"], london_2011["camden"]]
    barnet, camden = aggregates.group_completeness(returns=returns, totals=totals)
    columns = [c.key for c in aggregates.characteristic_columns(totals)]
    barnet_cells = dict(zip(columns, barnet.cells, strict=True))
    assert barnet_cells["age"].unanswered_percentage == Decimal("10.0")
    assert barnet_cells["sex"].unanswered_percentage == Decimal("10.0")
    assert (barnet_cells["ethnicity"].prefer_not_to_say, barnet_cells["ethnicity"].not_known) == (
        1,
        1,
    )
    assert barnet_cells["ethnicity"].unanswered_percentage == Decimal("20.0")
    assert barnet_cells["religion"].unanswered_percentage == Decimal("0.0")
    # Overall: 3 "Prefer not to say" and 1 "Not known" of 10 members × 7 questions = 70.
    assert (barnet.prefer_not_to_say, barnet.not_known, barnet.answers) == (3, 1, 70)
    assert barnet.prefer_not_to_say_percentage == Decimal("4.3")
    assert barnet.not_known_percentage == Decimal("1.4")
    assert {cell.unanswered_percentage for cell in camden.cells} == {Decimal("0.0")}


def test_under_35_share_and_its_change_from_last_year(london_2011):
    change = aggregates.year_on_year(year_start=2011)
    # 2011/12: 1 aged 16–24 and 4 aged 25–34 of 16 members = 31.25%.
    assert (change.current.under_35, change.current.members) == (5, 16)
    assert change.current.under_35_percentage == Decimal("31.3")
    # 2010/11: Barnet only, 4 of 8 = 50%.
    assert change.previous.under_35_percentage == Decimal("50.0")
    # 31.25 − 50 = −18.75 points, rounded from the exact shares.
    assert change.under_35_change == Decimal("-18.8")
    assert change.under_35_change_display == "−18.8"


def test_unanswered_share_and_its_change_from_last_year(london_2011):
    change = aggregates.year_on_year(year_start=2011)
    # 3 "Prefer not to say" + 1 "Not known" of 16 members × 7 questions = 4 of 112.
    assert (change.current.prefer_not_to_say, change.current.not_known) == (3, 1)
    assert change.current.answers == 112
    assert change.current.unanswered_percentage == Decimal("3.6")
    assert change.previous.unanswered_percentage == Decimal("0.0")
    assert change.unanswered_change_display == "+3.6"


def test_no_change_is_given_when_last_year_has_no_returns(london_2011):
    change = aggregates.year_on_year(year_start=2010)
    assert change.current.under_35_percentage == Decimal("50.0")
    assert not change.previous.has_returns
    assert change.previous.under_35_percentage is None
    assert change.under_35_change is None
    assert change.under_35_change_display == "–"


def test_a_year_with_no_returns_lists_every_category_at_zero(london_2011):
    totals = aggregates.london_totals(year_start=2013)
    assert (totals.groups_returned, totals.members) == (0, 0)
    assert len(totals.categories) == 8 + 4 + 4 + 20 + 4 + 10 + 6
    assert {c.count for c in totals.categories} == {0}
    assert {c.percentage for c in totals.categories} == {None}
    # Nothing is "unrepresented" in a year nobody has returned for.
    assert totals.unrepresented == []


def test_without_a_benchmark_the_comparison_says_none_is_loaded(london_2011):
    totals = aggregates.london_totals(year_start=2011)
    (comparison,) = aggregates.benchmark_comparisons(totals=totals)
    assert not comparison.loaded
    assert len(comparison.missing) == 18
    assert comparison.rows[0].gap is None


def test_the_gap_between_members_and_londons_population(london_2011, london_benchmark_csv):
    call_command("load_benchmarks", str(london_benchmark_csv), verbosity=0)
    totals = aggregates.london_totals(year_start=2011)
    (comparison,) = aggregates.benchmark_comparisons(totals=totals)
    assert comparison.loaded
    assert comparison.population_total == 8_173_941
    assert comparison.sources == ["london-2011-ethnicity-KS201EW.csv"]
    rows = {row.category.name: row for row in comparison.rows}
    expected = {
        # name: (members' share, population's share, gap in points)
        "English/Welsh/Scottish/Northern Irish/British": ("37.5", "44.9", "-7.4"),
        "Irish": ("0.0", "2.2", "-2.2"),
        "Chinese": ("0.0", "1.5", "-1.5"),
        "African": ("18.8", "7.0", "11.7"),
        "Indian": ("12.5", "6.6", "5.9"),
        "Caribbean": ("12.5", "4.2", "8.3"),
        # 6.25 − 2.7175… = 3.53: the gap comes from the exact shares, not 6.3 − 2.7.
        "Bangladeshi": ("6.3", "2.7", "3.5"),
    }
    for name, (members, population, gap) in expected.items():
        row = rows[name]
        assert (row.category.percentage, row.population_percentage, row.gap) == (
            Decimal(members),
            Decimal(population),
            Decimal(gap),
        ), name
    assert rows["Irish"].gap_display == "−2.2"
    assert rows["African"].gap_display == "+11.7"
    # 2 of 16 members' ethnicity is "Prefer not to say" or "Not known".
    assert comparison.unanswered_percentage_display == "12.5%"


def test_a_partial_benchmark_is_not_used(london_2011, category):
    PopulationBenchmark.objects.create(
        category=category("ethnicity", "white-irish"), area_code="E12000007", count=175974
    )
    totals = aggregates.london_totals(year_start=2011)
    (comparison,) = aggregates.benchmark_comparisons(totals=totals)
    assert not comparison.loaded
    assert len(comparison.missing) == 17


def test_a_borough_benchmark_does_not_stand_in_for_london(london_2011, london_benchmark_csv):
    call_command("load_benchmarks", str(london_benchmark_csv), area="E09000003", verbosity=0)
    totals = aggregates.london_totals(year_start=2011)
    (comparison,) = aggregates.benchmark_comparisons(totals=totals)
    assert not comparison.loaded


def test_the_export_rows_are_the_unsuppressed_london_table(london_2011):
    rows = aggregates.london_totals(year_start=2011).export_rows()
    assert len(rows) == 56
    assert rows[0] == aggregates.ExportRow("Age", "", "16 to 24", 1, Decimal("6.3"))
    assert (
        aggregates.ExportRow("Ethnicity", "White", "Irish", 0, Decimal("0.0")) in rows
    )  # zero is shown, never suppressed
    assert aggregates.ExportRow("Ethnicity", "White", WHITE_BRITISH_NAME, 6, Decimal("37.5")) in (
        rows
    )


def test_years_with_returns_are_listed_newest_first(london_2011):
    years = aggregates.years_with_returns()
    assert [(y.financial_year.label, y.groups) for y in years] == [("2011/12", 2), ("2010/11", 1)]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 16, "6.3"), (1, 3, "33.3"), (2, 3, "66.7"), (0, 5, "0.0"), (5, 5, "100.0")],
)
def test_percentages_round_half_up_to_one_decimal_place(part, whole, expected):
    assert aggregates.percentage(part, whole) == Decimal(expected)


def test_a_percentage_of_nothing_is_not_given():
    assert aggregates.percentage(0, 0) is None
    assert aggregates.format_percentage(None) == "–"


def test_white_british_key_matches_the_classification(category):
    assert category("ethnicity", WHITE_BRITISH).name == WHITE_BRITISH_NAME
