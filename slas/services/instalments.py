"""Releasing an instalment: the funding manager pays a ready instalment, with the date, the
finance system's payment reference and, for interim funding, a reason.

The gate (``slas.gate``) holds for whoever asks and however often: quarter N+1's instalment
is released only once the quarter N return is accepted. Two managers releasing the same
instalment at once give one release and one refusal: the instalment's row is locked before
anything is checked, so the second waits for the first to commit and then reads "released".
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from grants.models import Award, Instalment, InstalmentStatus
from grants.models.money import money
from grants.workflows.instalment import INSTALMENT, RELEASE
from slas.gate import release_blocker
from slas.models import MAX_NARRATIVE
from slas.permissions import may_release_instalment

if TYPE_CHECKING:
    from accounts.models import User

#: The finance system's payment references are at most this long.
MAX_REFERENCE = Instalment._meta.get_field("release_reference").max_length or 40


def _already_released(instalment: Instalment) -> str:
    who = instalment.released_by.display_name if instalment.released_by else "someone"
    when = f" on {instalment.released_on:%-d %B %Y}" if instalment.released_on else ""
    reference = (
        f" (payment reference {instalment.release_reference})"
        if instalment.release_reference
        else ""
    )
    return (
        f"Quarter {instalment.quarter}'s instalment was already released{when} by {who}{reference}"
    )


def release_refusal(instalment: Instalment) -> str | None:
    """Why the (locked) instalment cannot be released now, whoever asks: already released
    (when, by whom), or the gate's own message. None when nothing stands in the way."""
    if instalment.status == InstalmentStatus.RELEASED:
        return _already_released(instalment)
    return release_blocker(instalment)


def _input_errors(
    instalment: Instalment,
    *,
    released_on: datetime.date | None,
    reference: str,
    reason: str,
) -> dict[str, list[str]]:
    award = instalment.award
    errors: dict[str, list[str]] = {}
    if released_on is None:
        errors["released_on"] = ["Enter the date the instalment was released"]
    elif released_on > timezone.localdate():
        errors["released_on"] = [
            "The date the instalment was released must be today or in the past"
        ]
    elif released_on < award.awarded_on:
        errors["released_on"] = [
            "The date the instalment was released must be on or after the date of the award, "
            f"{award.awarded_on:%-d %B %Y}"
        ]
    if not reference:
        errors["reference"] = ["Enter the payment reference from the finance system"]
    elif len(reference) > MAX_REFERENCE:
        errors["reference"] = [f"The payment reference must be {MAX_REFERENCE} characters or fewer"]
    if award.is_interim and not reason:
        errors["reason"] = ["Enter why this instalment of interim funding is released"]
    elif len(reason) > MAX_NARRATIVE:
        errors["reason"] = [
            f"The reason for releasing the instalment must be {MAX_NARRATIVE:,} characters or fewer"
        ]
    return errors


@transaction.atomic
def instalment_release(
    *,
    user: User | None,
    instalment: Instalment,
    released_on: datetime.date | None,
    reference: str,
    reason: str = "",
) -> Instalment:
    """Release a ready instalment: the funding manager only, with the date it was paid (not
    in the future, not before the award), the finance system's payment reference and, for
    an interim award, why. Refusals say why and change nothing, in this order: already
    released, the gate, who may, the instalment's state, then each field."""
    locked: Instalment = INSTALMENT.lock(instalment)
    # The award is read after the lock: its date and whether it is interim never change.
    locked.award = Award.objects.select_related("funding_round", "cpeg__borough").get(
        pk=locked.award_id
    )
    refusal = release_refusal(locked)
    if refusal:
        raise ValidationError({NON_FIELD_ERRORS: [refusal]}, code="refused")
    if not may_release_instalment(user, locked):
        raise ValidationError(
            {NON_FIELD_ERRORS: [INSTALMENT.transition(RELEASE).forbidden]}, code="forbidden"
        )
    if not INSTALMENT.starts_from(RELEASE, locked):
        raise ValidationError({NON_FIELD_ERRORS: INSTALMENT.refusal(RELEASE, locked).messages})
    reference = (reference or "").strip()
    reason = (reason or "").strip()
    errors = _input_errors(locked, released_on=released_on, reference=reference, reason=reason)
    if errors:
        raise ValidationError(errors)
    why = f"{money(locked.amount)}, payment reference {reference}"
    return INSTALMENT.move(
        locked,
        RELEASE,
        user=user,
        reason=f"{why}: {reason}" if reason else why,
        fields={
            "released_on": released_on,
            "release_reference": reference,
            "released_by": user,
            "release_reason": reason,
        },
        locked=True,
    )
