"""The round's access-needs fund: top-ups and drawdowns for a group, each with its reason.

Each form carries a token made when the form is shown: the same form posted twice records
one row (and one audit entry), while two genuine top-ups of the same amount are both kept.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Cpeg
from grants.models import AccessFundDrawdown, AccessFundTopUp, FundingRound
from grants.selectors.ledger import access_fund_available
from grants.services.rounds.common import PENNY, locked, pounds, require_manager


def _clean_amount_and_reason(amount: Decimal, reason: str) -> str:
    reason = reason.strip()
    problems = {}
    if amount <= 0:
        problems["amount"] = "Enter an amount of more than £0"
    elif amount != amount.quantize(PENNY):
        problems["amount"] = "Enter the amount in pounds and pence, with 2 decimal places at most"
    if not reason:
        problems["reason"] = "Enter the reason, so the committee can see why"
    if problems:
        raise ValidationError(problems)
    return reason


def _already(model: type[AccessFundTopUp] | type[AccessFundDrawdown], *, funding_round, token):
    """The row the same form recorded before, or None. A token is the form's, made once."""
    if token is None:
        return None
    row = model.objects.filter(token=token).first()
    if row is not None and row.funding_round_id != funding_round.pk:
        raise ValidationError("That form belongs to another round: open the form again.")
    return row


@transaction.atomic
def access_fund_top_up(
    *,
    user: User,
    funding_round: FundingRound,
    amount: Decimal,
    reason: str,
    token: uuid.UUID | None = None,
) -> AccessFundTopUp:
    """Add money to the round's access-needs fund, recording who, when and why. ``token``
    (made when the form is shown) makes the same form posted twice add the money once."""
    require_manager(user)
    funding_round = locked(funding_round)
    reason = _clean_amount_and_reason(amount, reason)
    done = _already(AccessFundTopUp, funding_round=funding_round, token=token)
    if done is not None:
        return done
    top_up = AccessFundTopUp.objects.create(
        funding_round=funding_round, amount=amount, reason=reason, token=token, created_by=user
    )
    audit_record(
        subject=funding_round,
        actor=user,
        action="access-needs fund topped up",
        reason=f"{pounds(amount)} added: {reason}",
    )
    return top_up


@transaction.atomic
def access_fund_draw(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    amount: Decimal,
    reason: str,
    token: uuid.UUID | None = None,
) -> AccessFundDrawdown:
    """Draw money from the access-needs fund for one group. Never more than is available:
    the round's row is locked first, so two drawdowns at once cannot both spend the same
    pounds. ``token`` (made when the form is shown) makes the same form posted twice draw
    the money once."""
    require_manager(user)
    funding_round = locked(funding_round)
    reason = _clean_amount_and_reason(amount, reason)
    done = _already(AccessFundDrawdown, funding_round=funding_round, token=token)
    if done is not None:
        return done
    available = access_fund_available(funding_round=funding_round)
    if amount > available:
        raise ValidationError(
            {
                "amount": f"Enter an amount no more than the {pounds(available)} available "
                "in the access-needs fund"
            }
        )
    drawdown = AccessFundDrawdown.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        amount=amount,
        reason=reason,
        token=token,
        created_by=user,
    )
    audit_record(
        subject=funding_round,
        actor=user,
        action="access-needs fund drawn",
        reason=f"{pounds(amount)} for {cpeg.name}: {reason}",
    )
    return drawdown
