"""UK financial years and quarters.

A financial year runs from 1 April to 31 March and is named by its two calendar years,
``2011/12``. Q1 is April–June, Q2 July–September, Q3 October–December and Q4
January–March, which falls in the next calendar year.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_LABEL = re.compile(r"^(\d{4})/(\d{2})$")
_QUARTER_START_MONTHS = {1: 4, 2: 7, 3: 10, 4: 1}


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of ``start_year``."""

    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        """Read a label such as ``2011/12``; the second part must follow the first."""
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"Enter a financial year like 2011/12, not {label!r}")
        start_year = int(match.group(1))
        if (start_year + 1) % 100 != int(match.group(2)):
            raise ValueError(
                f"{label!r} is not a financial year: {start_year} is followed by "
                f"{(start_year + 1) % 100:02d}"
            )
        return cls(start_year)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, 4, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 3, 31)

    def quarter(self, number: int) -> Quarter:
        return Quarter(self, number)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self, number) for number in (1, 2, 3, 4))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


#: The quarters of a financial year, numbered as the work plan, returns and instalments use them.
QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter (1–4) of a financial year."""

    year: FinancialYear
    number: int

    def __post_init__(self) -> None:
        if self.number not in _QUARTER_START_MONTHS:
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        year = FinancialYear.containing(day)
        months_into_year = (day.month - 4) % 12
        return cls(year, months_into_year // 3 + 1)

    @property
    def start(self) -> datetime.date:
        month = _QUARTER_START_MONTHS[self.number]
        calendar_year = self.year.start_year + (1 if self.number == 4 else 0)
        return datetime.date(calendar_year, month, 1)

    @property
    def end(self) -> datetime.date:
        if self.number == 4:
            return self.year.end
        return self.year.quarter(self.number + 1).start - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year.label}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
