"""The round's status: the funding manager opens it for outlines, for applications, and
closes it. Every move goes through the workflow's engine (``ROUND.move``)."""

from django.core.exceptions import ValidationError

from accounts.models import User
from grants.models import FundingRound
from grants.workflows.round import ROUND


def round_move(*, user: User, funding_round: FundingRound, transition: str) -> FundingRound:
    """Take the round's ``transition`` (``open_outlines``, ``open_applications``, ``close``).
    Asking for a move already made does nothing; a wrong state, a user who is not the funding
    manager, or a round with no objectives (to open for outlines) is refused."""
    if transition not in {t.name for t in ROUND.transitions}:
        raise ValidationError("Choose one of the buttons offered.", code="unknown")
    return ROUND.move(funding_round, transition, user=user)
