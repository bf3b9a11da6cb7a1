"""The round's money, to the penny: budget, ceiling, recommended, approved, access fund, and
the instalments released and still to release (``slas.selectors.instalments``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from grants.models import (
    AccessFundDrawdown,
    AccessFundTopUp,
    Application,
    Award,
    FundingRound,
)
from grants.workflows.application import AWAITING_DECISION
from slas.selectors.instalments import instalment_totals

ZERO = Decimal("0.00")


def _sum(queryset, field: str) -> Decimal:
    money: DecimalField = DecimalField(max_digits=14, decimal_places=2)
    total = queryset.aggregate(total=Coalesce(Sum(field), Value(ZERO), output_field=money))
    return Decimal(total["total"]).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Ledger:
    total_budget: Decimal
    ceiling: Decimal
    recommended: Decimal  # recommended, awaiting the committee
    approved: Decimal  # awarded, interim awards included
    access_fund: Decimal  # the starting fund plus every top-up
    access_drawn: Decimal
    released: Decimal = ZERO  # instalments paid
    to_release: Decimal = ZERO  # instalments scheduled or ready: released + this = approved

    @property
    def remaining(self) -> Decimal:
        """What may still be awarded before the ceiling."""
        return self.ceiling - self.approved

    @property
    def committed(self) -> Decimal:
        """Awarded plus recommended: what the round would spend if the committee agreed."""
        return self.approved + self.recommended

    @property
    def over_ceiling_by(self) -> Decimal:
        """How far awards and outstanding recommendations go past the ceiling (0 if not)."""
        return max(ZERO, self.committed - self.ceiling)

    @property
    def access_available(self) -> Decimal:
        return self.access_fund - self.access_drawn


def approved_total(*, funding_round: FundingRound) -> Decimal:
    return _sum(Award.objects.filter(funding_round=funding_round), "amount")


def access_fund_available(*, funding_round: FundingRound) -> Decimal:
    top_ups = _sum(AccessFundTopUp.objects.filter(funding_round=funding_round), "amount")
    drawn = _sum(AccessFundDrawdown.objects.filter(funding_round=funding_round), "amount")
    return funding_round.access_fund + top_ups - drawn


def round_ledger(*, funding_round: FundingRound) -> Ledger:
    instalments = instalment_totals(funding_round=funding_round)
    top_ups = _sum(AccessFundTopUp.objects.filter(funding_round=funding_round), "amount")
    return Ledger(
        total_budget=funding_round.total_budget,
        ceiling=funding_round.allocable_ceiling,
        recommended=_sum(
            Application.objects.filter(funding_round=funding_round, status__in=AWAITING_DECISION),
            "recommended_amount",
        ),
        approved=approved_total(funding_round=funding_round),
        access_fund=funding_round.access_fund + top_ups,
        access_drawn=_sum(AccessFundDrawdown.objects.filter(funding_round=funding_round), "amount"),
        released=instalments.released,
        to_release=instalments.to_release,
    )
