"""Committee decisions and the awards they make (DESIGN.md, "The year", step 5).

The funding manager records one meeting and its decision on each application in one batch.
"Fund" and "fund with conditions" make the award: the funding agreement, its four quarterly
instalments and its SLA (the work plan's milestones, copied). A group without an agreed work
plan can be given interim funding.

Awards never exceed the round's allocable ceiling, even when two managers record at once:
every writer of awards locks the round's row first (``_lock_round``), then sums what is
already awarded, so the second waits for the first to commit and then sees its awards.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    FundingRound,
    Instalment,
    Milestone,
    RoundStatus,
)
from grants.models.awards import FUNDING_OUTCOMES
from grants.notifications import group_people, notify
from grants.permissions import can_record_decisions
from grants.selectors.ledger import approved_total
from slas.models import SlaMilestone

PENNY = Decimal("0.01")

#: Allowed transitions, as data: (application status, committee outcome) -> new status.
#: Only applications awaiting the committee (recommended, or deferred before) are decided.
TRANSITIONS: dict[tuple[str, str], str] = {
    (waiting, outcome): to_state
    for waiting in (ApplicationStatus.RECOMMENDED, ApplicationStatus.DEFERRED)
    for outcome, to_state in (
        (DecisionOutcome.FUND, ApplicationStatus.FUNDED),
        (DecisionOutcome.FUND_WITH_CONDITIONS, ApplicationStatus.FUNDED),
        (DecisionOutcome.DO_NOT_FUND, ApplicationStatus.NOT_FUNDED),
        (DecisionOutcome.DEFER, ApplicationStatus.DEFERRED),
    )
}

#: Statuses an application may be decided from: what the transition table allows.
DECIDABLE_STATUSES = frozenset(status for status, _ in TRANSITIONS)


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


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ValidationError(message)


def _lock_round(funding_round: FundingRound) -> FundingRound:
    """Lock the round's row: writers of awards take turns from here to their commit."""
    return FundingRound.objects.select_for_update().get(pk=funding_round.pk)


def _check_ceiling(funding_round: FundingRound, adding: Decimal) -> None:
    """Refuse awards of ``adding`` that would take the (locked) round past its ceiling."""
    already = approved_total(funding_round=funding_round)
    over = already + adding - funding_round.allocable_ceiling
    if over > 0:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: (
                    f"These awards would take the round {money(over)} over its ceiling of "
                    f"{money(funding_round.allocable_ceiling)}"
                )
            }
        )


def default_instalments(amount: Decimal) -> dict[int, Decimal]:
    """A quarter of the award each quarter, to the penny; the odd pennies go in quarter 1,
    so the four always add up to the award (£10,000.01 → £2,500.01 then 3 × £2,500.00)."""
    quarter_share = (amount / len(QUARTERS)).quantize(PENNY, rounding=ROUND_DOWN)
    shares = dict.fromkeys(QUARTERS, quarter_share)
    shares[QUARTERS[0]] += amount - quarter_share * len(QUARTERS)
    return shares


def _next_reference(funding_round: FundingRound, cpeg: Cpeg) -> str:
    """``CPEG-2011-BARNET-A``; a group's second award in the round (interim funding and then
    the full award, say) is ``-B``. Unique while the round is locked."""
    prefix = f"CPEG-{funding_round.year_start}-{cpeg.borough.slug.upper()}-"
    taken = set(
        Award.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    )
    number = 0
    while True:
        suffix = chr(ord("A") + number) if number < 26 else str(number + 1)
        if prefix + suffix not in taken:
            return prefix + suffix
        number += 1


def _create_award(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    amount: Decimal,
    awarded_on: datetime.date,
    decision: Decision | None = None,
    conditions: str = "",
    interim_reason: str = "",
) -> Award:
    award = Award.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        decision=decision,
        is_interim=decision is None,
        interim_reason=interim_reason,
        reference=_next_reference(funding_round, cpeg),
        amount=amount,
        conditions=conditions,
        awarded_on=awarded_on,
        created_by=user,
    )
    Instalment.objects.bulk_create(
        Instalment(award=award, quarter=quarter, amount=share)
        for quarter, share in default_instalments(amount).items()
    )
    audit_record(
        subject=award,
        actor=user,
        action="interim funding awarded" if decision is None else "awarded",
        reason=(
            f"{money(amount)}: {interim_reason}"
            if decision is None
            else f"{money(amount)} by {decision.meeting}"
        ),
    )
    return award


def _copy_sla_milestones(award: Award, application: Application) -> int:
    """The work plan's milestones become the award's SLA ("not this quarter" → not due)."""
    milestones = Milestone.objects.filter(activity__application=application).select_related(
        "activity"
    )
    created = SlaMilestone.objects.bulk_create(
        SlaMilestone(
            award=award,
            objective_id=milestone.activity.objective_id,
            activity_title=milestone.activity.title,
            quarter=milestone.quarter,
            description=milestone.description,
            not_due=milestone.not_this_quarter,
        )
        for milestone in milestones
    )
    return len(created)


def _validate_meeting(name: str, held_on: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter the name of the meeting"]
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
    if (application.status, entry.outcome) not in TRANSITIONS:
        errors["outcome"] = [
            f"{who}'s application is {application.get_status_display().lower()}: only a "
            "recommended or deferred application can be decided"
        ]
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
    _require(can_record_decisions(user), "Only the funding manager records committee decisions.")
    name = (name or "").strip()
    errors = _validate_meeting(name, held_on)
    entries = [DecisionEntry(*row) for row in decisions]
    if not entries:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            "Record the committee's decision on at least one application"
        )
    if errors:
        raise ValidationError(errors)

    funding_round = _lock_round(funding_round)  # first: concurrent batches queue here
    by_pk = {
        application.pk: application
        for application in Application.objects.select_for_update(of=("self",))
        .select_related("cpeg__borough")
        .filter(pk__in=[entry.application.pk for entry in entries])
        .order_by("pk")
    }
    entries = [entry._replace(application=by_pk[entry.application.pk]) for entry in entries]

    existing = _already_recorded(funding_round, name, held_on, entries)
    if existing is not None:
        return existing

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
    if errors:
        raise ValidationError(errors)
    _check_ceiling(funding_round, sum((amount or Decimal(0) for _, amount, _ in rows), Decimal(0)))

    meeting = CommitteeMeeting.objects.create(
        funding_round=funding_round, name=name, held_on=held_on, recorded_by=user
    )
    for entry, amount, conditions in rows:
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
    application = entry.application
    decision = Decision.objects.create(
        meeting=meeting,
        application=application,
        outcome=entry.outcome,
        amount=amount,
        conditions=conditions,
        recorded_by=user,
    )
    from_state = application.status
    to_state = TRANSITIONS[(from_state, entry.outcome)]
    application.status = to_state
    application.save(update_fields=["status", "updated_at"])
    outcome_label = DecisionOutcome(entry.outcome).label
    audit_record(
        subject=application,
        actor=user,
        action="committee decision",
        from_state=from_state,
        to_state=to_state,
        reason=f"{outcome_label}{f' ({money(amount)})' if amount else ''} at {meeting}",
    )
    if entry.outcome in FUNDING_OUTCOMES and amount is not None:
        award = _create_award(
            user=user,
            funding_round=meeting.funding_round,
            cpeg=application.cpeg,
            amount=amount,
            awarded_on=meeting.held_on,
            decision=decision,
            conditions=conditions,
        )
        _copy_sla_milestones(award, application)
    _notify_decision(decision, outcome_label)
    return decision


def _notify_decision(decision: Decision, outcome_label: str) -> None:
    application = decision.application
    meeting = decision.meeting
    lines = [
        f"The committee has decided on {application.cpeg.name}'s funding application for "
        f"{meeting.funding_round.label}, at {meeting}.",
        "",
        f"Decision: {outcome_label}",
    ]
    if decision.amount is not None:
        lines.append(f"Amount: {money(decision.amount)}")
    if decision.conditions:
        lines.append(f"Conditions: {decision.conditions}")
    lines += [
        "",
        f"You can appeal this decision until {decision.appeal_deadline:%-d %B %Y}. "
        "Read the decision letter in the CPEG Portal:",
    ]
    notify(
        users=group_people(application.cpeg, [Role.SECRETARY, Role.CHAIR]),
        subject=f"Committee decision on your {meeting.funding_round.label} funding application",
        body="\n".join(lines),
        path=reverse("grants:decision_letter", kwargs={"pk": decision.pk}),
    )


@transaction.atomic
def award_set_instalments(*, user: User, award: Award, amounts: Mapping[int, Decimal]) -> Award:
    """Change the award's payment schedule: one amount per quarter, each £0 or more, adding up
    to the award exactly. Unchanged amounts change nothing."""
    _require(can_record_decisions(user), "Only the funding manager changes instalments.")
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors: dict[str, list[str]] = {}
    for quarter in QUARTERS:
        value = amounts.get(quarter)
        if value is None:
            errors[f"q{quarter}"] = [f"Enter the instalment for quarter {quarter}"]
        elif value < 0:
            errors[f"q{quarter}"] = [f"The instalment for quarter {quarter} must be £0 or more"]
        elif value != value.quantize(PENNY):
            errors[f"q{quarter}"] = [
                f"Enter the instalment for quarter {quarter} in pounds and pence, with no more "
                "than 2 decimal places"
            ]
    if set(amounts) - set(QUARTERS):
        errors.setdefault(NON_FIELD_ERRORS, []).append("Instalments are for quarters 1 to 4")
    if errors:
        raise ValidationError(errors)
    total = sum((amounts[quarter] for quarter in QUARTERS), Decimal(0))
    if total != award.amount:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: (
                    f"The instalments add up to {money(total)}; they must add up to the "
                    f"award, {money(award.amount)}"
                )
            }
        )
    current = {i.quarter: i for i in award.instalments.all()}
    changes = [
        f"Q{quarter} {money(current[quarter].amount) if quarter in current else 'none'} → "
        f"{money(amounts[quarter])}"
        for quarter in QUARTERS
        if quarter not in current or current[quarter].amount != amounts[quarter]
    ]
    if not changes:
        return award  # asked twice, or nothing changed
    for quarter in QUARTERS:
        Instalment.objects.update_or_create(
            award=award, quarter=quarter, defaults={"amount": amounts[quarter]}
        )
    audit_record(subject=award, actor=user, action="instalments changed", reason="; ".join(changes))
    return award


@transaction.atomic
def interim_award_create(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    amount: Decimal | None,
    reason: str,
    awarded_on: datetime.date | None,
) -> Award:
    """Interim funding for a group without an agreed work plan (no full award in the round):
    marked as interim, with its reason, four instalments and no SLA milestones. The same
    ceiling lock as the committee's batch. The same award asked twice returns the first."""
    _require(can_record_decisions(user), "Only the funding manager awards interim funding.")
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if amount is None:
        errors["amount"] = ["Enter the amount of interim funding"]
    elif amount <= 0:
        errors["amount"] = ["The amount of interim funding must be more than £0"]
    elif amount != amount.quantize(PENNY):
        errors["amount"] = [
            "Enter the amount in pounds and pence, with no more than 2 decimal places"
        ]
    if not reason:
        errors["reason"] = ["Enter why the group is given interim funding"]
    if awarded_on is None:
        errors["awarded_on"] = ["Enter the date the interim funding was agreed"]
    elif awarded_on > timezone.localdate():
        errors["awarded_on"] = [
            "The date the interim funding was agreed must be today or in the past"
        ]
    if errors or amount is None or awarded_on is None:
        raise ValidationError(errors)

    funding_round = _lock_round(funding_round)
    if funding_round.status == RoundStatus.SETUP:
        raise ValidationError("Open the round before awarding interim funding.")
    same = Award.objects.filter(
        funding_round=funding_round,
        cpeg=cpeg,
        is_interim=True,
        amount=amount,
        interim_reason=reason,
        awarded_on=awarded_on,
    ).first()
    if same is not None:
        return same
    who = cpeg.borough.short_name
    if Award.objects.filter(funding_round=funding_round, cpeg=cpeg, is_interim=False).exists():
        raise ValidationError(
            {
                "cpeg": f"{who} already has an award from the committee for "
                f"{funding_round.label}: interim funding is for a group without an agreed "
                "work plan"
            }
        )
    _check_ceiling(funding_round, amount)
    return _create_award(
        user=user,
        funding_round=funding_round,
        cpeg=cpeg,
        amount=amount,
        awarded_on=awarded_on,
        interim_reason=reason,
    )
