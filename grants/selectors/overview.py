"""What the navigation and the group's pages read about funding: the current round, and a
group's decisions and awards in it."""

from accounts.models import User
from boroughs.models import Cpeg
from grants.models import (
    Award,
    FundingRound,
)
from grants.permissions import is_mpa_staff
from grants.workflows.round import BEING_SET_UP


def current_round(*, user: User) -> FundingRound | None:
    """The newest round the user may see: staff see one being set up, others only open ones."""
    rounds = FundingRound.objects.all()
    if not is_mpa_staff(user):
        rounds = rounds.exclude(status__in=BEING_SET_UP)
    return rounds.order_by("-year_start").first()


def opened_round() -> FundingRound | None:
    """The newest round that has been opened (open, or closed since): the one whose work
    the officers' home page counts. A round still being set up has no outlines or
    applications yet, so it never hides the work waiting in the round before it."""
    return FundingRound.objects.exclude(status__in=BEING_SET_UP).order_by("-year_start").first()


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
