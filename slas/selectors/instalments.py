"""Reads for instalments: the round's instalments for MPA staff (filtered by status, borough
and quarter, each marked "held" when the return before it is long overdue), and the round's
totals released and still to release, to the penny."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from boroughs.models import Borough
from grants.models import Award, FundingRound, Instalment, InstalmentStatus
from grants.models.money import PENNY
from grants.workflows.round import BEING_SET_UP
from slas.models import QuarterlyReturn, ReturnStatus, TimeState

#: Days overdue after which the return's next instalment is shown as held (the funding
#: manager is told on the same day: ``ReminderStep.OVERDUE_28``).
HELD_AFTER_DAYS = 28

ZERO = Decimal("0.00")
_MONEY: DecimalField = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class InstalmentTotals:
    """The round's instalments: released, and still to release (what its awards add up to,
    less what is released), so that the two always make the total awarded."""

    released: Decimal
    to_release: Decimal

    @property
    def total(self) -> Decimal:
        """What the round's awards add up to."""
        return self.released + self.to_release


def _round_sum(queryset: QuerySet, field: str) -> Coalesce:
    """The sum of ``field`` over ``queryset`` (filtered by the outer round), or £0.00."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=_MONEY,
        ),
        Value(ZERO),
        output_field=_MONEY,
    )


def instalment_totals(*, funding_round: FundingRound) -> InstalmentTotals:
    """Released and still to release in the round, summed by the database: one query."""
    sums = (
        FundingRound.objects.filter(pk=funding_round.pk)
        .annotate(
            awarded=_round_sum(Award.objects.filter(funding_round=OuterRef("pk")), "amount"),
            released=_round_sum(
                Instalment.objects.filter(
                    award__funding_round=OuterRef("pk"), status=InstalmentStatus.RELEASED
                ),
                "amount",
            ),
        )
        .values("awarded", "released")
        .get()
    )
    awarded = Decimal(sums["awarded"]).quantize(PENNY)
    released = Decimal(sums["released"]).quantize(PENNY)
    return InstalmentTotals(released=released, to_release=awarded - released)


def instalment_rounds() -> list[FundingRound]:
    """Every round but those being set up (no awards yet), newest first: the list's filter."""
    return list(FundingRound.objects.exclude(status__in=BEING_SET_UP).order_by("-year_start"))


def instalment_default_round(rounds: Sequence[FundingRound]) -> FundingRound | None:
    """The round the list opens on: the newest that is not being set up."""
    return rounds[0] if rounds else None


def instalment_boroughs() -> list[Borough]:
    return list(Borough.objects.order_by("name"))


def held_instalments() -> Q:
    """The instalment is not released and the return for the quarter before it, never
    accepted, is ``HELD_AFTER_DAYS`` or more days overdue."""
    previous = QuarterlyReturn.objects.filter(
        award=OuterRef("award"), quarter=OuterRef("quarter") - 1
    )
    return Q(
        Exists(previous.filter(time_state=TimeState.OVERDUE, days_overdue__gte=HELD_AFTER_DAYS))
    ) & ~Q(Exists(previous.filter(status=ReturnStatus.ACCEPTED)))


def round_instalments(
    *,
    funding_round: FundingRound,
    status: str = "",
    borough: Borough | None = None,
    quarter: int | None = None,
) -> QuerySet[Instalment]:
    """The round's instalments by borough and quarter, each with its award, group, borough
    and who released it, and ``held`` (see ``held_instalments``): one query, however many
    boroughs."""
    instalments = (
        Instalment.objects.filter(award__funding_round=funding_round)
        .select_related("award__cpeg__borough", "released_by")
        .annotate(
            held=held_instalments()
            & ~Q(status=InstalmentStatus.RELEASED)
            & Q(quarter__gt=1)
            & Q(award__is_interim=False),
        )
        .order_by("award__cpeg__borough__name", "award__reference", "quarter")
    )
    if status:
        instalments = instalments.filter(status=status)
    if borough is not None:
        instalments = instalments.filter(award__cpeg__borough=borough)
    if quarter is not None:
        instalments = instalments.filter(quarter=quarter)
    return instalments


def instalment_for_release(*, pk: int) -> Instalment | None:
    """One instalment with its award, round, group and borough, for the release page."""
    return (
        Instalment.objects.select_related(
            "award__funding_round", "award__cpeg__borough", "released_by"
        )
        .filter(pk=pk)
        .first()
    )
