"""London-wide diversity figures as tables for download; ``cpeg_portal.writers`` writes them
as CSV or Excel, as it does a round's applications and awards.

- ``london_table``: the unsuppressed table officers download (characteristic, heading,
  category, count, percentage of all members to one decimal place);
- ``published_table``: the figures the committee sees, after disclosure control;
- ``full_counts_table``: the unsuppressed counts in the published table's shape, for
  ``manage.py export_diversity`` without ``--published``.
"""

from cpeg_portal.fiscal import FinancialYear
from cpeg_portal.tables import Cell, Column, Kind, Sheet
from diversity.aggregates import LondonTotals, london_totals
from diversity.published import PublishedYear, published_csv_rows

LONDON_COLUMNS = (
    Column("characteristic", width=20),
    Column("heading", width=38),
    Column("category", width=46),
    Column("count", Kind.COUNT, width=10),
    Column("percentage", Kind.ONE_DECIMAL_PLACE, width=12),
)

#: The published figures: a count, or the label of a hidden one, per category.
PUBLISHED_COLUMNS = (Column("characteristic"), Column("category"), Column("count"))
FULL_COUNTS_COLUMNS = (Column("characteristic"), Column("category"), Column("count", Kind.COUNT))


def year_slug(year_start: int) -> str:
    """The year for a file or worksheet name: ``2011-12`` for 2011/12."""
    return FinancialYear(year_start).label.replace("/", "-")


def london_table(*, year_start: int) -> Sheet:
    """The unsuppressed London-wide table, a row per category (empty percentages when
    nobody has returned)."""
    rows: list[tuple[Cell, ...]] = [
        (row.characteristic, row.heading, row.category, row.count, row.percentage)
        for row in london_totals(year_start=year_start).export_rows()
    ]
    return Sheet(f"London {year_slug(year_start)}", LONDON_COLUMNS, rows)


def published_table(published: PublishedYear) -> Sheet:
    rows: list[tuple[Cell, ...]] = list(published_csv_rows(published))
    return Sheet(f"Published {year_slug(published.year_start)}", PUBLISHED_COLUMNS, rows)


def full_counts_table(totals: LondonTotals) -> Sheet:
    """Each category's count, and a ``Total`` row (the members) after each characteristic."""
    rows: list[tuple[Cell, ...]] = []
    for characteristic in totals.characteristics:
        for category in characteristic.categories:
            rows.append((characteristic.name, category.label, category.count))
        rows.append((characteristic.name, "Total", characteristic.members))
    return Sheet(f"London {year_slug(totals.year_start)}", FULL_COUNTS_COLUMNS, rows)
