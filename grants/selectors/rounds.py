"""Reads for the rounds pages: the list of rounds, and one round with its objectives, its
access-needs fund's history and (for those who may see it) its ledger."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from grants.models import AccessFundDrawdown, AccessFundTopUp, FundingRound, Objective
from grants.models.rounds import AccessFundMovement
from grants.permissions import is_mpa_staff
from grants.selectors.ledger import Ledger, round_ledger
from grants.workflows.round import BEING_SET_UP


def round_list(*, user: User) -> QuerySet[FundingRound]:
    """The rounds the user may see, newest first: staff see rounds being set up as well."""
    rounds = FundingRound.objects.order_by("-year_start")
    if not is_mpa_staff(user):
        rounds = rounds.exclude(status__in=BEING_SET_UP)
    return rounds


def round_by_year(*, year_start: int) -> FundingRound | None:
    """The round alone, for pages that change it."""
    return FundingRound.objects.filter(year_start=year_start).first()


def objective_in_round(*, funding_round: FundingRound, pk: int) -> Objective | None:
    return Objective.objects.filter(funding_round=funding_round, pk=pk).first()


@dataclass(frozen=True)
class AccessFundEntry:
    """One line of the access-needs fund's history: a top-up or a drawdown for a group."""

    kind: str  # "top-up" or "drawdown"
    amount: Decimal
    reason: str
    who: User
    when: datetime.datetime
    group: str = ""


def _history_entry(kind: str, row: AccessFundMovement, group: str = "") -> AccessFundEntry:
    return AccessFundEntry(
        kind=kind,
        amount=row.amount,
        reason=row.reason,
        who=row.created_by,
        when=row.created_at,
        group=group,
    )


@dataclass(frozen=True)
class RoundDetail:
    funding_round: FundingRound
    objectives: list[Objective]
    ledger: Ledger | None
    access_history: list[AccessFundEntry]


def round_detail(*, year_start: int, with_money: bool) -> RoundDetail | None:
    """The round with its objectives; with ``with_money``, also its ledger and the history of
    its access-needs fund (top-ups and drawdowns, oldest first, with who and why)."""
    prefetches: list[str | Prefetch] = ["objectives"]
    if with_money:
        prefetches += [
            Prefetch(
                "access_fund_top_ups",
                queryset=AccessFundTopUp.objects.select_related("created_by"),
            ),
            Prefetch(
                "access_fund_drawdowns",
                queryset=AccessFundDrawdown.objects.select_related("cpeg", "created_by"),
            ),
        ]
    funding_round = (
        FundingRound.objects.filter(year_start=year_start).prefetch_related(*prefetches).first()
    )
    if funding_round is None:
        return None
    history: list[AccessFundEntry] = []
    ledger = None
    if with_money:
        history = [
            _history_entry("top-up", top_up) for top_up in funding_round.access_fund_top_ups.all()
        ] + [
            _history_entry("drawdown", drawdown, group=drawdown.cpeg.name)
            for drawdown in funding_round.access_fund_drawdowns.all()
        ]
        history.sort(key=lambda entry: entry.when)
        ledger = round_ledger(funding_round=funding_round)
    return RoundDetail(
        funding_round=funding_round,
        objectives=list(funding_round.objectives.all()),
        ledger=ledger,
        access_history=history,
    )
