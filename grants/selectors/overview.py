"""What the home pages and navigation say about funding: the current round, and where a
group stands in it."""

from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.models import User
from boroughs.models import Cpeg
from grants.models import (
    Application,
    Award,
    FundingRound,
    Outline,
)
from grants.permissions import is_mpa_staff
from grants.workflows.application import AWAITING_DECISION, UNDER_REVIEW
from grants.workflows.round import BEING_SET_UP


def current_round(*, user: User) -> FundingRound | None:
    """The newest round the user may see: staff see one being set up, others only open ones."""
    rounds = FundingRound.objects.all()
    if not is_mpa_staff(user):
        rounds = rounds.exclude(status__in=BEING_SET_UP)
    return rounds.order_by("-year_start").first()


@dataclass(frozen=True)
class GroupFunding:
    funding_round: FundingRound
    outline: Outline | None
    application: Application | None
    award: Award | None


def group_funding(*, cpeg: Cpeg, funding_round: FundingRound) -> GroupFunding:
    """The group's outline, application and (full) award in the round, each or None."""
    return GroupFunding(
        funding_round=funding_round,
        outline=Outline.objects.filter(funding_round=funding_round, cpeg=cpeg).first(),
        application=Application.objects.filter(funding_round=funding_round, cpeg=cpeg).first(),
        award=Award.objects.filter(
            funding_round=funding_round, cpeg=cpeg, is_interim=False
        ).first(),
    )


@dataclass(frozen=True)
class RoundWork:
    """What is waiting for MPA staff in a round."""

    awaiting_review: int
    awaiting_review_assigned: int
    awaiting_decision: int
    disputed_outlines: int


def round_work(*, user: User, funding_round: FundingRound) -> RoundWork:
    assigned = Q(cpeg__borough__in=user.assigned_boroughs.all())
    under_review = Q(status__in=UNDER_REVIEW)
    applications = Application.objects.filter(funding_round=funding_round).aggregate(
        awaiting_review=Count("pk", filter=under_review),
        awaiting_review_assigned=Count("pk", filter=under_review & assigned),
        awaiting_decision=Count("pk", filter=Q(status__in=AWAITING_DECISION)),
    )
    return RoundWork(
        **applications,
        disputed_outlines=Outline.objects.filter(
            funding_round=funding_round, status="disputed"
        ).count(),
    )


def group_decisions_and_awards(*, cpeg: Cpeg, funding_round: FundingRound):
    """The committee's decisions on the group's application in the round, oldest first, and
    the group's awards (interim ones included)."""
    from grants.models import Decision

    decisions = list(
        Decision.objects.filter(
            application__cpeg=cpeg, application__funding_round=funding_round
        ).select_related("meeting")
    )
    awards = list(Award.objects.filter(cpeg=cpeg, funding_round=funding_round))
    return decisions, awards
