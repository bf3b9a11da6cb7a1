"""The secretary drafts the outline; the chair and partners sign or decline it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from boroughs.models import Cpeg
from grants.models import (
    FundingRound,
    Outline,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.notifications import notify
from grants.permissions import (
    can_edit_outline,
    can_start_outline,
    in_group,
    is_outline_signatory,
)
from grants.services.outlines.common import (
    STALE_VERSION,
    _clean_outline,
    _locked,
    _require,
    _require_move,
)
from grants.workflows.outline import AWAITING_SIGNATURES, DECLINE, OUTLINE, REACH_CONSENSUS
from grants.workflows.outline_emails import outline_path, signatories

# The secretary drafts


@transaction.atomic
def outline_start(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    position: str,
    proposed_activities: str,
    proposed_sum: Decimal | str,
) -> Outline:
    """The group's secretary writes the borough's outline (version 1) for the round.

    One per borough per round: if the outline exists it is returned as it is, unchanged
    (edit it with ``outline_update``). The chair and partners are asked to sign."""
    _require(
        in_group(user, cpeg.pk, {Role.SECRETARY}), "Only the group’s secretary starts the outline."
    )
    FundingRound.objects.select_for_update().get(pk=funding_round.pk)  # one starter at a time
    existing = Outline.objects.filter(funding_round=funding_round, cpeg=cpeg).first()
    if existing is not None:
        return existing
    _require(
        can_start_outline(user, cpeg, funding_round),
        "Only the group’s secretary can start the outline, while the round is open for outlines.",
    )
    position, proposed_activities, amount = _clean_outline(
        position=position, proposed_activities=proposed_activities, proposed_sum=proposed_sum
    )
    outline = Outline.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        position=position,
        proposed_activities=proposed_activities,
        proposed_sum=amount,
        created_by=user,
    )
    audit_record(
        subject=outline,
        actor=user,
        action="outline started",
        to_state=OUTLINE.initial,
        reason="Version 1",
    )
    notify(
        users=signatories(cpeg),
        subject=f"{cpeg}: please sign the outline for {funding_round}",
        body=(
            f"{user.display_name} has written the {cpeg.borough} outline for "
            f"{funding_round}. Read it, then sign it or decline it with a reason."
        ),
        path=outline_path(outline),
    )
    return outline


@transaction.atomic
def outline_update(
    *,
    user: User,
    outline: Outline,
    position: str,
    proposed_activities: str,
    proposed_sum: Decimal | str,
) -> Outline:
    """The secretary edits a draft. A change makes a new version and voids every signature
    given so far; those who had signed are asked to sign again. No change, no new version."""
    outline = _locked(outline)
    if outline.status not in AWAITING_SIGNATURES:
        state = OUTLINE.state_of(outline).label.lower()
        raise ValidationError(f"An outline that is {state} cannot be changed.", code="wrong_state")
    _require(can_edit_outline(user, outline), "Only the group’s secretary can edit the outline.")
    position, proposed_activities, amount = _clean_outline(
        position=position, proposed_activities=proposed_activities, proposed_sum=proposed_sum
    )
    changed = [
        label
        for label, before, after in (
            ("position", outline.position, position),
            ("proposed activities", outline.proposed_activities, proposed_activities),
            ("proposed sum", outline.proposed_sum, amount),
        )
        if before != after
    ]
    if not changed:
        return outline
    outline.position = position
    outline.proposed_activities = proposed_activities
    outline.proposed_sum = amount
    outline.version += 1
    outline.version_made_at = timezone.now()
    outline.save(
        update_fields=[
            "position",
            "proposed_activities",
            "proposed_sum",
            "version",
            "version_made_at",
            "updated_at",
        ]
    )
    voided = list(
        Signature.objects.select_for_update()
        .filter(outline=outline, voided_at__isnull=True)
        .select_related("signed_by")
    )
    Signature.objects.filter(pk__in=[s.pk for s in voided]).update(voided_at=timezone.now())
    reason = f"Version {outline.version}: changed the {', '.join(changed)}."
    if voided:
        reason += " Signatures voided: " + ", ".join(s.get_role_display() for s in voided) + "."
    audit_record(
        subject=outline,
        actor=user,
        action="outline edited",
        reason=reason,
    )
    if voided:
        notify(
            users=[signature.signed_by for signature in voided],
            subject=f"{outline.cpeg}: the outline changed, please sign again",
            body=(
                f"{user.display_name} changed the {outline.cpeg.borough} outline for "
                f"{outline.funding_round} (now version {outline.version}). Your signature "
                "was for an earlier version and no longer counts: read the outline again "
                "and sign it, or decline it with a reason."
            ),
            path=outline_path(outline),
        )
    return outline


# The chair and partners sign or decline


def _live_signatures(outline: Outline) -> QuerySet[Signature]:
    return Signature.objects.filter(outline=outline, voided_at__isnull=True)


def _check_version(outline: Outline, version: int) -> None:
    if version != outline.version:
        raise ValidationError(STALE_VERSION, code="stale_version")


@transaction.atomic
def outline_sign(*, user: User, outline: Outline, version: int) -> Outline:
    """The chair, police partner or council partner signs the outline as it stood at
    ``version`` (the version they read). The third signature on the current version takes
    the workflow's ``reach_consensus`` (one audit row, "consensus reached"), and the group
    is invited to make a full application."""
    outline = _locked(outline)
    if not OUTLINE.starts_from(REACH_CONSENSUS, outline):
        # Signed by all three already (nothing to do), or refused for the outline's state.
        return OUTLINE.move(outline, REACH_CONSENSUS, user=user, locked=True)
    _require_move(outline, REACH_CONSENSUS, user)
    role = str(user.role)
    live = _live_signatures(outline).filter(role=role).first()
    if live is not None and live.decision == SignatureDecision.SIGNED and live.version == version:
        return outline  # signed already
    _check_version(outline, version)
    if live is not None:
        raise ValidationError(
            f"The {live.get_role_display().lower()} has already "
            f"{live.get_decision_display().lower()} this version.",
            code="decided",
        )
    Signature.objects.create(
        outline=outline,
        role=role,
        signed_by=user,
        version=outline.version,
        decision=SignatureDecision.SIGNED,
    )
    signed = f"{SignatoryRole(role).label}, version {outline.version}"
    if OUTLINE.problems(REACH_CONSENSUS, outline):
        audit_record(subject=outline, actor=user, action="outline signed", reason=signed)
        return outline
    return OUTLINE.move(
        outline,
        REACH_CONSENSUS,
        user=user,
        locked=True,
        reason=(
            f"{signed}: the chair, police partner and council partner signed version "
            f"{outline.version}"
        ),
    )


@transaction.atomic
def outline_decline(*, user: User, outline: Outline, version: int, reason: str) -> Outline:
    """A signatory declines the outline as it stood at ``version``, with a reason: the
    workflow's ``decline`` disputes it, and the link officers and the signatories are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you decline the outline"})
    outline = _locked(outline)
    live = (
        _live_signatures(outline).filter(role=user.role).first()
        if is_outline_signatory(user, outline)
        else None
    )
    if (
        live is not None
        and live.decision == SignatureDecision.DECLINED
        and live.version == version
        and live.reason == reason
    ):
        return outline  # declined already, for the same reason
    _require_move(outline, DECLINE, user)
    _check_version(outline, version)
    if live is not None:
        # Signed this version and now declines: the decline replaces the signature.
        live.voided_at = timezone.now()
        live.save(update_fields=["voided_at"])
    Signature.objects.create(
        outline=outline,
        role=user.role,
        signed_by=user,
        version=outline.version,
        decision=SignatureDecision.DECLINED,
        reason=reason,
    )
    role_label = SignatoryRole(user.role).label
    return OUTLINE.move(
        outline,
        DECLINE,
        user=user,
        locked=True,
        reason=f"{role_label} declined version {outline.version}: {reason}",
    )
