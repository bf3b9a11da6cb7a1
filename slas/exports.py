"""A round's quarterly returns as a table for the CSV and Excel downloads (written by
``cpeg_portal.writers``, which keeps typed text from running as a formula): one row per
borough per quarter, for link officers and the funding manager.

Each row gives the latest version's state and time state, the ratings of the latest accepted
version (per objective and overall), and the standard counts and spend to date of the version
staff may read ("Figures from": the latest, or the accepted one a correction in draft is
replacing). A borough with no return for the quarter (interim funding, or no award) still has
its row, saying so. Read in six queries however many rows (``export_rows``).
"""

from dataclasses import dataclass
from decimal import Decimal

from cpeg_portal.tables import Cell, Column, Kind
from grants.models import BudgetCategory, FundingRound
from slas.models import COUNT_FIELDS, QuarterlyReturn, TimeState
from slas.selectors.dashboards import ExportRow, count_headings, export_rows
from slas.workflows.quarterly_return import QUARTERLY_RETURN

FUNDING_WORDS = {"full": "Award", "interim": "Interim funding", "none": "No award"}


@dataclass(frozen=True)
class ReturnsTable:
    funding_round: FundingRound
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]

    @property
    def year_slug(self) -> str:
        return self.funding_round.label.replace("/", "-")

    def filename(self, extension: str) -> str:
        return f"cpeg-returns-{self.year_slug}.{extension}"

    @property
    def sheet_title(self) -> str:
        return f"Returns {self.year_slug}"


def _columns(objective_codes: list[str]) -> tuple[Column, ...]:
    return (
        Column("Borough", width=24),
        Column("Quarter", Kind.COUNT, width=8),
        Column("Funding", width=16),
        Column("Reference", width=28),
        Column("State", width=24),
        Column("Time state", width=24),
        Column("Days overdue", Kind.COUNT, width=8),
        *(Column(f"Rating {code}", width=10) for code in objective_codes),
        Column("Overall rating", width=10),
        Column("Figures from", width=28),
        *(Column(heading, Kind.COUNT, width=12) for heading in count_headings()),
        Column("Spend to date", Kind.MONEY),
        *(
            Column(f"Spend to date: {label.lower()}", Kind.MONEY)
            for _, label in BudgetCategory.choices
        ),
    )


def _spend_total(spend: dict[str, Decimal | None]) -> Decimal | None:
    amounts = [amount for amount in spend.values() if amount is not None]
    return sum(amounts, Decimal("0.00")) if amounts else None


def _row(row: ExportRow, objective_pks: list[int]) -> tuple[Cell, ...]:
    cell = row.cell
    current: QuarterlyReturn | None = cell.current
    figures = cell.readable
    return (
        row.borough.name,
        cell.quarter,
        FUNDING_WORDS[row.funding],
        current.reference if current is not None else None,
        QUARTERLY_RETURN.state_of(current).label if current is not None else "No return",
        (cell.time or TimeState.HANDED_IN.label) if current is not None else None,
        cell.days_overdue,
        *(
            rating.label if (rating := cell.by_objective.get(pk)) is not None else None
            for pk in objective_pks
        ),
        cell.overall.label if cell.overall is not None else None,
        figures.reference if figures is not None else None,
        *(getattr(figures, name) if figures is not None else None for name in COUNT_FIELDS),
        _spend_total(row.spend),
        *(row.spend.get(category) for category, _ in BudgetCategory.choices),
    )


def returns_table(*, funding_round: FundingRound) -> ReturnsTable:
    objectives, rows = export_rows(funding_round=funding_round)
    objective_pks = [objective.pk for objective in objectives]
    return ReturnsTable(
        funding_round=funding_round,
        columns=_columns([objective.code for objective in objectives]),
        rows=[_row(row, objective_pks) for row in rows],
    )
