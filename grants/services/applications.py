"""Writes for the full application: start it, fill in each section, attach documents, submit.

Only the group's secretary changes an application, and only while it is a draft or sent back
for changes (``grants.permissions.can_edit_application``). Each function runs in one
transaction and locks the application row first, so two tabs saving at once queue up rather
than interleave. Starting is audited here; submitting (and resubmitting) is the workflow's
``submit`` move (``grants.workflows.application``), which sets the status, audits it and
queues the e-mails, in the same transaction. Saving a section is not a change of state and is
not audited: what each submission said is kept whole in its ``ApplicationVersion`` snapshot.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from cpeg_portal.fiscal import QUARTERS
from grants.models import (
    Activity,
    Application,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    Milestone,
    Objective,
    Outline,
)
from grants.permissions import can_edit_application
from grants.selectors.applications import Problem, application_detail, submission_problems
from grants.selectors.snapshots import application_snapshot
from grants.workflows.application import APPLICATION, SUBMIT
from grants.workflows.round import TAKING_APPLICATIONS

#: A milestone's answer for one quarter: its description, or None for "not this quarter".
MilestoneAnswers = Mapping[int, str | None]


class SubmissionRefused(ValidationError):
    """The application cannot be submitted yet; ``problems`` say what to put right, where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([problem.message for problem in problems])


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("funding_round", "cpeg__borough")
        .get(pk=application.pk)
    )


def _require_editor(user: User, application: Application) -> None:
    if not can_edit_application(user, application):
        if APPLICATION.starts_from(SUBMIT, application):
            raise ValidationError(APPLICATION.transition(SUBMIT).forbidden)
        status = application.get_status_display().lower()
        raise ValidationError(
            f"The application is {status}: it can be changed only if your link officer "
            "asks for changes."
        )


def _touch(application: Application) -> None:
    application.save(update_fields=["updated_at"])


# Starting


def _reference(application: Application) -> str:
    slug = application.cpeg.borough.slug.upper()
    return f"CPEG-{application.funding_round.year_start}-{slug}"[:40]


@transaction.atomic
def application_start(*, user: User, outline: Outline) -> Application:
    """Open the group's application once its outline is agreed. Asked again, it returns the
    application already started."""
    outline = (
        Outline.objects.select_for_update()
        .select_related("funding_round", "cpeg")
        .get(pk=outline.pk)
    )
    if not (user.is_authenticated and user.role == Role.SECRETARY):
        raise ValidationError("Only the group's secretary can start the application.")
    if user.cpeg_id != outline.cpeg_id:
        raise ValidationError("You can start an application only for your own group.")
    existing = Application.objects.filter(outline=outline).first()
    if existing is not None:
        return existing
    if not outline.is_agreed:
        raise ValidationError(
            "The outline must be agreed by the partners and the community, or brokered to "
            "agreement, before the group can apply."
        )
    if outline.funding_round.status not in TAKING_APPLICATIONS:
        raise ValidationError(
            f"The {outline.funding_round.label} round is not open for applications."
        )
    application = Application.objects.create(
        funding_round=outline.funding_round,
        cpeg=outline.cpeg,
        outline=outline,
        created_by=user,
    )
    audit_record(subject=application, actor=user, action="started", to_state=APPLICATION.initial)
    return application


# About the group


@transaction.atomic
def application_update_about(
    *,
    user: User,
    application: Application,
    group_summary: str,
    meeting_arrangements: str,
    bank_account_name: str,
) -> Application:
    """Save the answers about the group; any may be left empty until the group submits."""
    application = _locked(application)
    _require_editor(user, application)
    bank_account_name = bank_account_name.strip()
    if len(bank_account_name) > 150:
        raise ValidationError(
            {"bank_account_name": "The name on the bank account must be 150 characters or fewer"}
        )
    application.group_summary = group_summary.strip()
    application.meeting_arrangements = meeting_arrangements.strip()
    application.bank_account_name = bank_account_name
    application.save(
        update_fields=["group_summary", "meeting_arrangements", "bank_account_name", "updated_at"]
    )
    return application


# The work plan


def _clean_activity(
    application: Application,
    *,
    objective: Objective,
    title: str,
    milestones: MilestoneAnswers,
) -> tuple[str, dict[int, str | None]]:
    errors: dict[str, str] = {}
    if objective.funding_round_id != application.funding_round_id:
        errors["objective"] = "Choose one of the round's objectives"
    title = title.strip()
    if not title:
        errors["title"] = "Enter the activity's title"
    elif len(title) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    cleaned: dict[int, str | None] = {}
    for quarter, answer in milestones.items():
        if quarter not in QUARTERS:
            errors["__all__"] = "Milestones are for quarters 1 to 4 only"
            continue
        if answer is None:
            cleaned[quarter] = None
        elif answer.strip():
            cleaned[quarter] = answer.strip()
        else:
            errors[f"q{quarter}_milestone"] = (
                f"Describe the milestone for quarter {quarter}, or choose “not this quarter”"
            )
    if errors:
        raise ValidationError(errors)
    return title, cleaned


def _write_milestones(activity: Activity, milestones: dict[int, str | None]) -> None:
    Milestone.objects.filter(activity=activity).delete()
    Milestone.objects.bulk_create(
        Milestone(
            activity=activity,
            quarter=quarter,
            description=answer or "",
            not_this_quarter=answer is None,
        )
        for quarter, answer in sorted(milestones.items())
    )


@transaction.atomic
def activity_add(
    *,
    user: User,
    application: Application,
    objective: Objective,
    title: str,
    description: str = "",
    milestones: MilestoneAnswers,
) -> Activity:
    """Add an activity towards one of the round's objectives. ``milestones`` maps a quarter
    to its milestone, or to None for "not this quarter"; a quarter left out is unanswered."""
    application = _locked(application)
    _require_editor(user, application)
    title, cleaned = _clean_activity(
        application, objective=objective, title=title, milestones=milestones
    )
    activity = Activity.objects.create(
        application=application, objective=objective, title=title, description=description.strip()
    )
    _write_milestones(activity, cleaned)
    _touch(application)
    return activity


@transaction.atomic
def activity_update(
    *,
    user: User,
    activity: Activity,
    objective: Objective,
    title: str,
    description: str = "",
    milestones: MilestoneAnswers,
) -> Activity:
    """Replace an activity's objective, title, description and milestones."""
    application = _locked(activity.application)
    _require_editor(user, application)
    activity = Activity.objects.select_for_update().get(pk=activity.pk, application=application)
    title, cleaned = _clean_activity(
        application, objective=objective, title=title, milestones=milestones
    )
    activity.objective = objective
    activity.title = title
    activity.description = description.strip()
    activity.save(update_fields=["objective", "title", "description"])
    _write_milestones(activity, cleaned)
    _touch(application)
    return activity


@transaction.atomic
def activity_delete(*, user: User, activity: Activity) -> None:
    """Remove an activity and its milestones. Removing one already gone does nothing."""
    application = _locked(activity.application)
    _require_editor(user, application)
    Activity.objects.filter(pk=activity.pk, application=application).delete()
    _touch(application)


# The budget


@dataclass(frozen=True)
class LineAnswer:
    """A budget line as entered: its amount (None while not given yet) and what it pays for."""

    amount: Decimal | None
    description: str = ""


@transaction.atomic
def application_set_budget(
    *,
    user: User,
    application: Application,
    lines: Mapping[str, LineAnswer],
    requested_amount: Decimal | None,
) -> Application:
    """Save the budget as far as it goes: a line per budget category (0 for a line not
    needed) and the amount requested.

    A line with no amount (or left out of ``lines``) is not given yet, and a line saved
    before is taken away; the request may be left out too. The request may differ from the
    lines' total while the group works on it: submitting refuses until every line is given
    and they agree. A line that says what it pays for must have an amount, since an amount
    is all a line is kept with."""
    application = _locked(application)
    _require_editor(user, application)
    errors: dict[str, str] = {}
    for category in BudgetCategory:
        given = lines.get(category)
        if given is None:
            continue
        label = category.label.lower()
        if given.amount is None:
            if given.description.strip():
                errors[f"amount_{category}"] = (
                    f"Enter the amount for {label} (0 if it needs nothing), or leave what "
                    "it pays for empty"
                )
        elif given.amount < 0:
            errors[f"amount_{category}"] = f"The amount for {label} must be £0 or more"
        if len(given.description.strip()) > 300:
            errors[f"description_{category}"] = (
                f"Say what the {label} line pays for in 300 characters or fewer"
            )
    if set(lines) - set(BudgetCategory.values):
        errors["__all__"] = "Use the budget lines listed"
    if requested_amount is not None and requested_amount < 0:
        errors["requested_amount"] = "The amount requested must be £0 or more"
    if errors:
        raise ValidationError(errors)
    existing = {line.category: line for line in application.budget_lines.select_for_update()}
    for category in BudgetCategory:
        answer = lines.get(category)
        line = existing.get(category)
        if answer is None or answer.amount is None:
            if line is not None:
                line.delete()
            continue
        description = answer.description.strip()
        if line is None:
            BudgetLine.objects.create(
                application=application,
                category=category,
                amount=answer.amount,
                description=description,
            )
        elif (line.amount, line.description) != (answer.amount, description):
            line.amount = answer.amount
            line.description = description
            line.save(update_fields=["amount", "description"])
    application.requested_amount = requested_amount
    application.save(update_fields=["requested_amount", "updated_at"])
    return application


# Submitting


@transaction.atomic
def application_submit(
    *, user: User, application: Application, declaration_confirmed: bool
) -> Application:
    """Submit (or, after a request for changes, resubmit) the application.

    Refuses with ``SubmissionRefused`` listing every problem while anything is missing; on
    success keeps a snapshot as the next version, gives the reference on first submission,
    and tells the link officers and the group's secretary."""
    application = _locked(application)
    if not APPLICATION.starts_from(SUBMIT, application):
        # Asked twice (already submitted) changes nothing; any other state is refused.
        return APPLICATION.move(application, SUBMIT, user=user, locked=True)
    if not APPLICATION.may(SUBMIT, user, application):
        raise ValidationError(APPLICATION.transition(SUBMIT).forbidden, code="forbidden")
    detail = application_detail(pk=application.pk)
    assert detail is not None  # noqa: S101 - the row is locked above
    problems = submission_problems(detail, declaration_confirmed=declaration_confirmed)
    if problems:
        raise SubmissionRefused(problems)

    resubmission = application.submitted_version > 0
    version = application.submitted_version + 1
    now = timezone.now()
    application = APPLICATION.move(
        application,
        SUBMIT,
        user=user,
        locked=True,
        reason=f"Version {version}",
        audit_verb="resubmitted" if resubmission else "",
        fields={
            "submitted_version": version,
            "submitted_at": now,
            "declaration_confirmed_at": now,
            "reference": application.reference or _reference(application),
        },
    )
    ApplicationVersion.objects.create(
        application=application,
        number=version,
        snapshot=application_snapshot(application=application),
        submitted_by=user,
        submitted_at=now,
    )
    return application


__all__ = [
    "LineAnswer",
    "SubmissionRefused",
    "activity_add",
    "activity_delete",
    "activity_update",
    "application_set_budget",
    "application_start",
    "application_submit",
    "application_update_about",
]
