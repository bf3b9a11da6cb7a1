"""London-wide figures from the groups' diversity returns, for officers (unsuppressed).

Every figure is computed in the database from each group's current return for the year
(``selectors.current_returns``): counts are summed per category, per group and per kind of
answer with aggregates, so a page reads a fixed number of queries however many groups
return. Percentages are rounded half up to one decimal place from the exact fraction;
a change or a gap is worked out from the exact shares before it is rounded.

Zero is a finding (DESIGN.md, "Why counts, not people"): a category nobody in London
belongs to is listed, never left out.

The package, by what each module answers (each imports only the ones above it):

- ``percentages``: shares, rounding and the wording of percentages and changes.
- ``figures``: the dataclasses of the London-wide totals (a table per characteristic).
- ``totals``: ``london_totals`` and ``characteristic_columns``.
- ``groups``: per group, unanswered questions and the categories with no members.
- ``years``: a year's summary, the year beside the one before, the years with returns.
- ``benchmarks``: ethnicity against the population.
- ``london``: ``london_year``, everything the London-wide page shows.

Import from ``diversity.aggregates``, not from its modules: this is the public API.
"""

from diversity.aggregates.benchmarks import (
    ETHNICITY,
    LONDON_AREA_CODE,
    BenchmarkComparison,
    GapRow,
    benchmark_comparisons,
)
from diversity.aggregates.figures import (
    CategoryFigure,
    CharacteristicTotals,
    ExportRow,
    HeadingGroup,
    LondonTotals,
)
from diversity.aggregates.groups import (
    CompletenessCell,
    GroupCompleteness,
    GroupRepresentation,
    MissingCategories,
    group_completeness,
    group_representation,
)
from diversity.aggregates.london import LondonYear, london_year
from diversity.aggregates.percentages import _ONE_DECIMAL as _ONE_DECIMAL
from diversity.aggregates.percentages import _rounded as _rounded
from diversity.aggregates.percentages import (
    describe_change,
    format_percentage,
    format_points,
    percentage,
    points_difference,
    share,
)
from diversity.aggregates.totals import Column, characteristic_columns, london_totals
from diversity.aggregates.totals import _year_categories as _year_categories
from diversity.aggregates.years import (
    UNDER_35_OLDEST_AGE,
    YearOnYear,
    YearSummary,
    YearWithReturns,
    year_on_year,
    year_summary,
    years_with_returns,
)

__all__ = [
    "ETHNICITY",
    "LONDON_AREA_CODE",
    "UNDER_35_OLDEST_AGE",
    "BenchmarkComparison",
    "CategoryFigure",
    "CharacteristicTotals",
    "Column",
    "CompletenessCell",
    "ExportRow",
    "GapRow",
    "GroupCompleteness",
    "GroupRepresentation",
    "HeadingGroup",
    "LondonTotals",
    "LondonYear",
    "MissingCategories",
    "YearOnYear",
    "YearSummary",
    "YearWithReturns",
    "benchmark_comparisons",
    "characteristic_columns",
    "describe_change",
    "format_percentage",
    "format_points",
    "group_completeness",
    "group_representation",
    "london_totals",
    "london_year",
    "percentage",
    "points_difference",
    "share",
    "year_on_year",
    "year_summary",
    "years_with_returns",
]
