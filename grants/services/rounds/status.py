"""The round's status: the funding manager opens it for outlines, for applications, and
closes it. Every move goes through the workflow's engine (``ROUND.move``)."""

from django.core.exceptions import ValidationError

from accounts.models import User
from grants.models import FundingRound, RoundStatus
from grants.workflows.round import ROUND


def round_move(*, user: User, funding_round: FundingRound, transition: str) -> FundingRound:
    """Take the round's ``transition`` (``open_outlines``, ``open_applications``, ``close``).
    Asking for a move already made does nothing; a wrong state, a user who is not the funding
    manager, or a round with no objectives (to open for outlines) is refused."""
    if transition not in {t.name for t in ROUND.transitions}:
        raise ValidationError("Choose one of the buttons offered.", code="unknown")
    return ROUND.move(funding_round, transition, user=user)


def round_set_status(*, user: User, funding_round: FundingRound, status: str) -> FundingRound:
    """Move the round to ``status``, by the transition that leads there (for callers that
    name the status wanted, such as the demo data)."""
    names = [t.name for t in ROUND.transitions if t.target == status]
    if not names:
        wanted = RoundStatus(status).label.lower() if status in RoundStatus.values else status
        raise ValidationError(f"A round cannot become {wanted}.", code="unknown")
    return round_move(user=user, funding_round=funding_round, transition=names[0])
