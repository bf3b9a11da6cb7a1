"""Tables for download, whatever app they come from: columns that say how their values are
written, and rows of typed values. ``cpeg_portal.writers`` turns any of them into CSV or an
Excel workbook.

Values keep their types (``Decimal`` money and percentages, ``int`` counts,
``datetime.date``, text) so that each writer can present them properly; ``None`` is an empty
cell.
"""

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

Cell = str | int | Decimal | datetime.date | None


class Kind(enum.Enum):
    """How a column's values are written."""

    TEXT = "text"
    MONEY = "money"  # pounds and pence, written as a number with two decimal places
    PERCENT = "percent"  # a percentage, written as a number with one decimal place
    DATE = "date"
    COUNT = "count"  # a whole number, written as it is
    #: A number with one decimal place and no unit: a percentage in a column whose heading
    #: says so (the workbook shows 6.3, where ``PERCENT`` shows 6.3%).
    ONE_DECIMAL_PLACE = "one decimal place"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT
    width: int = 14  # in characters, for the workbook


class Table(Protocol):
    """What a writer needs of a table: its columns, its rows (a value per column) and the
    title its worksheet gets."""

    @property
    def columns(self) -> tuple[Column, ...]: ...

    @property
    def rows(self) -> list[tuple[Cell, ...]]: ...

    @property
    def sheet_title(self) -> str: ...


@dataclass(frozen=True)
class Sheet:
    """A table with nothing more to it than its worksheet's title."""

    sheet_title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]


def headings(table: Table) -> list[str]:
    return [column.heading for column in table.columns]
