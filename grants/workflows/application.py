"""An application's lifecycle (DESIGN.md, "The year", steps 3 to 5).

The group's secretary fills in a draft and submits it; the link officer (or the funding
manager) sends it back for changes, which the secretary makes before submitting again, or
recommends an amount; the funding manager records the committee's outcome on a recommended
(or deferred) application: fund, fund with conditions, do not fund, or defer.

The services keep their input checks and side effects (the snapshot of each submission, the
officer's message, the decision and its award); every change of status is a move here.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from grants.models import Application, ApplicationStatus, Decision, DecisionOutcome
from grants.models.money import money
from grants.notifications import group_people, link_officers, notify
from grants.permissions import (
    is_application_secretary,
    may_decide_application,
    may_review_application,
)
from workflows.engine import State, Transition, Workflow, register

SUBMIT = "submit"
REQUEST_CHANGES = "request_changes"
RECOMMEND = "recommend"
FUND = DecisionOutcome.FUND.value
FUND_WITH_CONDITIONS = DecisionOutcome.FUND_WITH_CONDITIONS.value
DO_NOT_FUND = DecisionOutcome.DO_NOT_FUND.value
DEFER = DecisionOutcome.DEFER.value
#: The committee's outcomes: each is a transition of the same name.
OUTCOMES = (FUND, FUND_WITH_CONDITIONS, DO_NOT_FUND, DEFER)

#: How a refusal says where the application stands (``{where}`` in a refusal).
WHERE_IT_STANDS: dict[str, str] = {
    ApplicationStatus.DRAFT: "is still a draft",
    ApplicationStatus.SUBMITTED: "is submitted",
    ApplicationStatus.CHANGES_REQUESTED: "is back with the group for changes",
    ApplicationStatus.RECOMMENDED: "is already recommended",
    ApplicationStatus.FUNDED: "has been funded",
    ApplicationStatus.NOT_FUNDED: "has been refused funding",
    ApplicationStatus.DEFERRED: "was deferred by the committee",
}


def _where_it_stands(application: Application) -> dict[str, str]:
    """A refusal may also say ``{where}`` the application stands ("is back with the group for
    changes") and whose application it is (``{group}``, "Barnet"), as the review and
    decision pages have always said."""
    return {
        "where": WHERE_IT_STANDS[application.status],
        "group": application.cpeg.borough.short_name,
    }


# The e-mails each move sends (queued until the transaction commits)


def _group_name(application: Application) -> str:
    return f"{application.cpeg.borough.short_name} CPEG"


def _submitted_emails(application: Application, user: Any) -> None:
    """The link officers and the secretary hear of each submission (and resubmission)."""
    action = "resubmitted" if application.submitted_version > 1 else "submitted"
    group = _group_name(application)
    label = application.funding_round.label
    path = application.get_absolute_url()
    requested = application.requested_amount
    amount = money(requested) if requested is not None else "no amount"
    version = application.submitted_version
    notify(
        users=link_officers(application.cpeg),
        subject=f"{group} has {action} its {label} application",
        body=(
            f"{group} has {action} its application for {label} funding "
            f"(reference {application.reference}, version {version}), asking for {amount}. "
            "It is ready for your review."
        ),
        path=path,
    )
    notify(
        users=group_people(application.cpeg, [Role.SECRETARY]),
        subject=f"Application {action}: reference {application.reference}",
        body=(
            f"Your group's application for {label} funding has been {action}. "
            f"Your reference is {application.reference}. Your link officer will review it "
            "and may ask for changes before recommending an amount."
        ),
        path=path,
    )


def _changes_requested_emails(application: Application, user: Any) -> None:
    """The secretary and chair read the officer's message (the general comment just made)."""
    request = (
        application.review_comments.filter(objective=None, version=application.submitted_version)
        .order_by("-created_at", "-pk")
        .first()
    )
    message = request.body if request is not None else ""
    label = application.funding_round.label
    notify(
        users=group_people(application.cpeg, [Role.SECRETARY, Role.CHAIR]),
        subject=f"Changes requested to your {label} funding application",
        body=(
            f"Your link officer has asked for changes to {application.cpeg.name}'s funding "
            f"application for {label}:\n\n{message}\n\n"
            "Read their comments, make the changes and submit the application again."
        ),
        path=application.get_absolute_url(),
    )


def _decision_emails(application: Application, user: Any) -> None:
    """The secretary and chair hear the committee's decision, with the letter's link."""
    decision = (
        Decision.objects.filter(application=application)
        .select_related("meeting__funding_round")
        .order_by("-pk")
        .first()
    )
    if decision is None:  # pragma: no cover - the decision service records it first
        return
    meeting = decision.meeting
    lines = [
        f"The committee has decided on {application.cpeg.name}'s funding application for "
        f"{meeting.funding_round.label}, at {meeting}.",
        "",
        f"Decision: {decision.get_outcome_display()}",
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


_REVIEW_FORBIDDEN = "You cannot review this application."
DECIDE_FORBIDDEN = "Only the funding manager records committee decisions."
#: Only applications awaiting the committee (recommended, or deferred before) are decided.
_AWAITING_COMMITTEE = frozenset({ApplicationStatus.RECOMMENDED, ApplicationStatus.DEFERRED})
_DECIDE_REFUSAL = (
    "{group}'s application is {state}: only a recommended or deferred application can be decided"
)


def _outcome(name: str, target: str) -> Transition:
    return Transition(
        name=name,
        label=DecisionOutcome(name).label,
        sources=_AWAITING_COMMITTEE,
        target=target,
        permission=may_decide_application,
        forbidden=DECIDE_FORBIDDEN,
        audit_verb="committee decision",
        refusal=_DECIDE_REFUSAL,
        emails=_decision_emails,
        # Each decision is the committee's at one meeting: the batch service says when a
        # meeting is recorded twice; a second meeting cannot decide a decided application.
        idempotent=False,
    )


APPLICATION = register(
    Workflow(
        name="grants.application",
        model=Application,
        describe=_where_it_stands,
        initial=ApplicationStatus.DRAFT,
        # The colours the application and review pages have always shown (they agreed).
        states=(
            State(ApplicationStatus.DRAFT, "grey"),
            State(ApplicationStatus.SUBMITTED, "blue"),
            State(ApplicationStatus.CHANGES_REQUESTED, "orange"),
            State(ApplicationStatus.RECOMMENDED, "turquoise"),
            State(ApplicationStatus.FUNDED, "green"),
            State(ApplicationStatus.NOT_FUNDED, "red"),
            State(ApplicationStatus.DEFERRED, "yellow"),
        ),
        transitions=(
            Transition(
                name=SUBMIT,
                label="Submit the application",
                sources=frozenset({ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED}),
                target=ApplicationStatus.SUBMITTED,
                permission=is_application_secretary,
                forbidden="Only the group's secretary can change the application.",
                audit_verb="submitted",  # "resubmitted" after changes: the service says so
                refusal=(
                    "The application is {state}: it cannot be submitted again unless your "
                    "link officer asks for changes."
                ),
                emails=_submitted_emails,
            ),
            Transition(
                name=REQUEST_CHANGES,
                label="Request changes",
                sources=frozenset({ApplicationStatus.SUBMITTED}),
                target=ApplicationStatus.CHANGES_REQUESTED,
                permission=may_review_application,
                forbidden=_REVIEW_FORBIDDEN,
                audit_verb="changes requested",
                refusal=(
                    "This application {where}, so it cannot be sent back for changes: only a "
                    "submitted application can."
                ),
                emails=_changes_requested_emails,
            ),
            Transition(
                name=RECOMMEND,
                label="Recommend",
                sources=frozenset({ApplicationStatus.SUBMITTED}),
                target=ApplicationStatus.RECOMMENDED,
                permission=may_review_application,
                forbidden=_REVIEW_FORBIDDEN,
                audit_verb="recommended",
                refusal=(
                    "This application {where}, so it cannot be recommended: only a submitted "
                    "application can."
                ),
            ),
            _outcome(FUND, ApplicationStatus.FUNDED),
            _outcome(FUND_WITH_CONDITIONS, ApplicationStatus.FUNDED),
            _outcome(DO_NOT_FUND, ApplicationStatus.NOT_FUNDED),
            _outcome(DEFER, ApplicationStatus.DEFERRED),
        ),
    )
)

#: States in which the group's secretary may edit (and submit) the application.
EDITABLE = APPLICATION.transition(SUBMIT).sources
#: States in which the officer reviews it: comments, a request for changes, a recommendation.
UNDER_REVIEW = APPLICATION.sources_of(REQUEST_CHANGES, RECOMMEND)
#: States in which the application awaits the committee's decision.
AWAITING_DECISION = APPLICATION.sources_of(*OUTCOMES)


def comment_refusal(application: Application) -> ValidationError:
    """Why an officer may not comment now: only while the application is under review."""
    return ValidationError(
        f"This application {WHERE_IT_STANDS[application.status]}, so it cannot be commented "
        "on: only a submitted application can.",
        code="wrong_state",
    )
