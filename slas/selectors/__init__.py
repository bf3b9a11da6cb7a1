"""Reads for service-level agreements: an award's milestones, quarter by quarter."""

from dataclasses import dataclass

from cpeg_portal.fiscal import QUARTERS, FinancialYear, Quarter
from grants.models import Award
from slas.models import SlaMilestone


@dataclass(frozen=True)
class SlaQuarter:
    quarter: Quarter
    milestones: list[SlaMilestone]  # by objective, then activity; each with its objective

    @property
    def due_count(self) -> int:
        return sum(1 for milestone in self.milestones if not milestone.not_due)


def sla_by_quarter(*, award: Award) -> list[SlaQuarter]:
    """The award's SLA milestones for quarters 1 to 4, in one query. Empty for an award
    without an SLA (interim funding)."""
    milestones = list(
        SlaMilestone.objects.filter(award=award)
        .select_related("objective")
        .order_by("quarter", "objective__position", "objective__code", "pk")
    )
    if not milestones:
        return []
    year = FinancialYear(award.funding_round.year_start)
    return [
        SlaQuarter(
            quarter=year.quarter(number),
            milestones=[milestone for milestone in milestones if milestone.quarter == number],
        )
        for number in QUARTERS
    ]
