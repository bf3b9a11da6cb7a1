"""The group's quarterly return, as its secretary fills it in: started (a draft, with a row
for each milestone due and each budget line), saved section by section as they go, its
evidence files added and removed, the officer's questions answered, and submitted with a
frozen copy of everything the group said (``ReturnSubmission``).

Every service runs in one transaction, locks the return, lets only the group's secretary
change it while it is being written (``EDITABLE``), refuses bad input with a field-keyed
``ValidationError`` and changes nothing then. Status changes go through the workflow engine
(which audits them); file uploads and removals and answers are audited here.

The counts: each is a whole number from 0 to ``MAX_COUNT``. Total attendance must be 0 when no
public meetings or events were held (people cannot attend meetings that did not happen); any
other combination is allowed (for example CDRP meetings attended with no meetings held).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from grants.models.money import money
from grants.services.documents import EMPTY, detect_document_type, safe_name, too_large
from slas.models import (
    COUNT_FIELDS,
    MAX_COUNT,
    MAX_NARRATIVE,
    EvidenceFile,
    MilestoneOutcome,
    MilestoneReport,
    QuarterlyReturn,
    ReturnStatus,
    ReturnSubmission,
    ReviewQuestion,
    SlaMilestone,
    SpendLine,
)
from slas.permissions import is_group_secretary
from slas.timing import time_fields
from slas.workflows.quarterly_return import EDITABLE, QUARTERLY_RETURN, START, SUBMIT

JPEG = "image/jpeg"
PNG = "image/png"
WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX, ODT, JPEG or PNG"
#: The most evidence files one return may hold.
MAX_FILES = 20

#: How each count is named in its messages ("Enter the number of CDRP meetings attended").
COUNT_NOUNS = {
    "public_meetings": "the number of public meetings and engagement events held",
    "public_attendance": "the total attendance at public meetings and engagement events",
    "cdrp_meetings": "the number of CDRP meetings attended",
    "snp_meetings": "the number of Safer Neighbourhoods panel meetings attended",
    "outreach_events": "the number of outreach events held",
    "young_people": "the number of young people (under 25) engaged",
}
PENNY = Decimal("0.01")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class ReturnSubmitRefused(ValidationError):
    """The return cannot be submitted yet; ``problems`` say what to put right, and where."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__([problem.message for problem in problems])


# Checks every service shares


def _locked(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    locked: QuarterlyReturn = QUARTERLY_RETURN.lock(quarterly_return)
    return locked


def _require_secretary(user: User, quarterly_return: QuarterlyReturn) -> None:
    if not is_group_secretary(user, quarterly_return):
        raise ValidationError("Only the group's secretary can change its return.", code="forbidden")


def _require_editable(quarterly_return: QuarterlyReturn) -> None:
    if quarterly_return.status == ReturnStatus.NOT_STARTED:
        raise ValidationError(
            f"Start the quarter {quarterly_return.quarter} return before filling it in.",
            code="wrong_state",
        )
    if quarterly_return.status not in EDITABLE:
        label = QUARTERLY_RETURN.state_of(quarterly_return).label.lower()
        raise ValidationError(
            f"The quarter {quarterly_return.quarter} return is {label}: it cannot be changed.",
            code="wrong_state",
        )


def _editable(user: User, quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    """The return, locked, once the user may change it now."""
    locked = _locked(quarterly_return)
    _require_secretary(user, locked)
    _require_editable(locked)
    return locked


def _text(
    errors: dict[str, str], name: str, value: str, *, required: str = "", noun: str = ""
) -> str:
    """A narrative answer, stripped; a message under ``name`` if missing or too long."""
    value = (value or "").strip()
    if required and not value:
        errors[name] = required
    elif len(value) > MAX_NARRATIVE:
        errors[name] = f"{_capital(noun)} must be {MAX_NARRATIVE:,} characters or fewer"
    return value


# Starting


@transaction.atomic
def return_start(*, user: User, quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    """Start the return (not started -> draft) with one report per milestone due in its
    quarter and one spend line per budget line of the award. Asked again for a draft (or a
    correction made by someone else), it only adds the rows that are missing."""
    locked = _locked(quarterly_return)
    _require_secretary(user, locked)
    if locked.status == ReturnStatus.NOT_STARTED:
        locked = QUARTERLY_RETURN.move(
            locked,
            START,
            user=user,
            locked=True,
            fields=time_fields(locked, status=ReturnStatus.DRAFT),
        )
    elif locked.status not in EDITABLE:
        raise QUARTERLY_RETURN.refusal(START, locked)
    _ensure_rows(locked)
    return locked


def _ensure_rows(quarterly_return: QuarterlyReturn) -> None:
    reported = set(
        MilestoneReport.objects.filter(quarterly_return=quarterly_return).values_list(
            "milestone_id", flat=True
        )
    )
    due = SlaMilestone.objects.filter(
        award_id=quarterly_return.award_id, quarter=quarterly_return.quarter, not_due=False
    ).exclude(pk__in=reported)
    MilestoneReport.objects.bulk_create(
        MilestoneReport(quarterly_return=quarterly_return, milestone=milestone) for milestone in due
    )
    award = quarterly_return.award
    if award.decision_id is None:
        return  # interim funding: no application, so no budget lines
    from grants.models import BudgetLine

    have = set(
        SpendLine.objects.filter(quarterly_return=quarterly_return).values_list(
            "category", flat=True
        )
    )
    lines = BudgetLine.objects.filter(application__decisions__award=award).exclude(
        category__in=have
    )
    SpendLine.objects.bulk_create(
        SpendLine(quarterly_return=quarterly_return, category=line.category, budget=line.amount)
        for line in lines.order_by("pk")
    )


# Sections


@transaction.atomic
def return_save_milestone(
    *,
    user: User,
    report: MilestoneReport,
    outcome: str,
    what_happened: str = "",
    next_steps: str = "",
) -> MilestoneReport:
    """The group's word on one milestone: met, partly met, not met or not due after all; for
    partly met and not met, what happened and what happens next."""
    _editable(user, report.quarterly_return)
    errors: dict[str, str] = {}
    if outcome not in MilestoneOutcome.values:
        errors["outcome"] = "Select whether the milestone was met"
    explained = outcome in (MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET)
    what_happened = _text(
        errors,
        "what_happened",
        what_happened,
        required="Say what happened" if explained else "",
        noun="what happened",
    )
    next_steps = _text(
        errors,
        "next_steps",
        next_steps,
        required="Say what happens next" if explained else "",
        noun="what happens next",
    )
    if errors:
        raise ValidationError(errors)
    stored = MilestoneReport.objects.get(pk=report.pk)
    stored.outcome = outcome
    # Met and not due need no explanation: nothing left over from an earlier answer is kept.
    stored.what_happened = what_happened if explained else ""
    stored.next_steps = next_steps if explained else ""
    stored.save(update_fields=["outcome", "what_happened", "next_steps", "updated_at"])
    return stored


@transaction.atomic
def return_save_counts(
    *, user: User, quarterly_return: QuarterlyReturn, counts: Mapping[str, int | None]
) -> QuarterlyReturn:
    """The six standard counts, each a whole number from 0 to ``MAX_COUNT``."""
    locked = _editable(user, quarterly_return)
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for name in COUNT_FIELDS:
        value = counts.get(name)
        noun = COUNT_NOUNS[name]
        if value is None:
            errors[name] = f"Enter {noun}"
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[name] = f"{_capital(noun)} must be a whole number"
        elif value < 0:
            errors[name] = f"{_capital(noun)} must be 0 or more"
        elif value > MAX_COUNT:
            errors[name] = f"{_capital(noun)} must be {MAX_COUNT:,} or fewer"
        else:
            values[name] = value
    if (
        "public_attendance" not in errors
        and values.get("public_meetings") == 0
        and values.get("public_attendance", 0) > 0
    ):
        errors["public_attendance"] = (
            "Total attendance must be 0 when no public meetings or engagement events were held"
        )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*COUNT_FIELDS, "updated_at"])
    return locked


def previous_spend(quarterly_return: QuarterlyReturn) -> tuple[int, dict[str, Decimal]] | None:
    """The quarter and the spend to date per category of the last accepted return of an
    earlier quarter of the same award (its latest accepted version); None if there is none."""
    previous = (
        QuarterlyReturn.objects.filter(
            award_id=quarterly_return.award_id,
            quarter__lt=quarterly_return.quarter,
            status=ReturnStatus.ACCEPTED,
        )
        .order_by("-quarter", "-version")
        .first()
    )
    if previous is None:
        return None
    figures = {
        line.category: line.spent_to_date
        for line in previous.spend_lines.all()
        if line.spent_to_date is not None
    }
    return previous.quarter, figures


def spend_reason_needed(
    *,
    label: str,
    category: str,
    spent: Decimal,
    previous: tuple[int, dict[str, Decimal]] | None,
) -> str:
    """The message asking why spend is lower than last accepted quarter's, or ""."""
    if previous is None:
        return ""
    quarter, figures = previous
    before = figures.get(category)
    if before is None or spent >= before:
        return ""
    return (
        f"Say why spend to date on {label.lower()} is lower than the "
        f"{money(before)} reported for quarter {quarter}"
    )


@transaction.atomic
def return_save_spend(
    *,
    user: User,
    quarterly_return: QuarterlyReturn,
    spend: Mapping[int, tuple[Decimal | None, str]],
) -> list[SpendLine]:
    """Spend to date on each budget line (keyed by the line's pk), in pounds and pence, £0
    or more; spend lower than the last accepted quarter's needs a reason."""
    locked = _editable(user, quarterly_return)
    lines = list(SpendLine.objects.filter(quarterly_return=locked).order_by("pk"))
    previous = previous_spend(locked)
    errors: dict[str, str] = {}
    for line in lines:
        spent, reason = spend.get(line.pk, (None, ""))
        label = line.get_category_display()
        key = f"spent_{line.pk}"
        reason = (reason or "").strip()
        if spent is None:
            errors[key] = f"Enter the spend to date on {label.lower()}"
        elif not isinstance(spent, Decimal) or not spent.is_finite():
            errors[key] = f"Enter the spend to date on {label.lower()} as a number"
        elif spent < 0:
            errors[key] = f"Spend to date on {label.lower()} must be £0 or more"
        elif spent != spent.quantize(PENNY):
            errors[key] = (
                f"Enter the spend to date on {label.lower()} in pounds and pence, "
                "with no more than 2 decimal places"
            )
        elif spent >= Decimal(10**10):
            errors[key] = f"Spend to date on {label.lower()} is too large: check the number"
        else:
            needed = spend_reason_needed(
                label=label, category=line.category, spent=spent, previous=previous
            )
            if needed and not reason:
                errors[f"reason_{line.pk}"] = needed
            elif len(reason) > MAX_NARRATIVE:
                errors[f"reason_{line.pk}"] = (
                    f"The reason must be {MAX_NARRATIVE:,} characters or fewer"
                )
            line.spent_to_date = spent
            line.lower_reason = reason if needed else ""
    if errors:
        raise ValidationError(errors)
    SpendLine.objects.bulk_update(lines, ["spent_to_date", "lower_reason"])
    locked.save(update_fields=["updated_at"])
    return lines


@transaction.atomic
def return_save_evidence(
    *, user: User, quarterly_return: QuarterlyReturn, evidence: str
) -> QuarterlyReturn:
    """The evidence page's text: what shows the milestones were met (required)."""
    locked = _editable(user, quarterly_return)
    errors: dict[str, str] = {}
    evidence = _text(
        errors,
        "evidence",
        evidence,
        required="Describe the evidence of what the group did this quarter",
        noun="the evidence",
    )
    if errors:
        raise ValidationError(errors)
    locked.evidence = evidence
    locked.save(update_fields=["evidence", "updated_at"])
    return locked


@transaction.atomic
def return_save_narrative(
    *,
    user: User,
    quarterly_return: QuarterlyReturn,
    evidence: str | None = None,
    highlights: str,
    problems: str = "",
    support_wanted: str = "",
) -> QuarterlyReturn:
    """Highlights (required), problems and support wanted from the link officer (optional);
    and the evidence text too when given (``None`` leaves it as it is: the evidence has its
    own page, ``return_save_evidence``)."""
    locked = _editable(user, quarterly_return)
    errors: dict[str, str] = {}
    if evidence is not None:
        evidence = _text(
            errors,
            "evidence",
            evidence,
            required="Describe the evidence of what the group did this quarter",
            noun="the evidence",
        )
    highlights = _text(
        errors,
        "highlights",
        highlights,
        required="Enter the quarter's highlights",
        noun="the highlights",
    )
    problems = _text(errors, "problems", problems, noun="the problems")
    support_wanted = _text(errors, "support_wanted", support_wanted, noun="the support wanted")
    if errors:
        raise ValidationError(errors)
    if evidence is not None:
        locked.evidence = evidence
    locked.highlights, locked.problems, locked.support_wanted = highlights, problems, support_wanted
    locked.narrative_saved = True
    locked.save(
        update_fields=[
            "evidence",
            "highlights",
            "problems",
            "support_wanted",
            "narrative_saved",
            "updated_at",
        ]
    )
    return locked


# Evidence files


def detect_evidence_type(stream: IO[bytes]) -> str | None:
    """A JPEG or PNG by its first bytes, else whatever the applications' check recognises
    (PDF, DOCX, XLSX, ODT) by content; None for anything else. Never by the file's name."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    return detect_document_type(stream)


@transaction.atomic
def return_add_evidence_file(
    *, user: User, quarterly_return: QuarterlyReturn, upload: UploadedFile
) -> EvidenceFile:
    """Attach a PDF, DOCX, XLSX, ODT, JPEG or PNG of at most ``GRANTS_UPLOAD_MAX_BYTES``."""
    locked = _editable(user, quarterly_return)
    size = upload.size or 0
    content_type: str | None = None
    if EvidenceFile.objects.filter(quarterly_return=locked).count() >= MAX_FILES:
        raise ValidationError(
            {"file": f"A return can have up to {MAX_FILES} files: remove one to add another"}
        )
    if size > settings.GRANTS_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": too_large()})
    if size == 0:
        raise ValidationError({"file": EMPTY})
    content_type = detect_evidence_type(upload)
    if content_type is None:
        raise ValidationError({"file": WRONG_TYPE})
    evidence_file = EvidenceFile(
        quarterly_return=locked,
        original_name=safe_name(upload.name or ""),
        content_type=content_type,
        size=size,
        uploaded_by=user,
    )
    upload.seek(0)
    evidence_file.file.save("upload", upload, save=False)
    try:
        evidence_file.save()
        audit_record(
            subject=locked,
            actor=user,
            action="added an evidence file",
            reason=evidence_file.original_name,
        )
        locked.save(update_fields=["updated_at"])
    except Exception:
        # The transaction rolls back, so the row goes: the stored file goes with it.
        evidence_file.file.storage.delete(evidence_file.file.name)
        raise
    return evidence_file


@transaction.atomic
def return_remove_evidence_file(*, user: User, evidence_file: EvidenceFile) -> None:
    """Remove an evidence file; the stored file goes once the removal commits. Asked twice,
    does nothing."""
    locked = _editable(user, evidence_file.quarterly_return)
    stored = EvidenceFile.objects.filter(pk=evidence_file.pk, quarterly_return=locked).first()
    if stored is None:
        return
    name, storage = stored.file.name, stored.file.storage
    stored.delete()

    def delete_unless_shared() -> None:
        # A correction's copies point at the accepted version's stored files.
        if not EvidenceFile.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete_unless_shared)
    audit_record(
        subject=locked, actor=user, action="removed an evidence file", reason=stored.original_name
    )
    locked.save(update_fields=["updated_at"])


# Questions


@transaction.atomic
def return_answer_question(*, user: User, question: ReviewQuestion, answer: str) -> ReviewQuestion:
    """The group's answer to one of the officer's questions, while the return is returned
    with questions."""
    locked = _locked(question.quarterly_return)
    _require_secretary(user, locked)
    if locked.status != ReturnStatus.RETURNED:
        raise ValidationError(
            "Questions are answered while the return is returned with questions.",
            code="wrong_state",
        )
    errors: dict[str, str] = {}
    answer = _text(errors, "answer", answer, required="Enter your answer", noun="your answer")
    if errors:
        raise ValidationError(errors)
    stored = ReviewQuestion.objects.get(pk=question.pk, quarterly_return=locked)
    stored.answer = answer
    stored.answered_at = timezone.now()
    stored.save(update_fields=["answer", "answered_at"])
    audit_record(
        subject=locked, actor=user, action="answered a question", reason=stored.question[:200]
    )
    locked.save(update_fields=["updated_at"])
    return stored


# Submitting


@transaction.atomic
def return_submit(
    *, user: User, quarterly_return: QuarterlyReturn, declaration_confirmed: bool
) -> QuarterlyReturn:
    """Submit the return to the link officer: refused, saying what is left, while a section
    is incomplete, a question unanswered or the declaration not confirmed. Keeps a frozen
    copy of what the group said (the next ``ReturnSubmission``). Asked twice, does nothing."""
    from slas.selectors.returns import return_detail, return_problems, return_snapshot

    locked = _locked(quarterly_return)
    _require_secretary(user, locked)
    if locked.status not in EDITABLE:
        # Already submitted: the engine answers idempotently; anything else, its refusal.
        moved: QuarterlyReturn = QUARTERLY_RETURN.move(locked, SUBMIT, user=user, locked=True)
        return moved
    detail = return_detail(pk=locked.pk) or locked
    problems = return_problems(detail, declaration_confirmed=declaration_confirmed)
    if problems:
        raise ReturnSubmitRefused(problems)
    now = timezone.now()
    last = locked.submissions.order_by("-number").values_list("number", flat=True).first()
    ReturnSubmission.objects.create(
        quarterly_return=locked,
        number=(last or 0) + 1,
        content=return_snapshot(detail),
        submitted_by=user,
        submitted_at=now,
    )
    moved = QUARTERLY_RETURN.move(
        locked,
        SUBMIT,
        user=user,
        locked=True,
        fields={
            "submitted_at": now,
            "submitted_by": user,
            **time_fields(locked, status=ReturnStatus.SUBMITTED),
        },
    )
    return moved
