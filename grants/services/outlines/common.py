"""What the outline's services share: the actions the pages offer, checks, and locking.

The outline's status moves only along its workflow (``grants.workflows.outline``), through
``OUTLINE.move``; the other things done to an outline (editing it, a signature that is not
the third, a brokering contact) are allowed in the states the workflow names.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from accounts.models import User
from grants.models import Outline, Signature
from grants.models.money import MAX_DIGITS
from grants.permissions import (
    can_broker_outline,
    can_edit_outline,
    can_sign_outline,
)
from grants.workflows.outline import OUTLINE

STALE_VERSION = "The outline changed since you opened it: read it again and sign"

#: What the pages offer on an outline, and who may do it now (each asks the workflow
#: whether the outline is in a state the action belongs to).
ACTIONS: dict[str, Callable[[User, Outline], bool]] = {
    "edit": can_edit_outline,
    "sign": can_sign_outline,
    "decline": can_sign_outline,
    "log_contact": can_broker_outline,
    "record_outcome": can_broker_outline,
}


def outline_actions(user: User, outline: Outline) -> frozenset[str]:
    """The actions ``user`` may take on ``outline`` now: what the pages offer."""
    actions = {action for action, may in ACTIONS.items() if may(user, outline)}
    if "sign" in actions and _live_signature(outline, user.role) is not None:
        actions.discard("sign")  # signed this version already; may still decline
    return frozenset(actions)


def _live_signature(outline: Outline, role: str) -> Signature | None:
    # Reads the prefetched signatures when a page has them, so the check costs no query.
    return next(
        (s for s in outline.signatures.all() if s.role == role and s.voided_at is None), None
    )


def _require(allowed: bool, message: str = "You cannot change this outline.") -> None:
    if not allowed:
        raise ValidationError(message, code="not_allowed")


def _require_move(outline: Outline, name: str, user: User | None) -> None:
    """Refuse, before anything is written, what ``OUTLINE.move`` would refuse: a wrong state
    first, then a user who may not take the transition."""
    if not OUTLINE.starts_from(name, outline):
        raise OUTLINE.refusal(name, outline)
    transition = OUTLINE.transition(name)
    if not transition.permission(user, outline):
        raise ValidationError(transition.forbidden, code="forbidden")


def _locked(outline: Outline) -> Outline:
    return (
        Outline.objects.select_for_update()
        .select_related("funding_round", "cpeg__borough")
        .get(pk=outline.pk)
    )


# Checking what is written


def _clean_text(errors: dict[str, str], field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    return value


def _clean_sum(errors: dict[str, str], value: Decimal | str | None) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        errors["proposed_sum"] = "Enter the proposed sum, in pounds and pence"
    elif amount != amount.quantize(Decimal("0.01")):
        errors["proposed_sum"] = (
            "Enter the proposed sum in pounds and pence, with no more than 2 decimal places"
        )
    elif amount < 0:
        errors["proposed_sum"] = "The proposed sum must be £0 or more"
    elif amount >= Decimal(10 ** (MAX_DIGITS - 2)):
        errors["proposed_sum"] = "The proposed sum is too large: check the number"
    else:
        return amount.quantize(Decimal("0.01"))
    return Decimal("0.00")


def _clean_outline(
    *, position: str, proposed_activities: str, proposed_sum: Decimal | str | None
) -> tuple[str, str, Decimal]:
    errors: dict[str, str] = {}
    position = _clean_text(
        errors, "position", position, "Enter the borough’s position: where the partners stand"
    )
    proposed_activities = _clean_text(
        errors,
        "proposed_activities",
        proposed_activities,
        "Enter the activities the group proposes",
    )
    amount = _clean_sum(errors, proposed_sum)
    if errors:
        raise ValidationError(errors)
    return position, proposed_activities, amount
