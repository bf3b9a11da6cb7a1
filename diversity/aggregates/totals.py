"""London-wide totals per characteristic and category, summed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from diversity import selectors
from diversity.aggregates.figures import CategoryFigure, CharacteristicTotals, LondonTotals
from diversity.models import Category, CategoryCount, DiversityReturn


def _year_categories(returns: QuerySet[DiversityReturn]) -> QuerySet[Category]:
    """Categories annotated with London-wide figures from ``returns``: the members counted
    in each (``london_count``), the groups with at least one (``groups_with_members``), and
    the members and returns of its classification (``members``, ``groups_returned``)."""
    return_ids = returns.values("pk")
    counts = CategoryCount.objects.filter(diversity_return__in=return_ids, category=OuterRef("pk"))
    in_classification = returns.filter(
        classification=OuterRef("characteristic__classification")
    ).order_by()
    return (
        Category.objects.select_related("characteristic__classification")
        .annotate(
            london_count=Coalesce(
                Subquery(
                    counts.order_by().values("category").annotate(n=Sum("count")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            groups_with_members=Coalesce(
                Subquery(
                    counts.filter(count__gt=0)
                    .order_by()
                    .values("category")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            members=Coalesce(
                Subquery(
                    in_classification.values("classification")
                    .annotate(n=Sum("member_count"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            groups_returned=Coalesce(
                Subquery(
                    in_classification.values("classification").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by(
            "characteristic__classification__census_year", "characteristic__position", "position"
        )
    )


def london_totals(*, year_start: int) -> LondonTotals:
    """Every category of the classifications the year's returns use, with its London-wide
    count and share of members. One query; two more when no group has returned (the
    year's classification is then looked up, and its categories shown at zero)."""
    returns = selectors.current_returns(year_start=year_start)
    # Categories with the annotations of _year_categories (which the type checker cannot see).
    categories: list[Any] = list(
        _year_categories(returns).filter(
            characteristic__classification__in=returns.order_by().values("classification")
        )
    )
    if not categories:
        classification = selectors.classification_for_year(year_start=year_start)
        categories = list(
            _year_categories(returns).filter(characteristic__classification=classification)
        )
    tables: dict[int, CharacteristicTotals] = {}
    members_by_classification: dict[int, tuple[int, int]] = {}
    for category in categories:
        characteristic = category.characteristic
        classification = characteristic.classification
        members_by_classification[classification.pk] = (category.members, category.groups_returned)
        table = tables.get(characteristic.pk)
        if table is None:
            table = tables[characteristic.pk] = CharacteristicTotals(
                classification_code=classification.code,
                classification_name=classification.name,
                key=characteristic.key,
                name=characteristic.name,
                members=category.members,
                groups_returned=category.groups_returned,
                categories=[],
            )
        table.categories.append(
            CategoryFigure(
                pk=category.pk,
                characteristic_key=characteristic.key,
                characteristic=characteristic.name,
                heading=category.heading,
                name=category.name,
                kind=category.kind,
                age_to=category.age_to,
                count=category.london_count,
                members=category.members,
                groups_returned=category.groups_returned,
                groups_with_members=category.groups_with_members,
            )
        )
    return LondonTotals(
        year_start=year_start,
        characteristics=list(tables.values()),
        members=sum(members for members, _ in members_by_classification.values()),
        groups_returned=sum(groups for _, groups in members_by_classification.values()),
    )


# --- The characteristics asked in the year, as table columns ----------------------------


@dataclass(frozen=True)
class Column:
    key: str
    name: str


def characteristic_columns(totals: LondonTotals) -> list[Column]:
    """The characteristics asked in the year, once each, in the order they are asked."""
    columns: dict[str, Column] = {}
    for table in totals.characteristics:
        columns.setdefault(table.key, Column(table.key, table.name))
    return list(columns.values())
