"""Committee meetings: the funding manager records one meeting and its decision on each
application in one batch (DESIGN.md, "The year", step 5). "Fund" and "fund with conditions"
make the award (``awards.award_create``) and its SLA (``slas.services``).
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from grants.models import Application, CommitteeMeeting, Decision, DecisionOutcome, FundingRound
from grants.models.awards import FUNDING_OUTCOMES
from grants.models.money import PENNY, money
from grants.permissions import can_record_decisions
from grants.services.decisions.awards import award_create, check_ceiling, lock_round
from grants.workflows.application import APPLICATION, DECIDE_FORBIDDEN
from slas.services import sla_milestones_create


class DecisionEntry(NamedTuple):
    """One row of the batch: a plain ``(application, outcome, amount, conditions)`` tuple
    works as well."""

    application: Application
    outcome: str
    amount: Decimal | None = None
    conditions: str = ""


def decision_error_key(application: Application, field: str) -> str:
    """The key of a batch error about one application's ``field`` (outcome, amount,
    conditions): the page puts the message beside that row's field."""
    return f"application-{application.pk}.{field}"


def _validate_meeting(name: str, held_on: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter which committee met"]
    if held_on is None:
        errors["held_on"] = ["Enter the date of the meeting"]
    elif held_on > timezone.localdate():
        errors["held_on"] = ["The date of the meeting must be today or in the past"]
    return errors


def _validate_entry(
    entry: DecisionEntry, funding_round: FundingRound
) -> tuple[dict[str, list[str]], Decimal | None, str]:
    """Check one row; give its errors (keyed by field), and the amount and conditions to keep."""
    application = entry.application
    who = application.cpeg.borough.short_name
    errors: dict[str, list[str]] = {}
    if application.funding_round_id != funding_round.pk:
        errors["outcome"] = [f"{who}'s application is not in the {funding_round.label} round"]
        return errors, None, ""
    if entry.outcome not in DecisionOutcome.values:
        errors["outcome"] = [f"Choose what the committee decided for {who}"]
        return errors, None, ""
    amount: Decimal | None = None
    conditions = (entry.conditions or "").strip()
    if entry.outcome in FUNDING_OUTCOMES:
        amount = entry.amount
        if amount is None:
            errors["amount"] = [f"Enter the amount the committee awarded {who}"]
        elif amount <= 0:
            errors["amount"] = [f"The amount awarded to {who} must be more than £0"]
        elif amount != amount.quantize(PENNY):
            errors["amount"] = [
                f"Enter the amount awarded to {who} in pounds and pence, with no more than "
                "2 decimal places"
            ]
        elif application.requested_amount is not None and amount > application.requested_amount:
            errors["amount"] = [
                f"The amount awarded to {who} must be no more than the "
                f"{money(application.requested_amount)} they asked for"
            ]
    if entry.outcome == DecisionOutcome.FUND_WITH_CONDITIONS:
        if not conditions:
            errors["conditions"] = [f"Enter the conditions the committee set for {who}"]
    else:
        conditions = ""  # conditions belong only to "fund with conditions"
    return errors, amount, conditions


def _already_recorded(
    funding_round: FundingRound, name: str, held_on: datetime.date, entries: list[DecisionEntry]
) -> CommitteeMeeting | None:
    """The same meeting with the same decisions, recorded before: the batch asked twice."""
    for meeting in CommitteeMeeting.objects.filter(
        funding_round=funding_round, name=name, held_on=held_on
    ):
        recorded = {d.application_id: d for d in meeting.decisions.all()}
        if len(recorded) == len(entries) and all(
            entry.application.pk in recorded
            and recorded[entry.application.pk].outcome == entry.outcome
            and (
                entry.outcome not in FUNDING_OUTCOMES
                or recorded[entry.application.pk].amount == entry.amount
            )
            for entry in entries
        ):
            return meeting
    return None


class _Batch(NamedTuple):
    """A batch that passed every check: the locked round, the rows to record (each with the
    amount and conditions to keep), or the meeting that recorded the same batch before."""

    funding_round: FundingRound
    name: str
    rows: list[tuple[DecisionEntry, Decimal | None, str]]
    existing: CommitteeMeeting | None = None


def _checked_batch(
    *,
    user: User,
    funding_round: FundingRound,
    name: str,
    held_on: datetime.date | None,
    decisions: Sequence[tuple[Application, str, Decimal | None, str]],
) -> _Batch:
    """Lock the round and the applications and check the whole batch, refusing it with every
    problem; nothing is written. Runs inside the caller's transaction."""
    name = (name or "").strip()
    entries = [DecisionEntry(*row) for row in decisions]
    funding_round = lock_round(funding_round)  # first: concurrent batches queue here
    by_pk = {
        application.pk: application
        for application in Application.objects.select_for_update(of=("self",))
        .select_related("cpeg__borough")
        .filter(pk__in=[entry.application.pk for entry in entries])
        .order_by("pk")
    }
    entries = [entry._replace(application=by_pk[entry.application.pk]) for entry in entries]
    may_record = can_record_decisions(user)
    if may_record and held_on is not None:
        existing = _already_recorded(funding_round, name, held_on, entries)
        if existing is not None:
            return _Batch(funding_round, name, [], existing)

    # As every move of the application's workflow: the wrong state first, then who may.
    wrong_state = {
        decision_error_key(entry.application, "outcome"): APPLICATION.refusal(
            entry.outcome, entry.application
        ).messages
        for entry in entries
        if entry.application.funding_round_id == funding_round.pk
        and entry.outcome in DecisionOutcome.values
        and not APPLICATION.starts_from(entry.outcome, entry.application)
    }
    if wrong_state:
        raise ValidationError(wrong_state)
    if not may_record:
        raise ValidationError(DECIDE_FORBIDDEN, code="forbidden")

    errors = _validate_meeting(name, held_on)
    if not entries:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            "Record the committee's decision on at least one application"
        )
    seen: set[int] = set()
    rows: list[tuple[DecisionEntry, Decimal | None, str]] = []
    for entry in entries:
        row_errors, amount, conditions = _validate_entry(entry, funding_round)
        if entry.application.pk in seen:
            row_errors["outcome"] = [
                f"{entry.application.cpeg.borough.short_name} is in the batch twice: "
                "record one decision for each application"
            ]
        seen.add(entry.application.pk)
        for field, messages in row_errors.items():
            errors[decision_error_key(entry.application, field)] = messages
        rows.append((entry, amount, conditions))
    if errors or held_on is None:
        raise ValidationError(errors)
    check_ceiling(funding_round, sum((amount or Decimal(0) for _, amount, _ in rows), Decimal(0)))
    return _Batch(funding_round, name, rows)


@transaction.atomic
def meeting_check_decisions(
    *,
    user: User,
    funding_round: FundingRound,
    name: str,
    held_on: datetime.date | None,
    decisions: Sequence[tuple[Application, str, Decimal | None, str]],
) -> None:
    """Check a batch as ``meeting_record_decisions`` would, saving nothing: what the
    check-your-answers page asks before the manager confirms. Refuses with the same errors."""
    _checked_batch(
        user=user, funding_round=funding_round, name=name, held_on=held_on, decisions=decisions
    )


@transaction.atomic
def meeting_record_decisions(
    *,
    user: User,
    funding_round: FundingRound,
    name: str,
    held_on: datetime.date,
    decisions: Sequence[tuple[Application, str, Decimal | None, str]],
) -> CommitteeMeeting:
    """Record a committee meeting and its decision on each application, all or nothing.

    ``decisions`` holds ``(application, outcome, amount, conditions)`` rows (``DecisionEntry``).
    Refuses the whole batch, with every problem, if any row is wrong or the awards would take
    the round over its ceiling. The same batch recorded twice returns the first meeting.
    """
    batch = _checked_batch(
        user=user, funding_round=funding_round, name=name, held_on=held_on, decisions=decisions
    )
    if batch.existing is not None:
        return batch.existing
    meeting = CommitteeMeeting.objects.create(
        funding_round=batch.funding_round, name=batch.name, held_on=held_on, recorded_by=user
    )
    for entry, amount, conditions in batch.rows:
        _decide(user=user, meeting=meeting, entry=entry, amount=amount, conditions=conditions)
    return meeting


def _decide(
    *,
    user: User,
    meeting: CommitteeMeeting,
    entry: DecisionEntry,
    amount: Decimal | None,
    conditions: str,
) -> Decision:
    """Record one decision, move the (locked) application by the outcome's transition, which
    audits it and e-mails the group the decision; a funding outcome makes the award and its
    SLA."""
    application = entry.application
    decision = Decision.objects.create(
        meeting=meeting,
        application=application,
        outcome=entry.outcome,
        amount=amount,
        conditions=conditions,
        recorded_by=user,
    )
    outcome_label = DecisionOutcome(entry.outcome).label
    APPLICATION.move(
        application,
        entry.outcome,
        user=user,
        locked=True,
        reason=f"{outcome_label}{f' ({money(amount)})' if amount else ''} at {meeting}",
    )
    if entry.outcome in FUNDING_OUTCOMES and amount is not None:
        award = award_create(
            user=user,
            funding_round=meeting.funding_round,
            cpeg=application.cpeg,
            amount=amount,
            awarded_on=meeting.held_on,
            decision=decision,
            conditions=conditions,
        )
        sla_milestones_create(award=award, application=application)
    return decision
