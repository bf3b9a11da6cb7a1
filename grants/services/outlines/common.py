"""The outline's tables (transitions and actions), shared checks, locking and e-mails."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, User
from audit.services import state_move
from boroughs.models import Cpeg
from grants.models import (
    Outline,
    OutlineStatus,
    SignatoryRole,
    Signature,
)
from grants.models.money import MAX_DIGITS
from grants.notifications import group_people, link_officers, notify
from grants.permissions import (
    can_broker_outline,
    can_edit_outline,
    can_sign_outline,
)

#: Allowed changes of state, as data: (from, action) -> to.
TRANSITIONS: dict[tuple[str, str], str] = {
    (OutlineStatus.DRAFT, "reach_consensus"): OutlineStatus.CONSENSUS,
    (OutlineStatus.DRAFT, "dispute"): OutlineStatus.DISPUTED,
    (OutlineStatus.DISPUTED, "broker_agreed"): OutlineStatus.AGREED,
    (OutlineStatus.DISPUTED, "broker_not_agreed"): OutlineStatus.NOT_AGREED,
}

#: What may be done to an outline in each state. The pages offer what this (and the
#: permission functions) allow; the services refuse anything else.
ACTIONS: dict[str, frozenset[str]] = {
    OutlineStatus.DRAFT: frozenset({"edit", "sign", "decline"}),
    OutlineStatus.DISPUTED: frozenset({"log_contact", "record_outcome"}),
    OutlineStatus.CONSENSUS: frozenset(),
    OutlineStatus.AGREED: frozenset(),
    OutlineStatus.NOT_AGREED: frozenset(),
}

_REFUSALS = {
    "edit": "changed",
    "sign": "signed",
    "decline": "declined",
    "log_contact": "brokered",
    "record_outcome": "brokered",
}

SIGNATORIES: tuple[str, ...] = tuple(SignatoryRole.values)

STALE_VERSION = "The outline changed since you opened it: read it again and sign"
DEADLINE_REASON = "The outline deadline passed without consensus"


# Reading the tables


def outline_actions(user: User, outline: Outline) -> frozenset[str]:
    """The actions ``user`` may take on ``outline`` now: what the pages offer."""
    allowed = ACTIONS.get(outline.status, frozenset())
    checks = {
        "edit": can_edit_outline,
        "sign": can_sign_outline,
        "decline": can_sign_outline,
        "log_contact": can_broker_outline,
        "record_outcome": can_broker_outline,
    }
    actions = {action for action in allowed if checks[action](user, outline)}
    if "sign" in actions and _live_signature(outline, user.role) is not None:
        actions.discard("sign")  # signed this version already; may still decline
    return frozenset(actions)


def _live_signature(outline: Outline, role: str) -> Signature | None:
    # Reads the prefetched signatures when a page has them, so the check costs no query.
    return next(
        (s for s in outline.signatures.all() if s.role == role and s.voided_at is None), None
    )


def _require_action(outline: Outline, action: str) -> None:
    if action not in ACTIONS.get(outline.status, frozenset()):
        status = outline.get_status_display().lower()
        raise ValidationError(
            f"An outline that is “{status}” cannot be {_REFUSALS[action]}.", code="wrong_state"
        )


def _require(allowed: bool, message: str = "You cannot change this outline.") -> None:
    if not allowed:
        raise ValidationError(message, code="not_allowed")


def _locked(outline: Outline) -> Outline:
    return (
        Outline.objects.select_for_update()
        .select_related("funding_round", "cpeg__borough")
        .get(pk=outline.pk)
    )


def _move(
    outline: Outline,
    *,
    user: User | None,
    action: str,
    audit_action: str,
    reason: str = "",
    **fields: object,
) -> Outline:
    """Move the (locked) outline along ``TRANSITIONS``, set ``fields``, save and audit."""

    def refusal() -> ValidationError:
        status = outline.get_status_display().lower()
        return ValidationError(
            f"An outline that is “{status}” cannot change that way.", code="wrong_state"
        )

    return state_move(
        outline,
        transitions=TRANSITIONS,
        action=action,
        actor=user,
        audit_action=audit_action,
        refusal=refusal,
        reason=reason,
        **fields,
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


# E-mails


def _outline_path(outline: Outline) -> str:
    return reverse("grants:outline", kwargs={"pk": outline.pk})


def _signatories(cpeg: Cpeg) -> list[User]:
    return group_people(cpeg, SIGNATORIES)


def _notify_invited(outline: Outline, *, how: str) -> None:
    """The group may now make a full application: its secretary and chair, and the officers."""
    notify(
        users=[
            *group_people(outline.cpeg, [Role.SECRETARY, Role.CHAIR]),
            *link_officers(outline.cpeg),
        ],
        subject=f"{outline.cpeg}: invited to make a full application for {outline.funding_round}",
        body=(
            f"{how}\n\n{outline.cpeg} is invited to make a full application for "
            f"funding in {outline.funding_round}."
        ),
        path=_outline_path(outline),
    )


def _notify_disputed(outline: Outline, *, why: str) -> None:
    notify(
        users=[*link_officers(outline.cpeg), *_signatories(outline.cpeg)],
        subject=f"{outline.cpeg}: the outline for {outline.funding_round} is disputed",
        body=(
            f"The {outline.cpeg.borough} outline for {outline.funding_round} is disputed.\n\n"
            f"{why}\n\nThe link officer will broker an agreement and record the outcome "
            "for the committee."
        ),
        path=_outline_path(outline),
    )
