"""A disputed outline: the deadline task, and the link officer's brokering."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from grants.models import (
    BrokeringContact,
    BrokeringOutcome,
    Outline,
    OutlineStatus,
)
from grants.notifications import group_people, notify
from grants.permissions import (
    can_broker_outline,
    is_mpa_staff,
)
from grants.services.outlines.common import (
    DEADLINE_REASON,
    _clean_text,
    _locked,
    _move,
    _notify_disputed,
    _notify_invited,
    _outline_path,
    _require,
    _require_action,
    _signatories,
)

# The deadline


def outlines_dispute_overdue(*, today: datetime.date | None = None) -> list[Outline]:
    """Every outline still awaiting signatures in a round whose outline deadline has passed
    becomes disputed. Boroughs that wrote no outline at all are not touched: there is nothing
    to dispute. Returns the outlines it disputed (none when run again)."""
    today = today or timezone.localdate()
    overdue = Outline.objects.filter(
        status=OutlineStatus.DRAFT, funding_round__outline_deadline__lt=today
    ).values_list("pk", flat=True)
    disputed = []
    for pk in list(overdue):
        with transaction.atomic():
            outline = (
                Outline.objects.select_for_update()
                .select_related("funding_round", "cpeg__borough")
                .get(pk=pk)
            )
            if outline.status != OutlineStatus.DRAFT:
                continue  # signed or declined since the list was read
            _move(
                outline,
                user=None,
                action="dispute",
                audit_action="outline deadline passed",
                reason=DEADLINE_REASON,
            )
            _notify_disputed(
                outline,
                why=f"{DEADLINE_REASON} ({outline.funding_round.outline_deadline:%-d %B %Y}).",
            )
            disputed.append(outline)
    return disputed


# The link officer brokers


@transaction.atomic
def brokering_contact_add(
    *,
    user: User,
    outline: Outline,
    contacted_on: datetime.date | None,
    contact_with: str,
    notes: str,
) -> BrokeringContact:
    """Log a contact made while brokering a disputed outline: when, with whom, and notes."""
    errors: dict[str, str] = {}
    if contacted_on is None:
        errors["contacted_on"] = "Enter the date of the contact"
    elif contacted_on > timezone.localdate():
        errors["contacted_on"] = "The date of the contact must be today or in the past"
    contact_with = _clean_text(
        errors, "contact_with", contact_with, "Enter who you spoke to or met"
    )
    if len(contact_with) > 200:
        errors["contact_with"] = "Who you spoke to must be 200 characters or fewer"
    notes = _clean_text(errors, "notes", notes, "Enter notes on what was discussed")
    if errors or contacted_on is None:
        raise ValidationError(errors)
    _require(is_mpa_staff(user), "Only MPA staff broker a disputed outline.")
    outline = _locked(outline)
    existing = BrokeringContact.objects.filter(
        outline=outline, contacted_on=contacted_on, contact_with=contact_with, notes=notes
    ).first()
    if existing is not None:
        return existing  # logged already
    _require_action(outline, "log_contact")
    _require(can_broker_outline(user, outline), "Only MPA staff broker a disputed outline.")
    contact = BrokeringContact.objects.create(
        outline=outline,
        contacted_on=contacted_on,
        contact_with=contact_with,
        notes=notes,
        recorded_by=user,
    )
    audit_record(
        subject=outline,
        actor=user,
        action="brokering contact logged",
        reason=f"{contacted_on:%-d %B %Y}, {contact_with}: {notes}",
    )
    return contact


_OUTCOME_ACTIONS = {
    BrokeringOutcome.AGREED: ("broker_agreed", "brokered: agreed"),
    BrokeringOutcome.NOT_AGREED: ("broker_not_agreed", "brokered: not agreed"),
}


@transaction.atomic
def brokering_outcome_record(*, user: User, outline: Outline, outcome: str, notes: str) -> Outline:
    """Record how brokering ended, agreed or not agreed, with the notes the committee sees.
    Agreed invites the group to make a full application."""
    errors: dict[str, str] = {}
    if outcome not in _OUTCOME_ACTIONS:
        errors["outcome"] = "Choose whether the partners agreed"
    notes = _clean_text(
        errors, "notes", notes, "Enter what the committee should be told about the brokering"
    )
    if errors:
        raise ValidationError(errors)
    _require(is_mpa_staff(user), "Only MPA staff broker a disputed outline.")
    outline = _locked(outline)
    if outline.status == outcome and outline.brokering_outcome_notes == notes:
        return outline  # recorded already
    _require_action(outline, "record_outcome")
    _require(can_broker_outline(user, outline), "Only MPA staff broker a disputed outline.")
    action, audit_action = _OUTCOME_ACTIONS[BrokeringOutcome(outcome)]
    _move(
        outline,
        user=user,
        action=action,
        audit_action=audit_action,
        reason=notes,
        brokering_outcome_notes=notes,
        brokered_by=user,
        brokered_at=timezone.now(),
    )
    if outcome == BrokeringOutcome.AGREED:
        _notify_invited(
            outline,
            how=(
                f"{user.display_name} brokered an agreement on the {outline.cpeg.borough} "
                f"outline: {notes}"
            ),
        )
    else:
        notify(
            users=[*group_people(outline.cpeg, [Role.SECRETARY]), *_signatories(outline.cpeg)],
            subject=f"{outline.cpeg}: no agreement on the outline for {outline.funding_round}",
            body=(
                f"{user.display_name} recorded that brokering on the {outline.cpeg.borough} "
                f"outline ended without agreement. The committee will be told: {notes}"
            ),
            path=_outline_path(outline),
        )
    return outline
