"""The London-wide totals for a year: a table per characteristic, a figure per category.

Zero is a finding (DESIGN.md, "Why counts, not people"): a category nobody in London
belongs to is listed, never left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cpeg_portal.fiscal import FinancialYear
from diversity.aggregates.percentages import format_percentage, percentage, share
from diversity.models import CategoryKind


@dataclass(frozen=True)
class CategoryFigure:
    """One category's London-wide count, with the members and groups it is a share of."""

    pk: int
    characteristic_key: str
    characteristic: str
    heading: str
    name: str
    kind: str
    age_to: int | None
    count: int
    members: int
    groups_returned: int
    groups_with_members: int

    @property
    def label(self) -> str:
        return f"{self.heading}: {self.name}" if self.heading else self.name

    @property
    def is_answer(self) -> bool:
        return self.kind == CategoryKind.CATEGORY

    @property
    def share(self) -> Fraction | None:
        return share(self.count, self.members)

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.count, self.members)

    @property
    def percentage_display(self) -> str:
        return format_percentage(self.percentage)

    @property
    def groups_without_members(self) -> int:
        return self.groups_returned - self.groups_with_members

    @property
    def unrepresented(self) -> bool:
        """A real answer that no member in London gives, in a year with returns."""
        return self.is_answer and self.groups_returned > 0 and self.count == 0


@dataclass(frozen=True)
class HeadingGroup:
    """Categories that sit under one heading (ethnicity); heading "" for the rest."""

    heading: str
    categories: list[CategoryFigure]


@dataclass(frozen=True)
class CharacteristicTotals:
    """One characteristic's London-wide table."""

    classification_code: str
    classification_name: str
    key: str
    name: str
    members: int
    groups_returned: int
    categories: list[CategoryFigure]

    @property
    def heading_groups(self) -> list[HeadingGroup]:
        groups: list[HeadingGroup] = []
        for category in self.categories:
            if not groups or groups[-1].heading != category.heading:
                groups.append(HeadingGroup(category.heading, []))
            groups[-1].categories.append(category)
        return groups

    @property
    def has_headings(self) -> bool:
        return any(category.heading for category in self.categories)

    @property
    def answer_categories(self) -> list[CategoryFigure]:
        return [category for category in self.categories if category.is_answer]

    @property
    def not_recorded(self) -> int:
        """Members not counted in any category. The service makes each characteristic add
        up to the committee, so this is 0 unless figures were changed by other means."""
        return self.members - sum(category.count for category in self.categories)

    @property
    def not_recorded_percentage_display(self) -> str:
        return format_percentage(percentage(self.not_recorded, self.members))

    @property
    def members_percentage_display(self) -> str:
        return format_percentage(percentage(self.members, self.members))


@dataclass(frozen=True)
class ExportRow:
    characteristic: str
    heading: str
    category: str
    count: int
    percentage: Decimal | None


@dataclass(frozen=True)
class LondonTotals:
    year_start: int
    characteristics: list[CharacteristicTotals]
    members: int
    groups_returned: int

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)

    @property
    def has_returns(self) -> bool:
        return self.groups_returned > 0

    @property
    def classification_names(self) -> list[str]:
        return list(dict.fromkeys(c.classification_name for c in self.characteristics))

    @property
    def has_several_classifications(self) -> bool:
        return len(self.classification_names) > 1

    @property
    def categories(self) -> list[CategoryFigure]:
        return [category for table in self.characteristics for category in table.categories]

    @property
    def unrepresented(self) -> list[CategoryFigure]:
        """Real answers with no member anywhere in London."""
        return [category for category in self.categories if category.unrepresented]

    def export_rows(self) -> list[ExportRow]:
        """The unsuppressed table for download, a row per category (and a "Not recorded"
        row for a characteristic whose counts fall short of its members)."""
        rows = []
        for table in self.characteristics:
            for category in table.categories:
                rows.append(
                    ExportRow(
                        table.name,
                        category.heading,
                        category.name,
                        category.count,
                        category.percentage,
                    )
                )
            if table.not_recorded:
                rows.append(
                    ExportRow(
                        table.name,
                        "",
                        "Not recorded",
                        table.not_recorded,
                        percentage(table.not_recorded, table.members),
                    )
                )
        return rows
