"""Everything the London-wide page for a year shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear
from diversity import selectors
from diversity.aggregates.benchmarks import BenchmarkComparison, benchmark_comparisons
from diversity.aggregates.figures import LondonTotals
from diversity.aggregates.groups import (
    GroupCompleteness,
    GroupRepresentation,
    group_completeness,
    group_representation,
)
from diversity.aggregates.totals import Column, characteristic_columns, london_totals
from diversity.aggregates.years import YearOnYear, year_on_year
from diversity.models import DiversityReturn


@dataclass(frozen=True)
class LondonYear:
    """Everything the London-wide page for a year shows."""

    totals: LondonTotals
    returns: list[DiversityReturn]
    without_return: list[Cpeg]
    completeness: list[GroupCompleteness]
    columns: list[Column]
    representation: list[GroupRepresentation]
    year_on_year: YearOnYear
    benchmarks: list[BenchmarkComparison]

    @property
    def financial_year(self) -> FinancialYear:
        return self.totals.financial_year

    @property
    def groups_expected(self) -> int:
        return len(self.returns) + len(self.without_return)


def london_year(*, year_start: int) -> LondonYear:
    """The London-wide figures for a year, in ten queries however many groups return:
    1 totals, 1 the returns with their groups, 1 the groups without one, 1 completeness,
    1 representation, 4 this year and last (2 each), 1 benchmarks."""
    totals = london_totals(year_start=year_start)
    returns = list(selectors.current_returns(year_start=year_start))
    return LondonYear(
        totals=totals,
        returns=returns,
        without_return=list(selectors.groups_without_return(year_start=year_start)),
        completeness=group_completeness(returns=returns, totals=totals),
        columns=characteristic_columns(totals),
        representation=group_representation(returns=returns, totals=totals),
        year_on_year=year_on_year(year_start=year_start),
        benchmarks=benchmark_comparisons(totals=totals),
    )
