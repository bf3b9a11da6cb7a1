"""Test data for quarterly returns: an award with an SLA (funded through the grants
services, which schedule its four returns), and returns moved to a state by the workflow.

``return_in`` moves a return's *status* only, through the workflow engine as the right
people; it fills in nothing. Tests of the return's contents fill it through the services."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import Role, User
from boroughs.models import Borough
from grants.models import ApplicationStatus, Award, FundingRound
from slas.models import QuarterlyReturn, ReturnStatus
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN, RETURN, START, SUBMIT
from tests.factories import UserFactory
from tests.grants.factories import application_in, make_round

#: The moves from "not started" that reach each state.
PATH: dict[str, tuple[str, ...]] = {
    ReturnStatus.NOT_STARTED: (),
    ReturnStatus.DRAFT: (START,),
    ReturnStatus.SUBMITTED: (START, SUBMIT),
    ReturnStatus.RETURNED: (START, SUBMIT, RETURN),
    ReturnStatus.ACCEPTED: (START, SUBMIT, ACCEPT),
}


def secretary_of(borough: Borough) -> User:
    """The borough's secretary (made if it has none)."""
    existing = User.objects.filter(role=Role.SECRETARY, cpeg=borough.cpeg).first()
    return existing or UserFactory(role=Role.SECRETARY, cpeg=borough.cpeg)


def officer_for(borough: Borough) -> User:
    """A link officer assigned to the borough (made if it has none)."""
    existing = User.objects.filter(role=Role.LINK_OFFICER, assigned_boroughs=borough).first()
    return existing or UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[borough])


def funded_award(*, borough: Borough, funding_round: FundingRound | None = None) -> Award:
    """The borough's award from a funded application, with its SLA and four returns."""
    funding_round = funding_round or make_round()
    application = application_in(
        ApplicationStatus.FUNDED,
        funding_round=funding_round,
        borough=borough,
        officer=officer_for(borough),
    )
    return Award.objects.get(decision__application=application)


def return_for(award: Award, quarter: int) -> QuarterlyReturn:
    return QuarterlyReturn.objects.get(award=award, quarter=quarter, version=1)


def return_in(
    state: str, *, award: Award, quarter: int, officer: User | None = None
) -> QuarterlyReturn:
    """The award's ``quarter`` return moved to ``state`` by the workflow engine (status only:
    nothing is filled in), as the group's secretary and its link officer."""
    quarterly_return = return_for(award, quarter)
    secretary = secretary_of(award.cpeg.borough)
    officer = officer or officer_for(award.cpeg.borough)
    for move in PATH[ReturnStatus(state)]:
        user = secretary if move in (START, SUBMIT) else officer
        quarterly_return = QUARTERLY_RETURN.move(quarterly_return, move, user=user)
    return quarterly_return


# Filling a return through the group's services (slas.services.returns)

#: The counts ``filled_return`` gives unless told otherwise.
COUNTS = {
    "public_meetings": 3,
    "public_attendance": 120,
    "cdrp_meetings": 2,
    "snp_meetings": 4,
    "outreach_events": 5,
    "young_people": 40,
}


def filled_return(
    *,
    award: Award,
    quarter: int,
    outcome: str = "met",
    spent: Decimal | None = None,
    evidence: str = "Minutes and attendance sheets of every meeting.",
    highlights: str = "A packed public meeting on knife crime.",
) -> QuarterlyReturn:
    """The award's ``quarter`` return started and every section filled in by the group's
    secretary (ready to submit): each milestone ``outcome`` (explained when it needs to be),
    the evidence, the counts, spend to date on each line (``spent``, or a quarter of the
    line's budget per quarter), and the highlights."""
    from slas.models import EXPLAINED_OUTCOMES, SpendLine
    from slas.services import returns as services

    secretary = secretary_of(award.cpeg.borough)
    quarterly_return = services.return_start(
        user=secretary, quarterly_return=return_for(award, quarter)
    )
    for report in quarterly_return.milestone_reports.all():
        explained = outcome in EXPLAINED_OUTCOMES
        services.return_save_milestone(
            user=secretary,
            report=report,
            outcome=outcome,
            what_happened="The hall was double-booked." if explained else "",
            next_steps="We meet again in the library next month." if explained else "",
        )
    services.return_save_evidence(
        user=secretary, quarterly_return=quarterly_return, evidence=evidence
    )
    services.return_save_counts(user=secretary, quarterly_return=quarterly_return, counts=COUNTS)
    lines = SpendLine.objects.filter(quarterly_return=quarterly_return)
    services.return_save_spend(
        user=secretary,
        quarterly_return=quarterly_return,
        spend={
            line.pk: (
                spent
                if spent is not None
                else (line.budget * quarter / 4).quantize(Decimal("0.01")),
                "",
            )
            for line in lines
        },
    )
    services.return_save_narrative(
        user=secretary, quarterly_return=quarterly_return, highlights=highlights
    )
    quarterly_return.refresh_from_db()
    return quarterly_return


def submitted_return(*, award: Award, quarter: int, **fill) -> QuarterlyReturn:
    """The award's ``quarter`` return filled in (``filled_return``) and submitted by the
    group's secretary, with its first ``ReturnSubmission``."""
    from slas.services.returns import return_submit

    quarterly_return = filled_return(award=award, quarter=quarter, **fill)
    return return_submit(
        user=secretary_of(award.cpeg.borough),
        quarterly_return=quarterly_return,
        declaration_confirmed=True,
    )


# Review helpers


def reports_with(quarterly_return: QuarterlyReturn, outcomes: list[str]) -> list:
    """The return's milestone reports, one per SLA milestone of its quarter (the builders'
    SLA has one per objective, O1 to O5, in order), with ``outcomes`` in that order (and
    "what happened" / "what happens next" filled where the outcome needs them). Rows written
    directly: the returns helper's services fill them in real use."""
    from slas.models import EXPLAINED_OUTCOMES, MilestoneReport, SlaMilestone

    milestones = list(
        SlaMilestone.objects.filter(
            award_id=quarterly_return.award_id, quarter=quarterly_return.quarter
        ).order_by("objective__position", "objective__code", "pk")
    )
    reports = []
    for milestone, outcome in zip(milestones, outcomes, strict=False):
        explained = outcome in EXPLAINED_OUTCOMES
        reports.append(
            MilestoneReport.objects.create(
                quarterly_return=quarterly_return,
                milestone=milestone,
                outcome=outcome,
                what_happened="The hall was booked out." if explained else "",
                next_steps="We meet next month instead." if explained else "",
            )
        )
    return reports


def submission_of(
    quarterly_return: QuarterlyReturn, number: int, content: dict, *, user: User | None = None
):
    """A ``ReturnSubmission`` row with ``content`` (what ``return_snapshot`` would store)."""
    from django.utils import timezone

    from slas.models import ReturnSubmission

    return ReturnSubmission.objects.create(
        quarterly_return=quarterly_return,
        number=number,
        content=content,
        submitted_by=user or secretary_of(quarterly_return.cpeg.borough),
        submitted_at=timezone.now(),
    )


def all_ratings(quarterly_return: QuarterlyReturn, final: str | None = None) -> dict:
    """A rating for every objective and overall: the suggestion (or ``final``, with a
    reason where it differs), as ``review_accept`` takes them."""
    from slas.ratings import return_suggestions

    ratings: dict = {}
    for suggestion in return_suggestions(quarterly_return):
        pk = suggestion.objective.pk if suggestion.objective is not None else None
        chosen = final or suggestion.suggested
        reason = "" if chosen == suggestion.suggested else "The officer saw it happen."
        ratings[pk] = (chosen, reason)
    return ratings
