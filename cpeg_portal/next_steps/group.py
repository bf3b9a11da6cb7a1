"""A borough user's next steps: the outline, the application, the diversity return and the
quarterly returns."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear, Quarter
from cpeg_portal.next_steps.common import (
    RETURN_DRAFT,
    RETURN_SENT_BACK,
    RETURN_TO_ACCEPT,
    Step,
    day_named,
    people_named,
)
from diversity.models import DiversityReturn
from diversity.selectors import return_year_due
from grants.models import (
    Application,
    FundingRound,
    Outline,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.permissions import GROUP_ROLES, can_start_application
from grants.selectors.outlines import signatures_by_role
from grants.services.outlines import outline_actions
from grants.workflows.application import APPLICATION, AWAITING_DECISION, EDITABLE, UNDER_REVIEW
from grants.workflows.outline import AWAITING_SIGNATURES, BROKERING, OUTLINE_AGREED
from grants.workflows.round import TAKING_APPLICATIONS, TAKING_OUTLINES
from slas.models import QuarterlyReturn, Rating, ReturnStatus, TimeState
from slas.selectors.dashboards import RatingShown

# Borough users


@dataclass(frozen=True)
class GroupPosition:
    """The group's outline (with its live signatures) and application in the round, and its
    latest diversity return for the year due."""

    slug: str  # the borough's, for the group's pages
    funding_round: FundingRound | None
    outline: Outline | None
    application: Application | None
    year_due: FinancialYear
    diversity_return: DiversityReturn | None
    #: The latest return of an earlier year, if an officer sent it back with a question.
    earlier_sent_back: DiversityReturn | None = None
    #: The group's quarterly returns: the round's four, and any of an earlier round still
    #: not accepted, each as a line for the home page.
    quarterly_returns: list["ReturnLine"] = field(default_factory=list)


def group_position(*, cpeg: Cpeg, funding_round: FundingRound | None) -> GroupPosition:
    """Four queries with a round (the outline and its live signatures, the application, the
    quarterly returns), and one for the diversity returns: the year due's, and any of an
    earlier year sent back with a question (the secretary still owes its answer)."""
    outline = application = None
    if funding_round is not None:
        outline = (
            Outline.objects.filter(funding_round=funding_round, cpeg=cpeg)
            .prefetch_related(
                Prefetch("signatures", queryset=Signature.objects.filter(voided_at__isnull=True))
            )
            .first()
        )
        if outline is not None:
            outline.funding_round = funding_round
            application = (
                Application.objects.filter(funding_round=funding_round, cpeg=cpeg)
                .only("pk", "status", "submitted_version", "cpeg_id", "funding_round_id")
                .first()
            )
    year_due = FinancialYear(return_year_due())
    diversity_return = earlier_sent_back = None
    for candidate in DiversityReturn.objects.filter(
        Q(year_start=year_due.start_year)
        | Q(year_start__lt=year_due.start_year, status=RETURN_SENT_BACK),
        cpeg=cpeg,
    ).order_by("-year_start", "-version"):
        if candidate.year_start == year_due.start_year:
            diversity_return = diversity_return or candidate
        else:
            earlier_sent_back = earlier_sent_back or candidate
    return GroupPosition(
        cpeg.borough.slug,
        funding_round,
        outline,
        application,
        year_due,
        diversity_return,
        earlier_sent_back,
        return_lines(cpeg=cpeg, funding_round=funding_round) if funding_round else [],
    )


def _still_to_sign(outline: Outline) -> set[str]:
    """The signatories with no live signature on the current version."""
    return {
        role.role
        for role in signatures_by_role(outline)
        if not (
            role.live is not None
            and role.live.decision == SignatureDecision.SIGNED
            and role.live.version == outline.version
        )
    }


def funding_step(user: User, position: GroupPosition) -> Step | None:
    """The user's next step in the round, or where the group stands in it."""
    funding_round = position.funding_round
    if funding_round is None:
        return None
    label = funding_round.label
    group_page = reverse(
        "grants:group_round",
        kwargs={"year": funding_round.year_start, "slug": position.slug},
    )
    outline = position.outline
    secretary = user.role == Role.SECRETARY
    if outline is None:
        return _no_outline(funding_round, position.slug, secretary)
    outline_page = reverse("grants:outline", kwargs={"pk": outline.pk})
    if outline.status in AWAITING_SIGNATURES:
        return _awaiting_signatures(user, outline, outline_page)
    if outline.status in BROKERING:
        return Step(
            "The outline is disputed",
            [
                "A signatory declined the outline, or the deadline passed before all three "
                "signed. Your link officer is talking to the partners to broker an agreement."
            ],
            outline_page,
            "Read the outline",
        )
    if outline.status not in OUTLINE_AGREED:
        return Step(
            "The outline was not agreed",
            [
                "Brokering ended without agreement, so the group cannot make a full "
                f"application for {label} funding."
            ],
            outline_page,
            "Read the outline",
        )
    application = position.application
    if application is None:
        return _outline_agreed(user, outline, funding_round)
    return _application_step(user, application, funding_round, group_page)


def _no_outline(funding_round: FundingRound, slug: str, secretary: bool) -> Step:
    label = funding_round.label
    if funding_round.status not in TAKING_OUTLINES:
        return Step(
            "The group made no outline",
            [f"The round no longer takes outlines, so the group has no {label} funding."],
        )
    deadline = day_named(funding_round.outline_deadline)
    if secretary:
        return Step(
            "Write the borough outline",
            [
                f"To apply for {label} funding, write the borough outline by {deadline}. "
                "The CPEG chair, police partner and council partner then sign it."
            ],
            reverse(
                "grants:outline_start", kwargs={"year": funding_round.year_start, "slug": slug}
            ),
            "Write the outline",
            button=True,
        )
    return Step(
        "The outline has not been written yet",
        [
            f"The secretary writes the borough outline for {label} funding by {deadline}. "
            "The CPEG chair, police partner and council partner then sign it."
        ],
    )


def _awaiting_signatures(user: User, outline: Outline, outline_page: str) -> Step:
    still = _still_to_sign(outline)
    still_text = f"Still to sign: {people_named(still)}." if still else ""
    if "sign" in outline_actions(user, outline):
        others = still - {user.role}
        return Step(
            "Your signature is needed",
            [
                f"The secretary has written version {outline.version} of the borough outline "
                f"for {outline.funding_round.label}. Read it, then sign it or decline it.",
                *([f"Also still to sign: {people_named(others)}."] if others else []),
            ],
            reverse("grants:outline_sign", kwargs={"pk": outline.pk}),
            "Read and sign the outline",
            button=True,
        )
    if user.role in {role for role, _ in SignatoryRole.choices}:
        return Step(
            "You have signed the outline",
            [f"You signed version {outline.version} of the borough outline.", still_text],
            outline_page,
            "Read the outline",
        )
    return Step(
        "The outline is waiting for signatures",
        [
            f"Version {outline.version} of the borough outline is with the signatories. "
            f"{still_text}",
            *(
                ["You can still change it; a change asks everyone to sign again."]
                if "edit" in outline_actions(user, outline)
                else []
            ),
        ],
        outline_page,
        "Read the outline",
    )


def _outline_agreed(user: User, outline: Outline, funding_round: FundingRound) -> Step:
    label = funding_round.label
    taking = funding_round.status in TAKING_APPLICATIONS
    if can_start_application(user, outline):
        return Step(
            "Start your application",
            [
                f"The outline is agreed: the group is invited to make a full application for "
                f"{label} funding. Send it by {day_named(funding_round.application_deadline)}."
            ],
            reverse("grants:application_start", kwargs={"pk": outline.pk}),
            "Start your application",
            button=True,
            post=True,
        )
    if user.role == Role.SECRETARY and funding_round.status in TAKING_OUTLINES:
        when = "You can start the full application when the funding manager opens applications."
    elif not taking:
        when = "The round no longer takes applications."
    else:
        when = "The secretary now makes the group’s full application."
    return Step("The outline is agreed", [f"The group’s outline for {label} is agreed. {when}"])


def _application_step(
    user: User, application: Application, funding_round: FundingRound, group_page: str
) -> Step:
    reads_it = user.role in GROUP_ROLES
    application_page = reverse("grants:application", kwargs={"pk": application.pk})
    state = APPLICATION.state_of(application).label.lower()
    url, action = (application_page, "Read the application") if reads_it else ("", "")
    if application.status in EDITABLE:
        changes = application.submitted_version > 0
        if user.role == Role.SECRETARY:
            return Step(
                "Continue your application",
                [
                    "Your link officer asked for changes. Read their comments, make the "
                    "changes and submit the application again."
                    if changes
                    else "Answer every section, then submit the application by "
                    f"{day_named(funding_round.application_deadline)}."
                ],
                application_page,
                "Continue your application",
                button=True,
            )
        return Step(
            "The secretary is writing the application",
            [
                "The link officer asked for changes: the secretary makes them and submits "
                "the application again."
                if changes
                else f"The secretary is writing the group’s full application for "
                f"{funding_round.label} funding."
            ],
            url,
            action,
        )
    if application.status in UNDER_REVIEW:
        return Step(
            "The application is submitted",
            [
                "The link officer reviews it, and may ask for changes before recommending an "
                "amount to the committee."
            ],
            url,
            action,
        )
    if application.status in AWAITING_DECISION:
        return Step(
            f"The application is {state}",
            [
                "It waits for the committee’s decision. The secretary and chair will hear the "
                "outcome by e-mail."
            ],
            url,
            action,
        )
    return Step(
        "The committee has decided",
        [f"The group’s application for {funding_round.label} funding: {state}."],
        *((group_page, "Read the decision and any award") if reads_it else ()),
    )


def earlier_return_step(user: User, position: GroupPosition) -> Step | None:
    """An earlier year's return sent back with a question: the secretary answers it (the
    year due's return has its own step)."""
    diversity_return = position.earlier_sent_back
    if diversity_return is None:
        return None
    year = FinancialYear(diversity_return.year_start)
    if user.role == Role.SECRETARY:
        return Step(
            f"Your {year} diversity return was sent back with a question",
            [
                f"Your link officer asked a question about the {year} return. Read it, "
                "answer it and submit the return again."
            ],
            reverse("diversity:return", kwargs={"pk": diversity_return.pk}),
            "Answer the question",
            button=True,
        )
    return Step(
        f"The group’s {year} diversity return was sent back with a question",
        [f"The link officer asked about the {year} return. The secretary answers it."],
        reverse("diversity:group_returns", kwargs={"slug": position.slug}),
        "See the group’s diversity returns",
    )


def diversity_step(user: User, position: GroupPosition) -> Step:
    """The group's diversity return for the year due: the secretary's action, or in words."""
    year = position.year_due
    diversity_return = position.diversity_return
    secretary = user.role == Role.SECRETARY
    returns_page = reverse("diversity:group_returns", kwargs={"slug": position.slug})
    if diversity_return is None:
        if secretary:
            return Step(
                f"Your diversity return for {year} is due",
                [
                    "Describe your executive committee in numbers: once a year, and whenever "
                    "it changes."
                ],
                returns_page,
                "Start the diversity return",
                button=True,
            )
        return Step(
            f"The group’s diversity return for {year} is due",
            ["The secretary makes it."],
            returns_page,
            "See the group’s diversity returns",
        )
    return_page = reverse("diversity:return", kwargs={"pk": diversity_return.pk})
    status = diversity_return.status
    if status == RETURN_SENT_BACK:
        if secretary:
            return Step(
                "Your diversity return was sent back with a question",
                [
                    f"Your link officer asked a question about the {year} return. Read it, "
                    "answer it and submit the return again."
                ],
                return_page,
                "Answer the question",
                button=True,
            )
        return Step(
            "The group’s diversity return was sent back with a question",
            [f"The link officer asked about the {year} return. The secretary answers it."],
            returns_page,
            "See the group’s diversity returns",
        )
    if status == RETURN_DRAFT:
        if secretary:
            return Step(
                "Continue your diversity return",
                [f"Your return for {year} is started. Answer every question, then submit it."],
                return_page,
                "Continue the diversity return",
                button=True,
            )
        return Step(
            f"The group’s diversity return for {year} is being written",
            ["The secretary is filling it in."],
            returns_page,
            "See the group’s diversity returns",
        )
    if status in RETURN_TO_ACCEPT:
        return Step(
            "The diversity return is submitted",
            [f"The {year} return is with the link officer, who accepts it or asks a question."],
            returns_page,
            "See the group’s diversity returns",
        )
    return Step(
        "The diversity return is accepted",
        [
            f"The {year} return has been accepted. "
            + (
                "If the executive committee changes, make a new version."
                if secretary
                else "If the executive committee changes, the secretary makes a new version."
            )
        ],
        returns_page,
        "See the group’s diversity returns",
    )


# Quarterly returns


@dataclass(frozen=True)
class Sentence:
    """What a line says to one reader, and the action it links to, if any."""

    text: str
    action: str = ""
    joiner: str = ": "  # between the text (and any rating) and the action


@dataclass(frozen=True)
class ReturnLine:
    """One quarterly return as the home page says it: "Quarter 2 return due 28 October 2011:
    start it". The secretary, who writes the return, gets ``secretary``; the chair, who
    reads it, ``chair``. Police and council partners do not see returns."""

    title: str  # "Quarter 2 return", with the round when it is an earlier one's
    url: str
    secretary: Sentence
    chair: Sentence
    rating: RatingShown | None = None


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


def _return_line(quarterly_return: QuarterlyReturn, funding_round: FundingRound) -> ReturnLine:
    earlier = quarterly_return.funding_round_id != funding_round.pk
    title = f"Quarter {quarterly_return.quarter} return"
    if earlier:
        title += f" for {quarterly_return.funding_round.label}"
    if quarterly_return.version > 1:
        title += f" (correction, version {quarterly_return.version})"
    url = reverse("slas:return", kwargs={"pk": quarterly_return.pk})
    status, time = quarterly_return.status, quarterly_return.time_state
    overdue = time == TimeState.OVERDUE
    days = _days(quarterly_return.days_overdue)
    if status == ReturnStatus.ACCEPTED:
        overall = getattr(quarterly_return, "overall_rating", None)
        text = f"{title} accepted"
        rating = RatingShown(overall) if overall else None
        read = Sentence(text, "read it", " – " if rating else ": ")
        return ReturnLine(title, url, read, read, rating=rating)
    if status == ReturnStatus.SUBMITTED:
        text = f"{title} submitted, waiting for review"
        return ReturnLine(title, url, Sentence(text, "read it"), Sentence(text, "read it"))
    if status == ReturnStatus.RETURNED:
        text = f"{title} returned with questions"
        if overdue:
            text += f", answers overdue by {days}"
        elif quarterly_return.answer_due_on:
            text += f", answers due {day_named(quarterly_return.answer_due_on)}"
        return ReturnLine(
            title,
            url,
            Sentence(text, "answer them"),
            Sentence(f"{text}: the secretary answers them", "read it"),
        )
    if status == ReturnStatus.DRAFT and quarterly_return.version > 1:
        text = f"{title} being written"
        return ReturnLine(
            title,
            url,
            Sentence(text, "continue it"),
            Sentence(f"{text}: the secretary is writing it", "read it"),
        )
    text = f"{title} " + (
        f"overdue by {days}" if overdue else f"due {day_named(quarterly_return.due_on)}"
    )
    if status == ReturnStatus.DRAFT:
        return ReturnLine(
            title,
            url,
            Sentence(text, "continue it"),
            Sentence(f"{text}: the secretary is writing it", "read it"),
        )
    if time == TimeState.NOT_OPEN:
        quarter_end: datetime.date = Quarter(
            FinancialYear(quarterly_return.funding_round.year_start), quarterly_return.quarter
        ).end
        text += f": it opens when the quarter ends on {day_named(quarter_end)}"
        return ReturnLine(title, url, Sentence(text), Sentence(text))
    return ReturnLine(
        title, url, Sentence(text, "start it"), Sentence(f"{text}: the secretary starts it")
    )


def return_lines(*, cpeg: Cpeg, funding_round: FundingRound) -> list[ReturnLine]:
    """The group's returns in the round (the latest version for each quarter), and any of an
    earlier round not accepted yet (still owed, or waiting for review), oldest first; one
    query, with each accepted return's overall rating."""
    overall = Rating.objects.filter(quarterly_return=OuterRef("pk"), objective__isnull=True).values(
        "final"
    )[:1]
    latest: dict[tuple[int, int, int], QuarterlyReturn] = {}
    for quarterly_return in (
        QuarterlyReturn.objects.filter(cpeg=cpeg)
        .filter(
            Q(funding_round=funding_round)
            | (
                Q(funding_round__year_start__lt=funding_round.year_start)
                & ~Q(status=ReturnStatus.ACCEPTED)
            )
        )
        .select_related("funding_round")
        .annotate(overall_rating=Subquery(overall))
        .defer("evidence", "highlights", "problems", "support_wanted")
        .order_by("funding_round__year_start", "quarter", "version")
    ):
        key = (
            quarterly_return.funding_round_id,
            quarterly_return.award_id,
            quarterly_return.quarter,
        )
        latest[key] = quarterly_return
    return [_return_line(r, funding_round) for r in latest.values()]
