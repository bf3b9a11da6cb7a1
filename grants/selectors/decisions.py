"""Reads for committee decisions and awards: what each page needs, in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from cpeg_portal.fiscal import QUARTERS
from grants.models import (
    Application,
    Award,
    CommitteeMeeting,
    Decision,
    FundingRound,
    Instalment,
)
from grants.workflows.application import AWAITING_DECISION

ZERO = Decimal("0.00")
_MONEY: DecimalField = DecimalField(max_digits=14, decimal_places=2)


def applications_awaiting_decision(*, funding_round: FundingRound) -> QuerySet[Application]:
    """Recommended (or earlier deferred) applications, by borough, with the recommendation on
    each row (``recommended_amount``, ``recommendation_conditions``)."""
    return (
        Application.objects.filter(funding_round=funding_round, status__in=AWAITING_DECISION)
        .select_related("cpeg__borough")
        .order_by("cpeg__borough__name")
    )


def round_meetings(*, funding_round: FundingRound) -> QuerySet[CommitteeMeeting]:
    """The round's committee meetings, newest first, each with how many decisions it made."""
    return CommitteeMeeting.objects.filter(funding_round=funding_round).annotate(
        decision_count=Count("decisions")
    )


def meeting_detail(*, pk: int) -> CommitteeMeeting | None:
    """A meeting with its decisions (group, outcome, amount, award) in two queries."""
    return (
        CommitteeMeeting.objects.select_related("funding_round", "recorded_by")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "application__cpeg__borough", "award"
                ).order_by("application__cpeg__borough__name"),
            )
        )
        .filter(pk=pk)
        .first()
    )


def decision_detail(*, pk: int) -> Decision | None:
    """A decision for its letter: the meeting, the group and the award it made, if any."""
    return (
        Decision.objects.select_related(
            "meeting__funding_round", "application__cpeg__borough", "award"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class RoundAwards:
    awards: list[Award]  # each with ``instalments`` prefetched, in quarter order
    count: int
    total: Decimal
    interim_total: Decimal
    quarter_totals: dict[int, Decimal]

    @property
    def quarter_total_list(self) -> list[Decimal]:
        return [self.quarter_totals[quarter] for quarter in QUARTERS]


def round_awards(*, funding_round: FundingRound) -> RoundAwards:
    """Every award in the round, by borough, with its instalments and the totals."""
    awards = list(
        Award.objects.filter(funding_round=funding_round)
        .select_related("cpeg__borough")
        .prefetch_related(Prefetch("instalments", queryset=Instalment.objects.order_by("quarter")))
    )
    totals = Award.objects.filter(funding_round=funding_round).aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=_MONEY),
        interim_total=Coalesce(
            Sum("amount", filter=Q(is_interim=True)), Value(ZERO), output_field=_MONEY
        ),
    )
    by_quarter = dict(
        Instalment.objects.filter(award__funding_round=funding_round)
        .values("quarter")
        .annotate(total=Sum("amount"))
        .values_list("quarter", "total")
    )
    return RoundAwards(
        awards=awards,
        count=totals["count"],
        total=Decimal(totals["total"]),
        interim_total=Decimal(totals["interim_total"]),
        quarter_totals={quarter: Decimal(by_quarter.get(quarter) or ZERO) for quarter in QUARTERS},
    )


def award_detail(*, pk: int) -> Award | None:
    """An award with its round, group, decision and meeting; instalments prefetched."""
    return (
        Award.objects.select_related(
            "funding_round", "cpeg__borough", "decision__meeting", "created_by"
        )
        .prefetch_related(Prefetch("instalments", queryset=Instalment.objects.order_by("quarter")))
        .filter(pk=pk)
        .first()
    )
