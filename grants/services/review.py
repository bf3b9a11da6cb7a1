"""The link officer's review of a submitted application: comments the group sees, a request
for changes, a recommendation, and internal notes the group never sees.

Each function runs in one transaction, locks the application, refuses a change from the wrong
state with a clear message, and audits every change of state in the same transaction.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record, state_move
from grants.models import (
    Application,
    ApplicationStatus,
    InternalNote,
    Objective,
    ReviewComment,
)
from grants.notifications import group_people, notify
from grants.permissions import (
    can_review_applications,
    can_view_application,
    can_view_internal_notes,
)
from grants.selectors.ledger import round_ledger

REQUEST_CHANGES = "request_changes"
RECOMMEND = "recommend"

#: Allowed transitions, as data: (from, action) -> to. The review page offers what this allows.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ApplicationStatus.SUBMITTED, REQUEST_CHANGES): ApplicationStatus.CHANGES_REQUESTED,
    (ApplicationStatus.SUBMITTED, RECOMMEND): ApplicationStatus.RECOMMENDED,
}

_PAST_TENSE = {
    REQUEST_CHANGES: "sent back for changes",
    RECOMMEND: "recommended",
    "comment": "commented on",
}
#: How a refusal describes where the application stands.
_WHERE_IT_STANDS: dict[str, str] = {
    ApplicationStatus.DRAFT: "is still a draft",
    ApplicationStatus.SUBMITTED: "is submitted",
    ApplicationStatus.CHANGES_REQUESTED: "is back with the group for changes",
    ApplicationStatus.RECOMMENDED: "is already recommended",
    ApplicationStatus.FUNDED: "has been funded",
    ApplicationStatus.NOT_FUNDED: "has been refused funding",
    ApplicationStatus.DEFERRED: "was deferred by the committee",
}


def review_actions(application: Application) -> frozenset[str]:
    """The review actions the transition table allows from the application's status."""
    return frozenset(action for (status, action) in TRANSITIONS if status == application.status)


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("funding_round", "cpeg")
        .get(pk=application.pk)
    )


def _require_reviewer(user: User, application: Application) -> None:
    """MPA staff, on an application that has been submitted at least once."""
    if not (can_review_applications(user) and can_view_application(user, application)):
        raise ValidationError("You cannot review this application.")


def _wrong_state(application: Application, action: str) -> ValidationError:
    return ValidationError(
        f"This application {_WHERE_IT_STANDS[application.status]}, so it cannot be "
        f"{_PAST_TENSE[action]}: only a submitted application can."
    )


def _transition(application: Application, action: str) -> None:
    """Refuse an action the transition table does not allow from the application's status."""
    if (application.status, action) not in TRANSITIONS:
        raise _wrong_state(application, action)


def _move(
    application: Application,
    *,
    user: User,
    action: str,
    audit_action: str,
    reason: str = "",
    **fields: object,
) -> Application:
    """Move the (locked) application along the transition table, set ``fields``, save, audit."""
    return state_move(
        application,
        transitions=TRANSITIONS,
        action=action,
        actor=user,
        audit_action=audit_action,
        refusal=lambda: _wrong_state(application, action),
        reason=reason,
        **fields,
    )


def application_path(application: Application) -> str:
    """The group's page for the application (owned by the application pages; its agreed
    path is used until that URL exists)."""
    try:
        return reverse("grants:application", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return f"/funding/applications/{application.pk}/"


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


@transaction.atomic
def review_comment_add(
    *,
    user: User,
    application: Application,
    body: str,
    objective: Objective | None = None,
) -> ReviewComment:
    """Comment on how the submitted version meets one objective (or on the whole application,
    with no objective). The group sees the comment. The same comment twice is kept once."""
    application = _locked(application)
    _require_reviewer(user, application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise _wrong_state(application, "comment")
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if objective is not None and objective.funding_round_id != application.funding_round_id:
        raise ValidationError({"objective": "Choose one of this round's objectives"})
    existing = ReviewComment.objects.filter(
        application=application,
        objective=objective,
        version=application.submitted_version,
        author=user,
        body=body,
    ).first()
    if existing is not None:
        return existing
    comment = ReviewComment.objects.create(
        application=application,
        objective=objective,
        version=application.submitted_version,
        body=body,
        author=user,
    )
    audit_record(
        subject=application,
        actor=user,
        action=(
            f"commented on {objective.code}"
            if objective is not None
            else "commented on the application"
        ),
        reason=body,
    )
    return comment


@transaction.atomic
def review_request_changes(*, user: User, application: Application, message: str) -> Application:
    """Send the application back to the group with a message: it becomes a comment on the
    current version, beside the comments already made. The secretary and chair are e-mailed."""
    application = _locked(application)
    _require_reviewer(user, application)
    message = message.strip()
    if application.status == ApplicationStatus.CHANGES_REQUESTED and (
        ReviewComment.objects.filter(
            application=application,
            objective=None,
            version=application.submitted_version,
            body=message,
        ).exists()
    ):
        return application  # asked twice: nothing more to do
    _transition(application, REQUEST_CHANGES)  # refuse a wrong state before the message
    if not message:
        raise ValidationError({"message": "Enter what the group needs to change"})
    ReviewComment.objects.create(
        application=application,
        objective=None,
        version=application.submitted_version,
        body=message,
        author=user,
    )
    application = _move(
        application,
        user=user,
        action=REQUEST_CHANGES,
        audit_action="changes requested",
        reason=message,
    )
    notify(
        users=group_people(application.cpeg, [Role.SECRETARY, Role.CHAIR]),
        subject=f"Changes requested to your {application.funding_round.label} funding application",
        body=(
            f"Your link officer has asked for changes to {application.cpeg.name}'s funding "
            f"application for {application.funding_round.label}:\n\n{message}\n\n"
            "Read their comments, make the changes and submit the application again."
        ),
        path=application_path(application),
    )
    return application


@dataclass(frozen=True)
class Recommendation:
    """A recommended application, and how far the round would now go past its ceiling."""

    application: Application
    over_ceiling_by: Decimal

    @property
    def over_ceiling(self) -> bool:
        return self.over_ceiling_by > 0


def _check_amount(amount: Decimal | None, requested: Decimal | None) -> Decimal:
    if amount is None:
        raise ValidationError({"amount": "Enter the recommended amount"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {"amount": "Enter the recommended amount in pounds and pence, like 1250.50"}
        )
    if amount < 0:
        raise ValidationError({"amount": "The recommended amount must be £0 or more"})
    if requested is None:
        raise ValidationError("The application does not say how much it requests.")
    if amount > requested:
        raise ValidationError(
            {
                "amount": f"The recommendation ({_money(amount)}) cannot be more than the "
                f"{_money(requested)} requested"
            }
        )
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def review_recommend(
    *,
    user: User,
    application: Application,
    amount: Decimal | None,
    conditions: str = "",
) -> Recommendation:
    """Recommend an amount (£0 up to the request) with any conditions. Over the round's
    ceiling is allowed but reported, so that the page can warn."""
    application = _locked(application)
    _require_reviewer(user, application)
    conditions = conditions.strip()
    if (
        application.status == ApplicationStatus.RECOMMENDED
        and application.recommended_amount == amount
        and application.recommendation_conditions == conditions
    ):
        ledger = round_ledger(funding_round=application.funding_round)
        return Recommendation(application, ledger.over_ceiling_by)  # asked twice
    _transition(application, RECOMMEND)
    amount = _check_amount(amount, application.requested_amount)
    reason = f"{_money(amount)} recommended of the {_money(application.requested_amount)} requested"
    if conditions:
        reason += f". Conditions: {conditions}"
    application = _move(
        application,
        user=user,
        action=RECOMMEND,
        audit_action="recommended",
        reason=reason,
        recommended_amount=amount,
        recommendation_conditions=conditions,
        recommended_by=user,
        recommended_at=timezone.now(),
    )
    ledger = round_ledger(funding_round=application.funding_round)
    return Recommendation(application, ledger.over_ceiling_by)


@transaction.atomic
def internal_note_add(*, user: User, application: Application, body: str) -> InternalNote:
    """A note for MPA staff only. Not written to the application's audit timeline, which the
    group may read: the note keeps its own author and time."""
    application = _locked(application)
    if not (can_view_internal_notes(user) and can_view_application(user, application)):
        raise ValidationError("You cannot add notes to this application.")
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter the note"})
    latest = application.internal_notes.order_by("-created_at", "-pk").first()
    if latest is not None and latest.author_id == user.pk and latest.body == body:
        return latest  # the same note sent twice
    return InternalNote.objects.create(application=application, body=body, author=user)
