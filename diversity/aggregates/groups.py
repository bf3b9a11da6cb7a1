"""Per-group figures: unanswered questions and the categories with no members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from boroughs.models import Cpeg
from diversity.aggregates.figures import CategoryFigure, CharacteristicTotals, LondonTotals
from diversity.aggregates.percentages import format_percentage, percentage
from diversity.aggregates.totals import characteristic_columns
from diversity.models import CategoryCount, CategoryKind, DiversityReturn

# --- Completeness: "Prefer not to say" and "Not known", per group ----------------------


@dataclass(frozen=True)
class CompletenessCell:
    characteristic_key: str
    prefer_not_to_say: int
    not_known: int
    members: int

    @property
    def unanswered(self) -> int:
        return self.prefer_not_to_say + self.not_known

    @property
    def unanswered_percentage(self) -> Decimal | None:
        return percentage(self.unanswered, self.members)

    @property
    def unanswered_percentage_display(self) -> str:
        return format_percentage(self.unanswered_percentage)


@dataclass(frozen=True)
class GroupCompleteness:
    """How much of one group's return says "Prefer not to say" or "Not known"."""

    cpeg: Cpeg
    members: int
    cells: list[CompletenessCell | None]  # one per column; None if not asked of this group

    @property
    def answers(self) -> int:
        """Answers the return gives: one per member per characteristic asked."""
        return self.members * sum(1 for cell in self.cells if cell is not None)

    @property
    def prefer_not_to_say(self) -> int:
        return sum(cell.prefer_not_to_say for cell in self.cells if cell is not None)

    @property
    def not_known(self) -> int:
        return sum(cell.not_known for cell in self.cells if cell is not None)

    @property
    def prefer_not_to_say_percentage(self) -> Decimal | None:
        return percentage(self.prefer_not_to_say, self.answers)

    @property
    def not_known_percentage(self) -> Decimal | None:
        return percentage(self.not_known, self.answers)

    @property
    def prefer_not_to_say_percentage_display(self) -> str:
        return format_percentage(self.prefer_not_to_say_percentage)

    @property
    def not_known_percentage_display(self) -> str:
        return format_percentage(self.not_known_percentage)


def group_completeness(
    *, returns: Sequence[DiversityReturn], totals: LondonTotals
) -> list[GroupCompleteness]:
    """Per group and characteristic, the members answering "Prefer not to say" and "Not
    known". One query: counts summed per return, characteristic and kind."""
    columns = characteristic_columns(totals)
    asked = defaultdict(set)
    for table in totals.characteristics:
        asked[table.classification_code].add(table.key)
    sums: dict[tuple[int, str, str], int] = {}
    rows = (
        CategoryCount.objects.filter(diversity_return__in=[r.pk for r in returns])
        .exclude(category__kind=CategoryKind.CATEGORY)
        .values("diversity_return", "category__characteristic__key", "category__kind")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        key = (row["diversity_return"], row["category__characteristic__key"])
        sums[(*key, row["category__kind"])] = row["n"]
    result = []
    for diversity_return in returns:
        members = diversity_return.member_count or 0
        cells: list[CompletenessCell | None] = []
        for column in columns:
            if column.key not in asked[diversity_return.classification.code]:
                cells.append(None)
                continue
            key = (diversity_return.pk, column.key)
            cells.append(
                CompletenessCell(
                    characteristic_key=column.key,
                    prefer_not_to_say=sums.get((*key, CategoryKind.PREFER_NOT_TO_SAY), 0),
                    not_known=sums.get((*key, CategoryKind.NOT_KNOWN), 0),
                    members=members,
                )
            )
        result.append(GroupCompleteness(diversity_return.cpeg, members, cells))
    return result


# --- Representation: categories with no members, per group ----------------------------


@dataclass(frozen=True)
class MissingCategories:
    characteristic: str
    categories: list[CategoryFigure]

    @property
    def labels(self) -> list[str]:
        return [category.label for category in self.categories]


@dataclass(frozen=True)
class GroupRepresentation:
    """The real answers none of one group's members give."""

    cpeg: Cpeg
    members: int
    missing: list[MissingCategories] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return sum(len(m.categories) for m in self.missing)

    def missing_in(self, characteristic_key: str) -> list[CategoryFigure]:
        return [
            category
            for m in self.missing
            for category in m.categories
            if category.characteristic_key == characteristic_key
        ]


def group_representation(
    *, returns: Sequence[DiversityReturn], totals: LondonTotals
) -> list[GroupRepresentation]:
    """Per group, each characteristic's real answers with no member. One query: the
    (return, category) pairs with at least one member."""
    represented = set(
        CategoryCount.objects.filter(
            diversity_return__in=[r.pk for r in returns],
            count__gt=0,
            category__kind=CategoryKind.CATEGORY,
        ).values_list("diversity_return", "category")
    )
    tables_by_classification: dict[str, list[CharacteristicTotals]] = defaultdict(list)
    for table in totals.characteristics:
        tables_by_classification[table.classification_code].append(table)
    result = []
    for diversity_return in returns:
        missing = []
        for table in tables_by_classification[diversity_return.classification.code]:
            absent = [
                category
                for category in table.answer_categories
                if (diversity_return.pk, category.pk) not in represented
            ]
            if absent:
                missing.append(MissingCategories(table.name, absent))
        result.append(
            GroupRepresentation(diversity_return.cpeg, diversity_return.member_count or 0, missing)
        )
    return result
