"""A disputed outline: the deadline task, and the link officer's brokering."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from grants.models import BrokeringContact, BrokeringOutcome, Outline
from grants.permissions import can_broker_outline
from grants.services.outlines.common import _clean_text, _locked, _require
from grants.workflows.outline import (
    BROKER_AGREED,
    BROKER_NOT_AGREED,
    BROKERING,
    DISPUTE_OVERDUE,
    OUTLINE,
    STAFF_ONLY,
)
from grants.workflows.outline_emails import DEADLINE_REASON

# The deadline


def outline_dispute_overdue(*, outline: Outline) -> Outline:
    """The portal disputes one outline whose deadline passed while it awaited signatures
    (refused for an outline in any other state)."""
    return OUTLINE.move(outline, DISPUTE_OVERDUE, user=None, reason=DEADLINE_REASON)


def outlines_dispute_overdue(*, today: datetime.date | None = None) -> list[Outline]:
    """Every outline still awaiting signatures in a round whose outline deadline has passed
    becomes disputed. Boroughs that wrote no outline at all are not touched: there is nothing
    to dispute. Returns the outlines it disputed (none when run again)."""
    today = today or timezone.localdate()
    overdue = Outline.objects.filter(
        status__in=OUTLINE.sources_of(DISPUTE_OVERDUE),
        funding_round__outline_deadline__lt=today,
    ).values_list("pk", flat=True)
    disputed = []
    for pk in list(overdue):
        with transaction.atomic():
            outline = _locked(Outline(pk=pk))
            if not OUTLINE.starts_from(DISPUTE_OVERDUE, outline):
                continue  # signed or declined since the list was read
            disputed.append(
                OUTLINE.move(
                    outline, DISPUTE_OVERDUE, user=None, reason=DEADLINE_REASON, locked=True
                )
            )
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
    outline = _locked(outline)
    existing = BrokeringContact.objects.filter(
        outline=outline, contacted_on=contacted_on, contact_with=contact_with, notes=notes
    ).first()
    if existing is not None:
        return existing  # logged already
    if outline.status not in BROKERING:
        raise OUTLINE.refusal(BROKER_AGREED, outline)
    _require(can_broker_outline(user, outline), STAFF_ONLY)
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


#: The workflow's transition for each outcome the link officer records.
OUTCOMES = {
    BrokeringOutcome.AGREED: BROKER_AGREED,
    BrokeringOutcome.NOT_AGREED: BROKER_NOT_AGREED,
}


@transaction.atomic
def brokering_outcome_record(*, user: User, outline: Outline, outcome: str, notes: str) -> Outline:
    """Record how brokering ended, agreed or not agreed, with the notes the committee sees.
    Agreed invites the group to make a full application (the transition's e-mails)."""
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = "Choose whether the partners agreed"
    notes = _clean_text(
        errors, "notes", notes, "Enter what the committee should be told about the brokering"
    )
    if errors:
        raise ValidationError(errors)
    return OUTLINE.move(
        outline,
        OUTCOMES[BrokeringOutcome(outcome)],
        user=user,
        reason=notes,
        fields={
            "brokering_outcome_notes": notes,
            "brokered_by": user,
            "brokered_at": timezone.now(),
        },
    )
