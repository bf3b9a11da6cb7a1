"""The round's returns as the dashboards and the export read them: the grid of 32 boroughs by
four quarters, the same grid of ratings for each objective, the groups without an agreed work
plan, and the London-wide totals of the standard counts.

Which version a cell shows:

- ``current``: the latest version of the borough's return for the quarter (its workflow and
  time states). A correction in draft is the group's own: staff read its accepted predecessor.
- ``accepted``: the latest *accepted* version; ratings always come from it. The committee's
  grid reads accepted versions only, so nothing else ever reaches it.

The London-wide totals count accepted returns only, each award's latest accepted version for
the quarter (a correction replaces the version it corrects rather than adding to it), summed
in the database.

Every read is one query however many boroughs, quarters and objectives: the rounds with
returns, the boroughs, the round's awards, its objectives, its returns, their ratings and the
totals (and, for the export, the spend lines).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse

from boroughs.models import Borough
from cpeg_portal.fiscal import QUARTERS
from grants.models import Award, FundingRound, Objective
from slas.models import COUNT_FIELDS, QuarterlyReturn, Rag, Rating, ReturnStatus, SpendLine
from slas.permissions import GROUP_ONLY
from slas.ratings import change_note, rating_colour
from slas.timing import describe
from slas.workflows.quarterly_return import HANDED_IN

#: The fields of a return the grids read (never its narrative, evidence or spend).
GRID_FIELDS = (
    "pk",
    "award",
    "funding_round",
    "cpeg",
    "quarter",
    "version",
    "status",
    "time_state",
    "days_overdue",
    "due_on",
    "answer_due_on",
)


@dataclass(frozen=True)
class RatingShown:
    """A final rating as a tag: the word, its colour, and the change since the quarter
    before in the same row ("Down from Green"; empty when unchanged or the first)."""

    value: str
    change: str = ""

    @property
    def label(self) -> str:
        return Rag(self.value).label

    @property
    def colour(self) -> str:
        return rating_colour(self.value)


@dataclass
class GridCell:
    quarter: int
    current: QuarterlyReturn | None = None
    accepted: QuarterlyReturn | None = None
    overall: RatingShown | None = None
    by_objective: dict[int, RatingShown] = field(default_factory=dict)

    @property
    def readable(self) -> QuarterlyReturn | None:
        """The version staff may read: the latest, unless it is a draft only the group sees
        (then its accepted predecessor, if any)."""
        if self.current is not None and self.current.status not in GROUP_ONLY:
            return self.current
        return self.accepted

    @property
    def handed_in(self) -> bool:
        return self.current is not None and self.current.status in HANDED_IN

    @property
    def time(self) -> str:
        """The time state in words while the group still owes the return ("Overdue by 3
        days"); empty once handed in."""
        if self.current is None or self.handed_in:
            return ""
        return describe(self.current)

    @property
    def days_overdue(self) -> int | None:
        if self.current is None:
            return None
        return 0 if self.handed_in else self.current.days_overdue

    @property
    def url(self) -> str:
        """Staff's page for the return (the officer's review page, which shows any state
        staff may read); empty when there is nothing staff may read."""
        readable = self.readable
        if readable is None:
            return ""
        return reverse("slas:review", kwargs={"pk": readable.pk})

    @property
    def action(self) -> str:
        readable = self.readable
        if readable is None:
            return ""
        return "Review" if readable.status == ReturnStatus.SUBMITTED else "Read"


@dataclass
class GridRow:
    borough: Borough
    funding: str  # "full", "interim" or "none": the group's award in the round
    cells: list[GridCell]

    @property
    def funding_label(self) -> str:
        return {"full": "", "interim": "Interim funding", "none": "No award"}[self.funding]


@dataclass(frozen=True)
class ObjectiveRow:
    borough: Borough
    ratings: list[RatingShown | None]  # one per quarter


@dataclass(frozen=True)
class ObjectiveGrid:
    objective: Objective
    rows: list[ObjectiveRow]


@dataclass(frozen=True)
class WithoutWorkPlan:
    """A group with no agreed work plan in the round: its interim awards, if any."""

    borough: Borough
    interim_awards: list[Award]

    @property
    def interim_total(self) -> Decimal:
        return sum((award.amount for award in self.interim_awards), Decimal("0.00"))


@dataclass(frozen=True)
class QuarterTotals:
    """London-wide totals of the standard counts for one quarter, from accepted returns."""

    quarter: int
    returns: int
    counts: tuple[int, ...]  # in COUNT_FIELDS order; 0 when no accepted return reports one


@dataclass(frozen=True)
class Dashboard:
    funding_round: FundingRound
    rounds: list[FundingRound]  # the rounds with returns, newest first, for the chooser
    objectives: list[Objective]
    rows: list[GridRow]
    objective_grids: list[ObjectiveGrid]
    without_work_plan: list[WithoutWorkPlan]
    totals: list[QuarterTotals]
    committee: bool

    @property
    def quarters(self) -> tuple[int, ...]:
        return QUARTERS

    @property
    def count_rows(self) -> list[tuple[str, list[int]]]:
        """The totals as a table reads them: each count's name and its four quarters."""
        return [
            (heading, [totals.counts[index] for totals in self.totals])
            for index, heading in enumerate(count_headings())
        ]


def rounds_with_returns() -> list[FundingRound]:
    """The rounds that have returns, newest first; one query."""
    return list(
        FundingRound.objects.filter(
            Exists(QuarterlyReturn.objects.filter(funding_round=OuterRef("pk")))
        ).order_by("-year_start")
    )


def choose_round(rounds: list[FundingRound], year: int | None) -> FundingRound | None:
    """The round asked for (by its first year), or by default the newest with returns."""
    if year is None:
        return rounds[0] if rounds else None
    return next((r for r in rounds if r.year_start == year), None)


def count_headings() -> list[str]:
    """The standard counts' names, as the return asks them."""
    fields = {field.name: field for field in QuarterlyReturn._meta.concrete_fields}
    names = [str(fields[name].verbose_name) for name in COUNT_FIELDS]
    return [name[:1].upper() + name[1:] for name in names]


def _returns_by_cell(
    funding_round: FundingRound, *, committee: bool, extra_fields: tuple[str, ...] = ()
) -> tuple[dict[tuple[int, int], QuarterlyReturn], dict[tuple[int, int], QuarterlyReturn]]:
    """The latest and the latest accepted version per (group, quarter); one query. For the
    committee, accepted versions only."""
    returns = QuarterlyReturn.objects.filter(funding_round=funding_round)
    if committee:
        returns = returns.filter(status=ReturnStatus.ACCEPTED)
    latest: dict[tuple[int, int], QuarterlyReturn] = {}
    accepted: dict[tuple[int, int], QuarterlyReturn] = {}
    for quarterly_return in returns.only(*GRID_FIELDS, *extra_fields).order_by(
        "cpeg_id", "quarter", "version"
    ):
        key = (quarterly_return.cpeg_id, quarterly_return.quarter)
        latest[key] = quarterly_return
        if quarterly_return.status == ReturnStatus.ACCEPTED:
            accepted[key] = quarterly_return
    return latest, accepted


def _ratings(funding_round: FundingRound) -> dict[int, dict[int | None, str]]:
    """The final ratings of the round's accepted returns, by return and objective (None:
    overall); one query."""
    ratings: dict[int, dict[int | None, str]] = defaultdict(dict)
    for return_id, objective_id, final in Rating.objects.filter(
        quarterly_return__funding_round=funding_round,
        quarterly_return__status=ReturnStatus.ACCEPTED,
    ).values_list("quarterly_return_id", "objective_id", "final"):
        ratings[return_id][objective_id] = final
    return ratings


def london_totals(funding_round: FundingRound) -> list[QuarterTotals]:
    """The standard counts summed over London for each quarter, from each award's latest
    accepted return (a correction replaces what it corrects); one query."""
    sums = {
        row["quarter"]: row
        for row in QuarterlyReturn.objects.filter(
            funding_round=funding_round, status=ReturnStatus.ACCEPTED
        )
        .exclude(correction__status=ReturnStatus.ACCEPTED)
        .values("quarter")
        .annotate(returns=Count("pk"), **{name: Sum(name) for name in COUNT_FIELDS})
        .order_by("quarter")
    }
    return [
        QuarterTotals(
            quarter=quarter,
            returns=sums[quarter]["returns"] if quarter in sums else 0,
            counts=tuple(
                (sums[quarter][name] or 0) if quarter in sums else 0 for name in COUNT_FIELDS
            ),
        )
        for quarter in QUARTERS
    ]


def _funding(awards: list[Award]) -> dict[int, str]:
    funding: dict[int, str] = {}
    for award in awards:
        if not award.is_interim:
            funding[award.cpeg_id] = "full"
        else:
            funding.setdefault(award.cpeg_id, "interim")
    return funding


@dataclass(frozen=True)
class _Grid:
    awards: list[Award]
    objectives: list[Objective]
    rows: list[GridRow]


def _grid(
    funding_round: FundingRound, *, committee: bool, extra_fields: tuple[str, ...] = ()
) -> _Grid:
    """Every borough's row of four cells, with ratings and their changes; five queries (the
    boroughs, the round's awards, its objectives, its returns and their ratings)."""
    boroughs = list(Borough.objects.select_related("cpeg").order_by("name"))
    awards = list(
        Award.objects.filter(funding_round=funding_round)
        .only("pk", "cpeg_id", "is_interim", "amount", "interim_reason", "awarded_on")
        .order_by("awarded_on", "pk")
    )
    objectives = list(funding_round.objectives.order_by("position", "code"))
    latest, accepted = _returns_by_cell(
        funding_round, committee=committee, extra_fields=extra_fields
    )
    ratings = _ratings(funding_round)
    funding = _funding(awards)

    rows = []
    for borough in boroughs:
        cells = []
        before: dict[int | None, str] = {}  # the quarter before's ratings, for the change
        for quarter in QUARTERS:
            key = (borough.cpeg.pk, quarter)
            cell = GridCell(quarter=quarter, current=latest.get(key), accepted=accepted.get(key))
            for version in (cell.current, cell.accepted):
                if version is not None:  # for its reference, without a query
                    version.cpeg, version.funding_round = borough.cpeg, funding_round
            rated = ratings.get(cell.accepted.pk, {}) if cell.accepted is not None else {}
            if None in rated:
                cell.overall = RatingShown(rated[None], change_note(before.get(None), rated[None]))
            cell.by_objective = {
                objective.pk: RatingShown(
                    rated[objective.pk], change_note(before.get(objective.pk), rated[objective.pk])
                )
                for objective in objectives
                if objective.pk in rated
            }
            cells.append(cell)
            before = rated
        rows.append(
            GridRow(borough=borough, funding=funding.get(borough.cpeg.pk, "none"), cells=cells)
        )
    return _Grid(awards=awards, objectives=objectives, rows=rows)


def round_dashboard(
    *, funding_round: FundingRound, rounds: list[FundingRound], committee: bool = False
) -> Dashboard:
    """The round's grids, groups without a work plan and London-wide totals; six queries.
    For the committee (``committee``): accepted versions only, and no list of groups'
    funding."""
    grid = _grid(funding_round, committee=committee)
    objective_grids = [
        ObjectiveGrid(
            objective=objective,
            rows=[
                ObjectiveRow(
                    borough=row.borough,
                    ratings=[cell.by_objective.get(objective.pk) for cell in row.cells],
                )
                for row in grid.rows
            ],
        )
        for objective in grid.objectives
    ]
    without_work_plan = []
    if not committee:
        interim: dict[int, list[Award]] = defaultdict(list)
        for award in grid.awards:
            if award.is_interim:
                interim[award.cpeg_id].append(award)
        without_work_plan = [
            WithoutWorkPlan(
                borough=row.borough, interim_awards=interim.get(row.borough.cpeg.pk, [])
            )
            for row in grid.rows
            if row.funding != "full"
        ]
    return Dashboard(
        funding_round=funding_round,
        rounds=rounds,
        objectives=grid.objectives,
        rows=grid.rows,
        objective_grids=objective_grids,
        without_work_plan=without_work_plan,
        totals=london_totals(funding_round),
        committee=committee,
    )


# The export


@dataclass(frozen=True)
class ExportRow:
    """One borough's quarter for the export: the cell (states and ratings), and the spend
    lines of the version staff may read (``cell.readable``, whose counts the row gives)."""

    borough: Borough
    funding: str
    cell: GridCell
    spend: dict[str, Decimal | None]  # spend to date by budget category


def export_rows(*, funding_round: FundingRound) -> tuple[list[Objective], list[ExportRow]]:
    """One row per borough per quarter, in borough then quarter order; six queries (the
    grid's five, with the counts, and the spend lines of the versions staff may read)."""
    grid = _grid(funding_round, committee=False, extra_fields=COUNT_FIELDS)
    readable_ids = [
        cell.readable.pk for row in grid.rows for cell in row.cells if cell.readable is not None
    ]
    spend: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for return_id, category, spent in SpendLine.objects.filter(
        quarterly_return_id__in=readable_ids
    ).values_list("quarterly_return_id", "category", "spent_to_date"):
        spend[return_id][category] = spent
    rows = [
        ExportRow(
            borough=row.borough,
            funding=row.funding,
            cell=cell,
            spend=spend.get(cell.readable.pk, {}) if cell.readable is not None else {},
        )
        for row in grid.rows
        for cell in row.cells
    ]
    return grid.objectives, rows
