"""The published diversity figures: London-wide counts per characteristic, after disclosure
control. Everything the committee sees, on the page or in the CSV export, comes from here."""

from dataclasses import dataclass
from decimal import Decimal

from diversity import disclosure
from diversity.aggregates import london_totals


@dataclass(frozen=True)
class PublishedRow:
    heading: str
    category: str
    cell: disclosure.Cell
    percentage: Decimal | None

    @property
    def label(self) -> str:
        return disclosure.label(self.cell)


@dataclass(frozen=True)
class PublishedCharacteristic:
    name: str
    rows: list[PublishedRow]
    total: disclosure.Cell

    @property
    def total_label(self) -> str:
        return disclosure.label(self.total)


@dataclass(frozen=True)
class PublishedYear:
    year_start: int
    groups_returned: int
    threshold: int
    characteristics: list[PublishedCharacteristic]

    @property
    def uses_secondary_label(self) -> bool:
        return any(
            cell.suppression is disclosure.Suppression.SECONDARY
            for characteristic in self.characteristics
            for cell in [characteristic.total, *(row.cell for row in characteristic.rows)]
        )


def published_year(*, year_start: int) -> PublishedYear:
    """Each characteristic's London-wide counts and total, suppressed.

    Every characteristic's total is the same figure (the number of members), so it is
    published the same way in every table: if any table hides it, all do. Hiding a figure
    more never lets a reader work out one that was hidden before.
    """
    totals = london_totals(year_start=year_start)
    threshold = disclosure.resolve_threshold()
    suppressed = [
        (
            characteristic,
            disclosure.suppress_counts({c.pk: c.count for c in characteristic.categories}),
        )
        for characteristic in totals.characteristics
    ]
    total_hidden = any(table.total.hidden for _, table in suppressed)
    characteristics = []
    for characteristic, table in suppressed:
        total = (
            disclosure.Cell(
                value=None, suppression=disclosure.Suppression.SECONDARY, threshold=threshold
            )
            if total_hidden
            else table.total
        )
        rows = [
            PublishedRow(
                heading=category.heading,
                category=category.name,
                cell=table.cells[category.pk],
                percentage=disclosure.percentage(table.cells[category.pk], total),
            )
            for category in characteristic.categories
        ]
        characteristics.append(
            PublishedCharacteristic(name=characteristic.name, rows=rows, total=total)
        )
    return PublishedYear(
        year_start=year_start,
        groups_returned=totals.groups_returned,
        threshold=threshold,
        characteristics=characteristics,
    )


def published_csv_rows(published: PublishedYear) -> list[tuple[str, str, str]]:
    """The export's rows: (characteristic, category, count or suppression label), with a
    ``Total`` row after each characteristic's categories."""
    rows = []
    for characteristic in published.characteristics:
        for row in characteristic.rows:
            category = f"{row.heading}: {row.category}" if row.heading else row.category
            rows.append((characteristic.name, category, row.label))
        rows.append((characteristic.name, "Total", characteristic.total_label))
    return rows
