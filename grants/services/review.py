"""The link officer's review of a submitted application: comments the group sees, a request
for changes, a recommendation, and internal notes the group never sees.

Each function runs in one transaction, locks the application, refuses a change from the wrong
state with a clear message, and audits what it does in the same transaction. Sending back and
recommending are moves of the application's workflow (``grants.workflows.application``), which
set the status, audit the move and queue its e-mails; the services keep the input checks, the
officer's message as a comment, and the "asked twice" answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from grants.models import Application, InternalNote, Objective, ReviewComment
from grants.models.money import money
from grants.permissions import (
    can_review_applications,
    can_view_application,
    can_view_internal_notes,
)
from grants.selectors.ledger import round_ledger
from grants.workflows.application import (
    APPLICATION,
    RECOMMEND,
    REQUEST_CHANGES,
    UNDER_REVIEW,
    comment_refusal,
)


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("funding_round", "cpeg__borough")
        .get(pk=application.pk)
    )


def _check_move(user: User, application: Application, name: str) -> None:
    """Refuse, before reading the input, a move the workflow would refuse: the wrong state
    first, then a user who may not review (or may not see the application)."""
    if not APPLICATION.starts_from(name, application):
        raise APPLICATION.refusal(name, application)
    if not (APPLICATION.may(name, user, application) and can_view_application(user, application)):
        raise ValidationError(APPLICATION.transition(name).forbidden, code="forbidden")


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
    if not (
        can_review_applications(user) and can_view_application(user, application)
    ):  # a draft nobody submitted is not there for staff
        raise ValidationError(APPLICATION.transition(RECOMMEND).forbidden, code="forbidden")
    if application.status not in UNDER_REVIEW:
        raise comment_refusal(application)
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if objective is not None and objective.funding_round_id != application.funding_round_id:
        raise ValidationError({"objective": "Choose one of this round's objectives"})
    comment_fields = {
        "application": application,
        "objective": objective,
        "version": application.submitted_version,
        "author": user,
        "body": body,
    }
    existing = ReviewComment.objects.filter(**comment_fields).first()
    if existing is not None:
        return existing
    comment = ReviewComment.objects.create(**comment_fields)
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


#: Comments typed on the review page, each on an objective (or ``None``, the whole application).
Typed = Sequence[tuple[Objective | None, str]]


def _typed_again(
    user: User, application: Application, comments: Typed, note: str, *, action: str
) -> None:
    """An action asked twice (a second press, or the page open in another tab): the comments
    typed with it were saved the first time, or else are refused, clearly, rather than
    dropped. A comment cannot be added once the application has left review; the note can."""
    for objective, body in comments:
        body = body.strip()
        if (
            body
            and not ReviewComment.objects.filter(
                application=application,
                objective=objective,
                version=application.submitted_version,
                author=user,
                body=body,
            ).exists()
        ):
            raise ValidationError(
                {
                    "body": f"This application was already {action}, so your comment "
                    f"{'on ' + objective.code + ' ' if objective else ''}cannot be added: only a "
                    "submitted application can be commented on. Your comment is kept below; "
                    "you can add it as an internal note instead."
                },
                code="wrong_state",
            )
    if note.strip():
        internal_note_add(user=user, application=application, body=note)


def _save_typed(user: User, application: Application, comments: Typed, note: str) -> None:
    """Save what else the officer typed on the page, with the action the button asked for
    (in the same transaction: refused together, or kept together). Blank boxes are skipped."""
    for objective, body in comments:
        if body.strip():
            review_comment_add(user=user, application=application, objective=objective, body=body)
    if note.strip():
        internal_note_add(user=user, application=application, body=note)


@transaction.atomic
def review_comments_add(
    *, user: User, application: Application, comments: Typed = (), note: str = ""
) -> int:
    """Every comment box typed in on the review page (and the internal note), at once: what
    "Add comment" or "Add note" saves, so that no box typed in is lost. Gives how many were
    saved; refuses with nothing typed."""
    typed = [(objective, body) for objective, body in comments if body.strip()]
    if not typed and not note.strip():
        raise ValidationError({"body": "Enter your comment"})
    _save_typed(user, application, typed, note)
    return len(typed) + (1 if note.strip() else 0)


@transaction.atomic
def review_request_changes(
    *,
    user: User,
    application: Application,
    message: str,
    comments: Typed = (),
    note: str = "",
) -> Application:
    """Send the application back to the group with a message: it becomes a comment on the
    current version, beside the comments already made (and those typed with it, saved first).
    The secretary and chair are e-mailed."""
    application = _locked(application)
    message = message.strip()
    if application.status == APPLICATION.transition(REQUEST_CHANGES).target and (
        ReviewComment.objects.filter(
            application=application,
            objective=None,
            version=application.submitted_version,
            body=message,
        ).exists()
    ):
        _typed_again(user, application, comments, note, action="sent back for changes")
        return application  # asked twice: nothing more to do
    _check_move(user, application, REQUEST_CHANGES)  # before the message
    if not message:
        raise ValidationError({"message": "Enter what the group needs to change"})
    _save_typed(user, application, comments, note)
    ReviewComment.objects.create(
        application=application,
        objective=None,
        version=application.submitted_version,
        body=message,
        author=user,
    )
    # The move e-mails the secretary and chair the message (the comment just made).
    return APPLICATION.move(application, REQUEST_CHANGES, user=user, locked=True, reason=message)


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
                "amount": f"The recommendation ({money(amount)}) cannot be more than the "
                f"{money(requested)} requested"
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
    comments: Typed = (),
    note: str = "",
) -> Recommendation:
    """Recommend an amount (£0 up to the request) with any conditions, saving first the
    comments (and note) typed with it. Over the round's ceiling is allowed but reported, so
    that the page can warn."""
    application = _locked(application)
    conditions = conditions.strip()
    if (
        application.status == APPLICATION.transition(RECOMMEND).target
        and application.recommended_amount == amount
        and application.recommendation_conditions == conditions
    ):
        _typed_again(user, application, comments, note, action="recommended")
        ledger = round_ledger(funding_round=application.funding_round)
        return Recommendation(application, ledger.over_ceiling_by)  # asked twice
    _check_move(user, application, RECOMMEND)
    amount = _check_amount(amount, application.requested_amount)
    _save_typed(user, application, comments, note)
    reason = f"{money(amount)} recommended of the {money(application.requested_amount)} requested"
    if conditions:
        reason += f". Conditions: {conditions}"
    application = APPLICATION.move(
        application,
        RECOMMEND,
        user=user,
        locked=True,
        reason=reason,
        fields={
            "recommended_amount": amount,
            "recommendation_conditions": conditions,
            "recommended_by": user,
            "recommended_at": timezone.now(),
        },
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
