"""The link officer's review of a submitted return: return it with questions, or accept it
with ratings (which makes the next quarter's instalment ready); and the correction of an
accepted return, which is a new version (the accepted one never changes).

Each service runs in one transaction, locks the return, refuses bad input with a field-keyed
``ValidationError`` that changes nothing, and moves the status through the workflow engine,
which audits the move.

Error keys, for the forms: ``question_<report pk>`` / ``question_overall`` / ``questions``;
``rating_<objective pk>`` / ``rating_overall`` and ``reason_<objective pk>`` /
``reason_overall``; ``reason`` for a correction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from grants.models import Instalment, InstalmentStatus
from grants.workflows.instalment import INSTALMENT, MAKE_READY
from slas.models import (
    ANSWER_DAYS,
    COUNT_FIELDS,
    MAX_NARRATIVE,
    EvidenceFile,
    MilestoneReport,
    QuarterlyReturn,
    Rag,
    Rating,
    ReturnStatus,
    ReviewQuestion,
    SpendLine,
)
from slas.permissions import is_group_secretary, is_staff, may_review_returns
from slas.ratings import RULE_VERSION, return_suggestions
from slas.timing import time_fields
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN, RETURN


def _key(pk: int | None, name: str) -> str:
    return f"{name}_{'overall' if pk is None else pk}"


def _check_reviewer(user: User, quarterly_return: QuarterlyReturn, name: str) -> None:
    """The return is in a state ``name`` starts from and ``user`` may take it: else refuse."""
    if not QUARTERLY_RETURN.starts_from(name, quarterly_return):
        raise QUARTERLY_RETURN.refusal(name, quarterly_return)
    if not may_review_returns(user, quarterly_return):
        raise ValidationError(QUARTERLY_RETURN.transition(name).forbidden, code="forbidden")


@transaction.atomic
def review_return_with_questions(
    *,
    user: User,
    quarterly_return: QuarterlyReturn,
    questions: Mapping[int | None, str],
    today: datetime.date | None = None,
) -> QuarterlyReturn:
    """Send a submitted return back to the group with questions: keys are the return's
    milestone reports' pks, or None for a question on the return overall. Empty boxes are
    left out; at least one question is needed. The answers are due in ``ANSWER_DAYS`` days."""
    quarterly_return = QUARTERLY_RETURN.lock(quarterly_return)
    _check_reviewer(user, quarterly_return, RETURN)
    labels = {
        report.pk: report.milestone.activity_title
        for report in MilestoneReport.objects.filter(
            quarterly_return=quarterly_return
        ).select_related("milestone")
    }
    errors: dict[str, str] = {}
    asked: list[tuple[int | None, str]] = []
    for pk, text in questions.items():
        if pk is not None and pk not in labels:
            errors["questions"] = "A question is on a milestone that is not in this return"
            continue
        text = (text or "").strip()
        if not text:
            continue
        if len(text) > MAX_NARRATIVE:
            about = f"on “{labels[pk]}”" if pk is not None else "on the return as a whole"
            errors[_key(pk, "question")] = (
                f"Your question {about} must be {MAX_NARRATIVE:,} characters or fewer"
            )
            continue
        asked.append((pk, text))
    if not asked and not errors:
        errors["questions"] = "Enter at least one question for the group"
    if errors:
        raise ValidationError(errors)
    ReviewQuestion.objects.bulk_create(
        ReviewQuestion(
            quarterly_return=quarterly_return, milestone_report_id=pk, question=text, asked_by=user
        )
        for pk, text in asked
    )
    today = today or timezone.localdate()
    quarterly_return.answer_due_on = today + datetime.timedelta(days=ANSWER_DAYS)
    fields = {
        "answer_due_on": quarterly_return.answer_due_on,
        "returned_at": timezone.now(),
        **time_fields(quarterly_return, status=ReturnStatus.RETURNED, today=today),
    }
    count = len(asked)
    return QUARTERLY_RETURN.move(
        quarterly_return,
        RETURN,
        user=user,
        fields=fields,
        locked=True,
        reason=f"{count} question{'s' if count != 1 else ''}; answers due "
        f"{quarterly_return.answer_due_on:%-d %B %Y}",
    )


@transaction.atomic
def review_accept(
    *,
    user: User,
    quarterly_return: QuarterlyReturn,
    ratings: Mapping[int | None, tuple[str, str]],
    today: datetime.date | None = None,
) -> QuarterlyReturn:
    """Accept a submitted return with a rating for every objective of the round (keys: the
    objective's pk) and overall (key None): (final rating, reason). A rating other than the
    portal's suggestion needs a reason. Keeps the suggestion, the final rating, the reason and
    the rule's version; then makes the award's next instalment ready (if it is scheduled).
    Asked again once accepted, it changes nothing."""
    quarterly_return = QUARTERLY_RETURN.lock(quarterly_return)
    quarterly_return.next_instalment_made_ready = False  # type: ignore[attr-defined]
    if quarterly_return.status == ReturnStatus.ACCEPTED:
        if not may_review_returns(user, quarterly_return):
            raise ValidationError(QUARTERLY_RETURN.transition(ACCEPT).forbidden, code="forbidden")
        return quarterly_return
    _check_reviewer(user, quarterly_return, ACCEPT)
    suggestions = return_suggestions(quarterly_return)
    known = {s.objective.pk if s.objective is not None else None for s in suggestions}
    errors: dict[str, str] = {}
    if set(ratings) - known:
        errors["ratings"] = "A rating is for an objective that is not in this round"
    rows = []
    now = timezone.now()
    for suggestion in suggestions:
        objective = suggestion.objective
        pk = objective.pk if objective is not None else None
        name = f"objective {objective.code}" if objective is not None else "the quarter overall"
        final, reason = ratings.get(pk, ("", ""))
        reason = (reason or "").strip()
        if final not in Rag.values:
            errors[_key(pk, "rating")] = f"Choose a rating for {name}"
            continue
        if len(reason) > MAX_NARRATIVE:
            errors[_key(pk, "reason")] = (
                f"The reason for the rating of {name} must be {MAX_NARRATIVE:,} characters or fewer"
            )
            continue
        if final != suggestion.suggested and not reason:
            errors[_key(pk, "reason")] = (
                f"Say why you rate {name} {Rag(final).label} when the portal suggests "
                f"{suggestion.suggested.label}"
            )
            continue
        rows.append(
            Rating(
                quarterly_return=quarterly_return,
                objective=objective,
                suggested=suggestion.suggested,
                final=final,
                override_reason=reason if final != suggestion.suggested else "",
                rule_version=RULE_VERSION,
                rated_by=user,
                rated_at=now,
            )
        )
    if errors:
        raise ValidationError(errors)
    Rating.objects.bulk_create(rows)
    overall = next(row for row in rows if row.objective is None)
    fields = {
        "accepted_at": now,
        "accepted_by": user,
        **time_fields(quarterly_return, status=ReturnStatus.ACCEPTED, today=today),
    }
    overridden = sum(1 for row in rows if row.final != row.suggested)
    quarterly_return = QUARTERLY_RETURN.move(
        quarterly_return,
        ACCEPT,
        user=user,
        fields=fields,
        locked=True,
        reason=f"Rated {overall.get_final_display()} overall"
        + (
            f"; {overridden} suggestion{'s' if overridden != 1 else ''} overridden"
            if overridden
            else ""
        ),
    )
    following = (
        Instalment.objects.select_for_update()
        .filter(award_id=quarterly_return.award_id, quarter=quarterly_return.quarter + 1)
        .first()
    )
    made_ready = following is not None and following.status == InstalmentStatus.SCHEDULED
    if made_ready:
        INSTALMENT.move(following, MAKE_READY, user=user, locked=False)
    # The view says the next instalment can be released only when this call made it ready.
    quarterly_return.next_instalment_made_ready = made_ready  # type: ignore[attr-defined]
    return quarterly_return


def may_start_correction(user: User, quarterly_return: QuarterlyReturn) -> bool:
    """The group's secretary (a correction the group starts) or staff (one the officer asks
    for) may correct an accepted return."""
    return is_group_secretary(user, quarterly_return) or is_staff(user)


@transaction.atomic
def return_correction_start(
    *, user: User, quarterly_return: QuarterlyReturn, reason: str
) -> QuarterlyReturn:
    """Start a correction of an accepted return: the next version, a draft with the accepted
    version's answers copied (counts, narrative, milestone reports, spend, evidence files,
    which point to the same stored files), due on the same day. The accepted version is not
    changed. Asked again while a correction is open, it returns the open one."""
    quarterly_return = QUARTERLY_RETURN.lock(quarterly_return)
    if not may_start_correction(user, quarterly_return):
        raise ValidationError(
            "Only the group's secretary or a link officer can correct a return.",
            code="forbidden",
        )
    if quarterly_return.status != ReturnStatus.ACCEPTED:
        raise ValidationError(
            "Only an accepted return can be corrected: this one is "
            f"{QUARTERLY_RETURN.state_of(quarterly_return).label.lower()}.",
            code="wrong_state",
        )
    existing = QuarterlyReturn.objects.filter(corrects=quarterly_return).first()
    if existing is not None:
        if existing.status != ReturnStatus.ACCEPTED:
            return existing  # asked twice: the open correction
        raise ValidationError(
            f"Version {quarterly_return.version} has already been corrected: correct the latest "
            "accepted version instead.",
            code="superseded",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the return needs correcting"})
    if len(reason) > MAX_NARRATIVE:
        raise ValidationError(
            {"reason": f"The reason must be {MAX_NARRATIVE:,} characters or fewer"}
        )
    source = quarterly_return
    correction = QuarterlyReturn(
        award_id=source.award_id,
        funding_round_id=source.funding_round_id,
        cpeg_id=source.cpeg_id,
        quarter=source.quarter,
        version=source.version + 1,
        corrects=source,
        due_on=source.due_on,
        status=ReturnStatus.DRAFT,
        evidence=source.evidence,
        highlights=source.highlights,
        problems=source.problems,
        support_wanted=source.support_wanted,
        narrative_saved=source.narrative_saved,
        **{name: getattr(source, name) for name in COUNT_FIELDS},
    )
    correction.funding_round = source.funding_round
    for name, value in time_fields(correction, status=ReturnStatus.DRAFT).items():
        setattr(correction, name, value)
    correction.save()
    MilestoneReport.objects.bulk_create(
        MilestoneReport(
            quarterly_return=correction,
            milestone_id=report.milestone_id,
            outcome=report.outcome,
            what_happened=report.what_happened,
            next_steps=report.next_steps,
        )
        for report in source.milestone_reports.all()
    )
    SpendLine.objects.bulk_create(
        SpendLine(
            quarterly_return=correction,
            category=line.category,
            budget=line.budget,
            spent_to_date=line.spent_to_date,
            lower_reason=line.lower_reason,
        )
        for line in source.spend_lines.all()
    )
    EvidenceFile.objects.bulk_create(
        EvidenceFile(
            quarterly_return=correction,
            file=evidence.file.name,
            original_name=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
            uploaded_by_id=evidence.uploaded_by_id,
        )
        for evidence in source.evidence_files.all()
    )
    # Who started it goes in the reason: the audit log's action is at most 50 characters.
    who = "Started by the group" if is_group_secretary(user, source) else "Asked for by staff"
    audit_record(
        subject=correction,
        actor=user,
        action=f"correction of version {source.version} started",
        to_state=ReturnStatus.DRAFT,
        reason=f"{who}: {reason}",
    )
    audit_record(
        subject=source,
        actor=user,
        action=f"correction started as version {correction.version}",
        reason=f"{who}: {reason}",
    )
    return correction
