"""What each home page says to do next, and the reads behind it.

A borough user sees the next action that is theirs (a signature, the application, the
diversity return) or, where the action is someone else's, where things stand in words. Link
officers and the funding manager see the work waiting for them with counts, and each
borough's funding stage and diversity status. Committee members see what there is to read.

Where a thing stands is asked of its workflow (its states and who may take which move),
never of a status value written out here. Every read is one query whatever the number of
boroughs, so the home pages take a fixed number of queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Borough, Cpeg
from cpeg_portal.fiscal import FinancialYear
from diversity.models import DiversityReturn
from diversity.selectors import return_year_due
from diversity.workflows.diversity_return import ACCEPT, DIVERSITY_RETURN, SEND_BACK
from grants.models import (
    Application,
    CommitteeMeeting,
    FundingRound,
    Outline,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.permissions import GROUP_ROLES, can_start_application
from grants.services.outlines import outline_actions
from grants.workflows.application import (
    APPLICATION,
    AWAITING_DECISION,
    EDITABLE,
    SUBMIT,
    UNDER_REVIEW,
)
from grants.workflows.outline import (
    AWAITING_SIGNATURES,
    BROKERING,
    DECLINE,
    OUTLINE,
    OUTLINE_AGREED,
)
from grants.workflows.round import TAKING_APPLICATIONS, TAKING_OUTLINES

# The diversity return's states, as its workflow names them.
RETURN_DRAFT = DIVERSITY_RETURN.initial
RETURN_SENT_BACK = DIVERSITY_RETURN.transition(SEND_BACK).target
RETURN_TO_ACCEPT = DIVERSITY_RETURN.sources_of(ACCEPT)
RETURN_ACCEPTED = DIVERSITY_RETURN.transition(ACCEPT).target
#: The outline state a declined outline goes to: the outline list's filter for brokering.
OUTLINE_DISPUTED = OUTLINE.transition(DECLINE).target
#: The application state the review list filters on for "waiting for review".
APPLICATION_SUBMITTED = APPLICATION.transition(SUBMIT).target


@dataclass(frozen=True)
class Step:
    """One thing a home page says: a heading, a few sentences, and the action if it is the
    user's (``button``: a GOV.UK button; ``post``: the button submits a form to ``url``) or
    a plain link to read more."""

    heading: str
    body: list[str]
    url: str = ""
    action: str = ""
    button: bool = False
    post: bool = False


def _people(roles: Iterable[str]) -> str:
    """ "the CPEG chair and the council partner", in the signing order."""
    names = [
        "the " + (label if label.startswith("CPEG") else label.lower())
        for role, label in SignatoryRole.choices
        if role in roles
    ]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _date(day) -> str:
    return f"{day:%-d %B %Y}" if day else ""


# Borough users


@dataclass(frozen=True)
class GroupPosition:
    """The group's outline (with its live signatures) and application in the round, and its
    latest diversity return for the year due."""

    funding_round: FundingRound | None
    outline: Outline | None
    application: Application | None
    year_due: FinancialYear
    diversity_return: DiversityReturn | None


def group_position(*, cpeg: Cpeg, funding_round: FundingRound | None) -> GroupPosition:
    """Three queries with a round (the outline and its live signatures, the application),
    and one for the diversity return."""
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
    diversity_return = (
        DiversityReturn.objects.filter(cpeg=cpeg, year_start=year_due.start_year)
        .order_by("-version")
        .first()
    )
    return GroupPosition(funding_round, outline, application, year_due, diversity_return)


def _still_to_sign(outline: Outline) -> set[str]:
    signed = {
        s.role
        for s in outline.signatures.all()
        if s.voided_at is None
        and s.decision == SignatureDecision.SIGNED
        and s.version == outline.version
    }
    return {role for role, _ in SignatoryRole.choices} - signed


def funding_step(user: User, position: GroupPosition) -> Step | None:
    """The user's next step in the round, or where the group stands in it."""
    funding_round = position.funding_round
    if funding_round is None:
        return None
    label = funding_round.label
    group_page = reverse(
        "grants:group_round",
        kwargs={"year": funding_round.year_start, "slug": user.cpeg.borough.slug},
    )
    outline = position.outline
    secretary = user.role == Role.SECRETARY
    if outline is None:
        return _no_outline(funding_round, user.cpeg.borough.slug, secretary)
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
    deadline = _date(funding_round.outline_deadline)
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
    still_text = f"Still to sign: {_people(still)}." if still else ""
    if "sign" in outline_actions(user, outline):
        others = still - {user.role}
        return Step(
            "Your signature is needed",
            [
                f"The secretary has written version {outline.version} of the borough outline "
                f"for {outline.funding_round.label}. Read it, then sign it or decline it.",
                *([f"Also still to sign: {_people(others)}."] if others else []),
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
                f"{label} funding. Send it by {_date(funding_round.application_deadline)}."
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
    link = {"url": application_page, "action": "Read the application"} if reads_it else {}
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
                    f"{_date(funding_round.application_deadline)}."
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
            **link,
        )
    if application.status in UNDER_REVIEW:
        return Step(
            "The application is submitted",
            [
                "The link officer reviews it, and may ask for changes before recommending an "
                "amount to the committee."
            ],
            **link,
        )
    if application.status in AWAITING_DECISION:
        return Step(
            f"The application is {state}",
            [
                "It waits for the committee’s decision. The secretary and chair will hear the "
                "outcome by e-mail."
            ],
            **link,
        )
    return Step(
        "The committee has decided",
        [f"The group’s application for {funding_round.label} funding: {state}."],
        **({"url": group_page, "action": "Read the decision and any award"} if reads_it else {}),
    )


def diversity_step(user: User, position: GroupPosition) -> Step:
    """The group's diversity return for the year due: the secretary's action, or in words."""
    year = position.year_due
    diversity_return = position.diversity_return
    secretary = user.role == Role.SECRETARY
    returns_page = reverse("diversity:group_returns", kwargs={"slug": user.cpeg.borough.slug})
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


# Officers


@dataclass(frozen=True)
class BoroughStage:
    """One borough's row: its outline and application in the round (the application only
    once submitted: officers never see a draft nobody has submitted) and its latest return
    for the year due."""

    borough: Borough
    outline: Outline | None
    application: Application | None
    diversity_return: DiversityReturn | None


@dataclass(frozen=True)
class Work:
    """What is waiting for an officer, counted, with the page that lists each."""

    disputed_outlines: int = 0
    disputed_url: str = ""
    to_review: int = 0
    review_url: str = ""
    awaiting_decision: int = 0
    returns_to_accept: list[DiversityReturn] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(
            self.disputed_outlines
            or self.to_review
            or self.awaiting_decision
            or self.returns_to_accept
        )


@dataclass(frozen=True)
class OfficerOverview:
    rows: list[BoroughStage]
    work: Work
    year_due: FinancialYear


def officer_overview(
    *, user: User, boroughs: list[Borough], funding_round: FundingRound | None
) -> OfficerOverview:
    """The boroughs' stages and the work waiting, in four queries however many boroughs:
    the round's outlines, its submitted applications, the returns for the year due, and
    the returns waiting to be accepted."""
    cpeg_ids = [b.cpeg.pk for b in boroughs]
    outlines: dict[int, Outline] = {}
    applications: dict[int, Application] = {}
    if funding_round is not None and cpeg_ids:
        outlines = {
            o.cpeg_id: o
            for o in Outline.objects.filter(funding_round=funding_round, cpeg__in=cpeg_ids).only(
                "pk", "cpeg_id", "status", "funding_round_id"
            )
        }
        applications = {
            a.cpeg_id: a
            for a in Application.objects.filter(
                funding_round=funding_round, cpeg__in=cpeg_ids, submitted_version__gt=0
            ).only("pk", "cpeg_id", "status", "funding_round_id", "submitted_version")
        }
    year_due = FinancialYear(return_year_due())
    latest: dict[int, DiversityReturn] = {}
    to_accept: list[DiversityReturn] = []
    if cpeg_ids:
        for diversity_return in (
            DiversityReturn.objects.filter(year_start=year_due.start_year, cpeg__in=cpeg_ids)
            .only("pk", "cpeg_id", "status", "version", "year_start")
            .order_by("version")
        ):
            latest[diversity_return.cpeg_id] = diversity_return
        to_accept = list(
            DiversityReturn.objects.filter(status__in=RETURN_TO_ACCEPT, cpeg__in=cpeg_ids)
            .select_related("cpeg__borough")
            .only("pk", "status", "year_start", "version", "cpeg__borough__name", "cpeg__name")
            .order_by("cpeg__borough__name", "year_start", "version")
        )
    rows = [
        BoroughStage(
            borough=b,
            outline=outlines.get(b.cpeg.pk),
            application=applications.get(b.cpeg.pk),
            diversity_return=latest.get(b.cpeg.pk),
        )
        for b in boroughs
    ]
    work = Work(returns_to_accept=to_accept)
    if funding_round is not None:
        query: dict[str, object] = {
            "round": funding_round.year_start,
            "status": APPLICATION_SUBMITTED,
        }
        if user.role == Role.LINK_OFFICER:
            query["mine"] = "on"
        work = Work(
            disputed_outlines=sum(1 for o in outlines.values() if o.status in BROKERING),
            disputed_url=reverse("grants:outline_list", kwargs={"year": funding_round.year_start})
            + "?"
            + urlencode({"status": OUTLINE_DISPUTED}),
            to_review=sum(1 for a in applications.values() if a.status in UNDER_REVIEW),
            review_url=reverse("grants:review_list") + "?" + urlencode(query),
            awaiting_decision=sum(
                1 for a in applications.values() if a.status in AWAITING_DECISION
            ),
            returns_to_accept=to_accept,
        )
    return OfficerOverview(rows=rows, work=work, year_due=year_due)


# Committee members


@dataclass(frozen=True)
class CommitteeReading:
    """What a committee member can read now: the round's latest meeting, if it decided."""

    latest_meeting: CommitteeMeeting | None


def committee_reading(*, funding_round: FundingRound | None) -> CommitteeReading:
    if funding_round is None:
        return CommitteeReading(latest_meeting=None)
    return CommitteeReading(
        latest_meeting=CommitteeMeeting.objects.filter(
            funding_round=funding_round, decisions__isnull=False
        )
        .distinct()
        .first()
    )
