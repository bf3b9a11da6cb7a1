"""Writes for the borough outline: drafting, signing or declining, and brokering a dispute.

The outline moves along ``TRANSITIONS``; what may be done to it in each state is
``ACTIONS``. Both are data, and the pages ask ``outline_actions`` what to offer. Each
function runs in one transaction, locks the outline, audits on the outline what it changed
and why, and does nothing when asked twice. E-mails leave once the change commits.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record, state_move
from boroughs.models import Cpeg
from grants.models import (
    BrokeringContact,
    BrokeringOutcome,
    FundingRound,
    Outline,
    OutlineStatus,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.models.money import MAX_DIGITS
from grants.notifications import group_people, link_officers, notify
from grants.permissions import (
    can_broker_outline,
    can_edit_outline,
    can_sign_outline,
    can_start_outline,
    is_mpa_staff,
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


def _in_group(user: User, cpeg_id: int, roles: Iterable[str]) -> bool:
    return user.is_authenticated and user.role in roles and user.cpeg_id == cpeg_id


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
        _in_group(user, cpeg.pk, {Role.SECRETARY}), "Only the group’s secretary starts the outline."
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
        to_state=OutlineStatus.DRAFT,
        reason="Version 1",
    )
    notify(
        users=_signatories(cpeg),
        subject=f"{cpeg}: please sign the outline for {funding_round}",
        body=(
            f"{user.display_name} has written the {cpeg.borough} outline for "
            f"{funding_round}. Read it, then sign it or decline it with a reason."
        ),
        path=_outline_path(outline),
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
    _require(can_edit_outline(user, outline), "Only the group’s secretary can edit the outline.")
    _require_action(outline, "edit")
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
    outline.save(
        update_fields=["position", "proposed_activities", "proposed_sum", "version", "updated_at"]
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
            path=_outline_path(outline),
        )
    return outline


# The chair and partners sign or decline


def _signatory_role(user: User, outline: Outline) -> str:
    if not _in_group(user, outline.cpeg_id, SIGNATORIES):
        raise ValidationError(
            "Only the borough’s CPEG chair, police partner and council partner sign the outline.",
            code="not_allowed",
        )
    return str(user.role)


def _live_signatures(outline: Outline) -> QuerySet[Signature]:
    return Signature.objects.filter(outline=outline, voided_at__isnull=True)


def _check_version(outline: Outline, version: int) -> None:
    if version != outline.version:
        raise ValidationError(STALE_VERSION, code="stale_version")


@transaction.atomic
def outline_sign(*, user: User, outline: Outline, version: int) -> Outline:
    """The chair, police partner or council partner signs the outline as it stood at
    ``version`` (the version they read). Once all three have signed the current version the
    outline reaches consensus and the group is invited to make a full application."""
    outline = _locked(outline)
    role = _signatory_role(user, outline)
    live = _live_signatures(outline).filter(role=role).first()
    if live is not None and live.decision == SignatureDecision.SIGNED and live.version == version:
        return outline  # signed already
    _require_action(outline, "sign")
    _require(can_sign_outline(user, outline), "You cannot sign this outline.")
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
    role_label = SignatoryRole(role).label
    audit_record(
        subject=outline,
        actor=user,
        action="outline signed",
        reason=f"{role_label}, version {outline.version}",
    )
    signed = set(
        _live_signatures(outline)
        .filter(decision=SignatureDecision.SIGNED, version=outline.version)
        .values_list("role", flat=True)
    )
    if signed >= set(SIGNATORIES):
        _move(
            outline,
            user=user,
            action="reach_consensus",
            audit_action="consensus reached",
            reason=(
                f"The chair, police partner and council partner signed version {outline.version}"
            ),
        )
        _notify_invited(
            outline,
            how=(
                f"The CPEG chair, police partner and council partner have all signed the "
                f"{outline.cpeg.borough} outline (version {outline.version}): consensus."
            ),
        )
    return outline


@transaction.atomic
def outline_decline(*, user: User, outline: Outline, version: int, reason: str) -> Outline:
    """A signatory declines the outline as it stood at ``version``, with a reason. The outline
    is disputed: the link officers and the signatories are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you decline the outline"})
    outline = _locked(outline)
    role = _signatory_role(user, outline)
    live = _live_signatures(outline).filter(role=role).first()
    if (
        live is not None
        and live.decision == SignatureDecision.DECLINED
        and live.version == version
        and live.reason == reason
    ):
        return outline  # declined already, for the same reason
    _require_action(outline, "decline")
    _require(can_sign_outline(user, outline), "You cannot decline this outline.")
    _check_version(outline, version)
    if live is not None:
        # Signed this version and now declines: the decline replaces the signature.
        live.voided_at = timezone.now()
        live.save(update_fields=["voided_at"])
    Signature.objects.create(
        outline=outline,
        role=role,
        signed_by=user,
        version=outline.version,
        decision=SignatureDecision.DECLINED,
        reason=reason,
    )
    role_label = SignatoryRole(role).label
    _move(
        outline,
        user=user,
        action="dispute",
        audit_action="outline declined",
        reason=f"{role_label} declined version {outline.version}: {reason}",
    )
    _notify_disputed(
        outline, why=f"The {role_label.lower()}, {user.display_name}, declined it: {reason}"
    )
    return outline


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
