"""What the round's services share: who may change a round, locking, and how money and days
read in the audit log."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.models import User
from grants.models import FundingRound
from grants.permissions import can_manage_round
from grants.workflows.round import FORBIDDEN, ROUND

PENNY = Decimal("0.01")


def require_manager(user: User) -> None:
    if not can_manage_round(user):
        raise ValidationError(FORBIDDEN, code="forbidden")


def locked(funding_round: FundingRound) -> FundingRound:
    return ROUND.lock(funding_round)


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def day(when: datetime.date) -> str:
    return f"{when.day} {when:%B %Y}"
