"""A year's London-wide summary, the year beside the one before, and the years with returns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from cpeg_portal.fiscal import FinancialYear
from diversity import selectors
from diversity.aggregates.percentages import (
    describe_change,
    format_percentage,
    format_points,
    percentage,
    points_difference,
    share,
)
from diversity.models import CategoryCount, CategoryKind, DiversityReturn

#: "Under 35": the age bands whose oldest age is 34 or younger.
UNDER_35_OLDEST_AGE = 34


# --- The year and the one before: under 35, completeness --------------------------------


@dataclass(frozen=True)
class YearSummary:
    year_start: int
    groups: int
    members: int
    under_35: int
    prefer_not_to_say: int
    not_known: int
    answers: int

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)

    @property
    def has_returns(self) -> bool:
        return self.groups > 0

    @property
    def under_35_share(self) -> Fraction | None:
        return share(self.under_35, self.members)

    @property
    def under_35_percentage(self) -> Decimal | None:
        return percentage(self.under_35, self.members)

    @property
    def under_35_percentage_display(self) -> str:
        return format_percentage(self.under_35_percentage)

    @property
    def unanswered_share(self) -> Fraction | None:
        """The share of all answers given that are "Prefer not to say" or "Not known"."""
        return share(self.prefer_not_to_say + self.not_known, self.answers)

    @property
    def unanswered_percentage(self) -> Decimal | None:
        return percentage(self.prefer_not_to_say + self.not_known, self.answers)

    @property
    def unanswered_percentage_display(self) -> str:
        return format_percentage(self.unanswered_percentage)


def year_summary(*, year_start: int) -> YearSummary:
    """London-wide members, members under 35 and unanswered questions in a year. Two
    queries: the returns' members, and their counts summed by kind."""
    returns = selectors.current_returns(year_start=year_start)
    by_return = returns.order_by().aggregate(
        groups=Count("pk"), members=Coalesce(Sum("member_count"), 0)
    )
    by_count = CategoryCount.objects.filter(diversity_return__in=returns.values("pk")).aggregate(
        under_35=Coalesce(
            Sum(
                "count",
                filter=Q(
                    category__kind=CategoryKind.CATEGORY,
                    category__age_to__lte=UNDER_35_OLDEST_AGE,
                ),
            ),
            0,
        ),
        prefer_not_to_say=Coalesce(
            Sum("count", filter=Q(category__kind=CategoryKind.PREFER_NOT_TO_SAY)), 0
        ),
        not_known=Coalesce(Sum("count", filter=Q(category__kind=CategoryKind.NOT_KNOWN)), 0),
        answers=Coalesce(Sum("count"), 0),
    )
    return YearSummary(year_start=year_start, **by_return, **by_count)


@dataclass(frozen=True)
class YearOnYear:
    current: YearSummary
    previous: YearSummary

    @property
    def years(self) -> list[YearSummary]:
        """Last year, then this year."""
        return [self.previous, self.current]

    @property
    def under_35_change(self) -> Decimal | None:
        """Percentage points from last year to this; None when either year has no returns."""
        return points_difference(self.current.under_35_share, self.previous.under_35_share)

    @property
    def under_35_change_display(self) -> str:
        return format_points(self.under_35_change)

    @property
    def under_35_change_words(self) -> str:
        return describe_change(self.under_35_change)

    @property
    def unanswered_change(self) -> Decimal | None:
        return points_difference(self.current.unanswered_share, self.previous.unanswered_share)

    @property
    def unanswered_change_display(self) -> str:
        return format_points(self.unanswered_change)

    @property
    def unanswered_change_words(self) -> str:
        return describe_change(self.unanswered_change)


def year_on_year(*, year_start: int) -> YearOnYear:
    """The year beside the one before it (four queries)."""
    return YearOnYear(
        current=year_summary(year_start=year_start),
        previous=year_summary(year_start=year_start - 1),
    )


# --- The years with returns -------------------------------------------------------------


@dataclass(frozen=True)
class YearWithReturns:
    year_start: int
    groups: int

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)


def years_with_returns() -> list[YearWithReturns]:
    """Financial years with at least one counted return, newest first, with how many
    groups returned. One query."""
    rows = (
        DiversityReturn.objects.filter(status__in=selectors.COUNTED_STATUSES)
        .values("year_start")
        .annotate(groups=Count("cpeg", distinct=True))
        .order_by("-year_start")
    )
    return [YearWithReturns(row["year_start"], row["groups"]) for row in rows]
