"""Ethnicity against the population: members' shares beside the area's (PopulationBenchmark)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from diversity.aggregates.figures import CategoryFigure, LondonTotals
from diversity.aggregates.percentages import (
    _rounded,
    format_percentage,
    format_points,
    percentage,
    points_difference,
    share,
)
from diversity.models import PopulationBenchmark

#: The GSS code of the London region (Greater London, including the City of London).
LONDON_AREA_CODE = "E12000007"
ETHNICITY = "ethnicity"


@dataclass(frozen=True)
class GapRow:
    category: CategoryFigure
    population: int | None
    population_total: int

    @property
    def population_share(self) -> Fraction | None:
        return None if self.population is None else share(self.population, self.population_total)

    @property
    def population_percentage(self) -> Decimal | None:
        exact = self.population_share
        return None if exact is None else _rounded(exact)

    @property
    def population_percentage_display(self) -> str:
        return format_percentage(self.population_percentage)

    @property
    def gap(self) -> Decimal | None:
        """Members' share minus the population's, in percentage points."""
        return points_difference(self.category.share, self.population_share)

    @property
    def gap_display(self) -> str:
        return format_points(self.gap)


@dataclass(frozen=True)
class BenchmarkComparison:
    """A classification's ethnicity categories: members' shares beside the population's."""

    classification_code: str
    classification_name: str
    area_code: str
    members: int
    rows: list[GapRow]
    sources: list[str]

    @property
    def missing(self) -> list[CategoryFigure]:
        return [row.category for row in self.rows if row.population is None]

    @property
    def loaded(self) -> bool:
        """Every category has a population figure (a partial benchmark gives wrong shares)."""
        return bool(self.rows) and not self.missing

    @property
    def population_total(self) -> int:
        return sum(row.population or 0 for row in self.rows)

    @property
    def unanswered_members(self) -> int:
        """Members whose ethnicity is "Prefer not to say" or "Not known"."""
        return self.members - sum(row.category.count for row in self.rows)

    @property
    def unanswered_percentage_display(self) -> str:
        return format_percentage(percentage(self.unanswered_members, self.members))


def benchmark_comparisons(
    *, totals: LondonTotals, area_code: str = LONDON_AREA_CODE
) -> list[BenchmarkComparison]:
    """For each classification in the year, each ethnicity category's share of members and
    of the area's population (PopulationBenchmark rows). One query."""
    tables = [table for table in totals.characteristics if table.key == ETHNICITY]
    answers = [category for table in tables for category in table.answer_categories]
    benchmarks: dict[int, tuple[int, str]] = {
        category_id: (count, source)
        for category_id, count, source in PopulationBenchmark.objects.filter(
            area_code=area_code, category__in=[category.pk for category in answers]
        ).values_list("category", "count", "source")
    }
    comparisons = []
    for table in tables:
        found = [benchmarks.get(category.pk) for category in table.answer_categories]
        total = sum(found_one[0] for found_one in found if found_one is not None)
        comparisons.append(
            BenchmarkComparison(
                classification_code=table.classification_code,
                classification_name=table.classification_name,
                area_code=area_code,
                members=table.members,
                rows=[
                    GapRow(category, None if found_one is None else found_one[0], total)
                    for category, found_one in zip(table.answer_categories, found, strict=True)
                ],
                sources=sorted({found_one[1] for found_one in found if found_one and found_one[1]}),
            )
        )
    return comparisons
