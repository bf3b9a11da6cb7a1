"""Builders for the funding round in tests: a round, and outlines and applications in any state.

``application_in`` reaches each state of an application through the services, so a test
never starts from a state the code cannot produce. The older builders (``make_application``
and friends) still write rows directly; they are to be converted to the services in turn.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from boroughs.models import Borough, Cpeg
from grants.models import (
    Activity,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    FundingRound,
    Milestone,
    Objective,
    Outline,
    OutlineStatus,
    RoundStatus,
)
from tests.factories import UserFactory

OBJECTIVES_2011 = [
    ("O1", "Public meetings and engagement events"),
    ("O2", "Engagement with local partners"),
    ("O3", "Reaching diverse communities and young people"),
    ("O4", "A representative executive and membership"),
    ("O5", "Administration that serves the objectives"),
]


def staff(role: Role = Role.FUNDING_MANAGER) -> User:
    return UserFactory(username=f"test-{role}", role=role)


def make_round(
    *,
    year_start: int = 2011,
    status: RoundStatus = RoundStatus.APPLICATIONS_OPEN,
    total: str = "1400000.00",
    ceiling: str = "1320000.00",
    access_fund: str = "2000.00",
    outline_deadline: datetime.date | None = None,
) -> FundingRound:
    funding_round = FundingRound.objects.create(
        year_start=year_start,
        status=status,
        total_budget=Decimal(total),
        allocable_ceiling=Decimal(ceiling),
        access_fund=Decimal(access_fund),
        outline_deadline=outline_deadline or datetime.date(year_start, 5, 13),
        application_deadline=datetime.date(year_start, 6, 17),
        q1_return_deadline=datetime.date(year_start, 7, 29),
        q2_return_deadline=datetime.date(year_start, 10, 28),
        q3_return_deadline=datetime.date(year_start + 1, 1, 27),
        q4_return_deadline=datetime.date(year_start + 1, 4, 27),
        created_by=staff(),
    )
    for position, (code, title) in enumerate(OBJECTIVES_2011, start=1):
        Objective.objects.create(
            funding_round=funding_round, code=code, title=title, position=position
        )
    return funding_round


def make_outline(
    *,
    funding_round: FundingRound,
    cpeg: Cpeg,
    status: OutlineStatus = OutlineStatus.CONSENSUS,
    proposed_sum: str = "40000.00",
) -> Outline:
    return Outline.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        status=status,
        position="Police, council and community agree on a programme of public meetings.",
        proposed_activities="Quarterly public meetings; ward panel visits; a youth forum.",
        proposed_sum=Decimal(proposed_sum),
        created_by=UserFactory(username=f"sec-{cpeg.borough.slug}", role=Role.SECRETARY, cpeg=cpeg),
    )


BUDGET = {
    BudgetCategory.ADMINISTRATION: "12000.00",
    BudgetCategory.MEETINGS: "10000.00",
    BudgetCategory.OUTREACH: "8000.00",
    BudgetCategory.COMMUNICATIONS: "4000.00",
    BudgetCategory.TRAINING: "3000.00",
    BudgetCategory.ACCESS_NEEDS: "1500.00",
    BudgetCategory.OTHER: "1500.00",
}  # adds up to £40,000.00


def fill_application(application: Application) -> Application:
    """A complete work plan (one activity per objective, a milestone each quarter) and budget."""
    for objective in application.funding_round.objectives.all():
        activity = Activity.objects.create(
            application=application, objective=objective, title=f"Work towards {objective.code}"
        )
        for quarter in (1, 2, 3, 4):
            Milestone.objects.create(
                activity=activity, quarter=quarter, description=f"{objective.code} step {quarter}"
            )
    for category, amount in BUDGET.items():
        BudgetLine.objects.create(application=application, category=category, amount=amount)
    application.group_summary = "A community group that brings police and residents together."
    application.meeting_arrangements = "Monthly, in the town hall."
    application.bank_account_name = f"{application.cpeg.name} account"
    application.requested_amount = Decimal("40000.00")
    application.save()
    return application


def make_application(
    *,
    funding_round: FundingRound,
    borough: Borough,
    status: ApplicationStatus = ApplicationStatus.SUBMITTED,
    complete: bool = True,
    recommended_amount: str | None = None,
) -> Application:
    """An application in ``status``; submitted ones (and later) have a first version."""
    cpeg = borough.cpeg
    outline = make_outline(funding_round=funding_round, cpeg=cpeg)
    application = Application.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        outline=outline,
        status=status,
        created_by=outline.created_by,
    )
    if complete:
        fill_application(application)
    if status != ApplicationStatus.DRAFT:
        application.reference = f"TEST-{funding_round.year_start}-{borough.slug}"
        application.submitted_version = 1
        application.submitted_at = timezone.now()
        application.declaration_confirmed_at = timezone.now()
        ApplicationVersion.objects.create(
            application=application,
            number=1,
            snapshot={},
            submitted_by=outline.created_by,
            submitted_at=application.submitted_at,
        )
    if recommended_amount is not None:
        application.recommended_amount = Decimal(recommended_amount)
        application.recommended_at = timezone.now()
        application.recommended_by = staff(Role.LINK_OFFICER)
    application.save()
    return application


# Through the services: an application in any state the code can produce

#: What the builder's officer asks the group to change.
CHANGES_ASKED = "Say more about reaching young people."
#: The amount the builder's officer recommends, and the committee funds.
RECOMMENDED = Decimal("30000.00")
#: The committee meeting at which the builder's decisions are made.
BUILDER_MEETING = "Funding sub-committee"
BUILDER_MEETING_DAY = datetime.date(2011, 7, 20)
#: The committee's outcome that leaves an application in each decided state.
_OUTCOME_FOR = {
    ApplicationStatus.FUNDED: "fund",
    ApplicationStatus.NOT_FUNDED: "do_not_fund",
    ApplicationStatus.DEFERRED: "defer",
}


def application_in(
    state: str,
    *,
    funding_round: FundingRound,
    borough: Borough,
    officer: User | None = None,
    manager: User | None = None,
) -> Application:
    """The borough's application brought to ``state`` by the services, as people would: the
    secretary (the outline's author) starts and completes it and submits it; the officer asks
    for changes or recommends; the funding manager records the committee's outcome."""
    from grants.services import applications, decisions, review

    outline = make_outline(funding_round=funding_round, cpeg=borough.cpeg)
    secretary = outline.created_by
    application = applications.application_start(user=secretary, outline=outline)
    applications.application_update_about(
        user=secretary,
        application=application,
        group_summary="A community group that brings police and residents together.",
        meeting_arrangements="Monthly, in the town hall.",
        bank_account_name=f"{borough.cpeg.name} account",
    )
    for objective in funding_round.objectives.all():
        applications.activity_add(
            user=secretary,
            application=application,
            objective=objective,
            title=f"Work towards {objective.code}",
            milestones={quarter: f"{objective.code} step {quarter}" for quarter in (1, 2, 3, 4)},
        )
    applications.application_set_budget(
        user=secretary,
        application=application,
        lines={
            category: applications.LineAnswer(Decimal(amount))
            for category, amount in BUDGET.items()
        },
        requested_amount=Decimal("40000.00"),
    )
    if state == ApplicationStatus.DRAFT:
        return application
    applications.application_submit(
        user=secretary, application=application, declaration_confirmed=True
    )
    if state == ApplicationStatus.SUBMITTED:
        return Application.objects.get(pk=application.pk)
    officer = officer or UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[borough])
    if state == ApplicationStatus.CHANGES_REQUESTED:
        return review.review_request_changes(
            user=officer, application=application, message=CHANGES_ASKED
        )
    review.review_recommend(user=officer, application=application, amount=RECOMMENDED)
    if state == ApplicationStatus.RECOMMENDED:
        return Application.objects.get(pk=application.pk)
    outcome = _OUTCOME_FOR[ApplicationStatus(state)]
    decisions.meeting_record_decisions(
        user=manager or UserFactory(role=Role.FUNDING_MANAGER),
        funding_round=funding_round,
        name=BUILDER_MEETING,
        held_on=BUILDER_MEETING_DAY,
        decisions=[(application, outcome, RECOMMENDED if outcome == "fund" else None, "")],
    )
    return Application.objects.get(pk=application.pk)
