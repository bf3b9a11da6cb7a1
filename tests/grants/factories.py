"""Factories for the funding round in tests: a round, and outlines and applications in any
state, each reached by calling the services as people would (``RoundFactory(outlines_open=True)``,
``OutlineFactory(consensus=True)``, ``ApplicationFactory(submitted=True)``,
``ApplicationFactory(recommended=True, recommended_amount="30000.00")``,
``ApplicationFactory(funded=True)``), so a test never starts from a state the code cannot
produce. ``make_round``, ``make_outline``, ``make_application`` and ``application_in`` are thin
wrappers over them, kept for the tests that call them.

One state the services cannot give: an outline for a round that no longer takes outlines (the
fixtures make a round open for applications first, then each group's outline). Such an outline
is still written as a row; everything built on it (the application and its review and
decision) goes through the services.
"""

import datetime
from decimal import Decimal

import factory

from accounts.models import Role, User
from boroughs.models import Borough, Cpeg
from grants.models import (
    Application,
    ApplicationStatus,
    BrokeringOutcome,
    BudgetCategory,
    FundingRound,
    Outline,
    OutlineStatus,
    RoundStatus,
)
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS, OPEN_OUTLINES, TAKING_OUTLINES
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


# Rounds

#: The moves that bring a new round to each state, in order.
ROUND_PATH = {
    RoundStatus.SETUP: (),
    RoundStatus.OUTLINES_OPEN: (OPEN_OUTLINES,),
    RoundStatus.APPLICATIONS_OPEN: (OPEN_OUTLINES, OPEN_APPLICATIONS),
    RoundStatus.CLOSED: (OPEN_OUTLINES, OPEN_APPLICATIONS, CLOSE),
}


class RoundFactory(factory.django.DjangoModelFactory):
    """A round created by the funding manager with the 2011 paper's objectives and moved to
    its state by ``round_move``. The default is a round being set up."""

    class Meta:
        model = FundingRound

    year_start = 2011
    total_budget = Decimal("1400000.00")
    allocable_ceiling = Decimal("1320000.00")
    access_fund = Decimal("2000.00")
    outline_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start, 5, 13))
    application_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start, 6, 17))
    q1_return_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start, 7, 29))
    q2_return_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start, 10, 28))
    q3_return_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start + 1, 1, 27))
    q4_return_deadline = factory.LazyAttribute(lambda r: datetime.date(r.year_start + 1, 4, 27))
    objectives = OBJECTIVES_2011
    state = RoundStatus.SETUP
    manager = None

    class Params:
        outlines_open = factory.Trait(state=RoundStatus.OUTLINES_OPEN)
        applications_open = factory.Trait(state=RoundStatus.APPLICATIONS_OPEN)
        closed = factory.Trait(state=RoundStatus.CLOSED)

    @classmethod
    def _create(cls, model_class, *, objectives, state, manager: User | None = None, **terms):
        from grants.services import rounds

        manager = manager or staff(Role.FUNDING_MANAGER)
        funding_round = rounds.round_create(user=manager, **terms, objectives=objectives)
        for name in ROUND_PATH[RoundStatus(state)]:
            funding_round = rounds.round_move(
                user=manager, funding_round=funding_round, transition=name
            )
        return funding_round


def make_round(
    *,
    year_start: int = 2011,
    status: RoundStatus = RoundStatus.APPLICATIONS_OPEN,
    total: str = "1400000.00",
    ceiling: str = "1320000.00",
    access_fund: str = "2000.00",
    outline_deadline: datetime.date | None = None,
) -> FundingRound:
    extra = {"outline_deadline": outline_deadline} if outline_deadline else {}
    return RoundFactory(
        year_start=year_start,
        state=status,
        total_budget=Decimal(total),
        allocable_ceiling=Decimal(ceiling),
        access_fund=Decimal(access_fund),
        **extra,
    )


# Outlines

POSITION = "Police, council and community agree on a programme of public meetings."
ACTIVITIES = "Quarterly public meetings; ward panel visits; a youth forum."


def outline_author(cpeg: Cpeg) -> User:
    """The group's secretary who writes the builders' outlines."""
    return UserFactory(username=f"sec-{cpeg.borough.slug}", role=Role.SECRETARY, cpeg=cpeg)


def outline_signatories(cpeg: Cpeg) -> list[User]:
    slug = cpeg.borough.slug
    return [
        UserFactory(username=f"{name}-{slug}", role=role, cpeg=cpeg)
        for name, role in (
            ("chair", Role.CHAIR),
            ("police", Role.POLICE_PARTNER),
            ("council", Role.COUNCIL_PARTNER),
        )
    ]


class OutlineFactory(factory.django.DjangoModelFactory):
    """A group's outline, started by its secretary and then signed by all three signatories
    (``consensus``, the default), left awaiting signatures (``draft``), declined by the police
    partner (``disputed``), or brokered by a link officer (``agreed``, ``not_agreed``)."""

    class Meta:
        model = Outline

    funding_round = factory.SubFactory(RoundFactory, outlines_open=True)
    cpeg = factory.LazyFunction(lambda: Borough.objects.get(slug="barnet").cpeg)
    proposed_sum = Decimal("40000.00")
    state = OutlineStatus.CONSENSUS

    class Params:
        draft = factory.Trait(state=OutlineStatus.DRAFT)
        consensus = factory.Trait(state=OutlineStatus.CONSENSUS)
        disputed = factory.Trait(state=OutlineStatus.DISPUTED)
        agreed = factory.Trait(state=OutlineStatus.AGREED)
        not_agreed = factory.Trait(state=OutlineStatus.NOT_AGREED)

    @classmethod
    def _create(cls, model_class, *, funding_round, cpeg, proposed_sum, state):
        from grants.services import outlines

        secretary = outline_author(cpeg)
        if funding_round.status not in TAKING_OUTLINES:
            # No service starts an outline once the round has stopped taking them (see the
            # module's docstring): the one row still written directly.
            return Outline.objects.create(
                funding_round=funding_round,
                cpeg=cpeg,
                status=state,
                position=POSITION,
                proposed_activities=ACTIVITIES,
                proposed_sum=Decimal(proposed_sum),
                created_by=secretary,
            )
        outline = outlines.outline_start(
            user=secretary,
            funding_round=funding_round,
            cpeg=cpeg,
            position=POSITION,
            proposed_activities=ACTIVITIES,
            proposed_sum=Decimal(proposed_sum),
        )
        chair, police, council = outline_signatories(cpeg)
        if state == OutlineStatus.DRAFT:
            return outline
        if state == OutlineStatus.CONSENSUS:
            for signatory in (chair, police, council):
                outline = outlines.outline_sign(
                    user=signatory, outline=outline, version=outline.version
                )
            return outline
        outline = outlines.outline_decline(
            user=police, outline=outline, version=outline.version, reason="The sum is too high."
        )
        if state == OutlineStatus.DISPUTED:
            return outline
        outcome = {
            OutlineStatus.AGREED: BrokeringOutcome.AGREED,
            OutlineStatus.NOT_AGREED: BrokeringOutcome.NOT_AGREED,
        }[OutlineStatus(state)]
        return outlines.brokering_outcome_record(
            user=staff(Role.LINK_OFFICER),
            outline=outline,
            outcome=outcome,
            notes="Brokered in a meeting.",
        )


def make_outline(
    *,
    funding_round: FundingRound,
    cpeg: Cpeg,
    status: OutlineStatus = OutlineStatus.CONSENSUS,
    proposed_sum: str = "40000.00",
) -> Outline:
    return OutlineFactory(
        funding_round=funding_round, cpeg=cpeg, state=status, proposed_sum=proposed_sum
    )


# Applications

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
    """The secretary answers every section through the services: about the group, one
    activity per objective with a milestone each quarter, and the budget (£40,000)."""
    from grants.services import applications

    secretary = application.created_by
    applications.application_update_about(
        user=secretary,
        application=application,
        group_summary="A community group that brings police and residents together.",
        meeting_arrangements="Monthly, in the town hall.",
        bank_account_name=f"{application.cpeg.name} account",
    )
    for objective in application.funding_round.objectives.all():
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
    application.refresh_from_db()
    return application


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


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A group's application brought to its state by the services, as people would: the
    secretary (the outline's author) starts it, answers every section (unless
    ``complete=False``, for a draft) and submits it; a link officer asks for changes or
    recommends ``recommended_amount`` (with ``conditions``); the funding manager records the
    committee's outcome at one meeting. The default is a draft."""

    class Meta:
        model = Application

    funding_round = factory.SubFactory(RoundFactory, applications_open=True)
    borough = factory.LazyFunction(
        lambda: Borough.objects.select_related("cpeg").get(slug="barnet")
    )
    complete = True
    recommended_amount = None
    conditions = ""
    officer = None
    manager = None
    state = ApplicationStatus.DRAFT

    class Params:
        submitted = factory.Trait(state=ApplicationStatus.SUBMITTED)
        changes_requested = factory.Trait(state=ApplicationStatus.CHANGES_REQUESTED)
        recommended = factory.Trait(state=ApplicationStatus.RECOMMENDED)
        funded = factory.Trait(state=ApplicationStatus.FUNDED)
        not_funded = factory.Trait(state=ApplicationStatus.NOT_FUNDED)
        deferred = factory.Trait(state=ApplicationStatus.DEFERRED)

    @classmethod
    def _create(
        cls,
        model_class,
        *,
        funding_round: FundingRound | None,
        borough: Borough,
        complete: bool,
        recommended_amount,
        conditions: str,
        officer: User | None,
        manager: User | None,
        state: str,
    ) -> Application:
        from grants.services import applications, rounds

        state = ApplicationStatus(state)
        if funding_round is None:
            funding_round = RoundFactory(outlines_open=True)
            outline = make_outline(funding_round=funding_round, cpeg=borough.cpeg)
            funding_round = rounds.round_move(
                user=staff(), funding_round=funding_round, transition=OPEN_APPLICATIONS
            )
        else:
            outline = make_outline(funding_round=funding_round, cpeg=borough.cpeg)
        secretary = outline.created_by
        application = applications.application_start(user=secretary, outline=outline)
        if complete:
            application = fill_application(application)
        return advance(
            application,
            state,
            recommended_amount=recommended_amount,
            conditions=conditions,
            officer=officer,
            manager=manager,
        )


def advance(
    application: Application,
    state: str,
    *,
    recommended_amount: str | Decimal | None = None,
    conditions: str = "",
    officer: User | None = None,
    manager: User | None = None,
) -> Application:
    """Take a (complete) draft on to ``state`` through the services: the secretary submits
    it; a link officer asks for changes or recommends it; the committee decides it."""
    from grants.services import applications, decisions, review

    state = ApplicationStatus(state)
    if state == ApplicationStatus.DRAFT:
        return application
    applications.application_submit(
        user=application.created_by, application=application, declaration_confirmed=True
    )
    officer = officer or staff(Role.LINK_OFFICER)
    if state == ApplicationStatus.SUBMITTED:
        return Application.objects.get(pk=application.pk)
    if state == ApplicationStatus.CHANGES_REQUESTED:
        return review.review_request_changes(
            user=officer, application=application, message=CHANGES_ASKED
        )
    amount = Decimal(recommended_amount) if recommended_amount is not None else RECOMMENDED
    review.review_recommend(
        user=officer, application=application, amount=amount, conditions=conditions
    )
    if state == ApplicationStatus.RECOMMENDED:
        return Application.objects.get(pk=application.pk)
    outcome = _OUTCOME_FOR[state]
    decisions.meeting_record_decisions(
        user=manager or UserFactory(role=Role.FUNDING_MANAGER),
        funding_round=application.funding_round,
        name=BUILDER_MEETING,
        held_on=BUILDER_MEETING_DAY,
        decisions=[(application, outcome, amount if outcome == "fund" else None, "")],
    )
    return Application.objects.get(pk=application.pk)


def make_application(
    *,
    funding_round: FundingRound,
    borough: Borough,
    status: ApplicationStatus = ApplicationStatus.SUBMITTED,
    complete: bool = True,
    recommended_amount: str | None = None,
) -> Application:
    """An application in ``status``, reached through the services (``ApplicationFactory``)."""
    return ApplicationFactory(
        funding_round=funding_round,
        borough=borough,
        state=status,
        complete=complete,
        recommended_amount=recommended_amount,
    )


def application_in(
    state: str,
    *,
    funding_round: FundingRound,
    borough: Borough,
    officer: User | None = None,
    manager: User | None = None,
) -> Application:
    """The borough's application brought to ``state`` by the services (``ApplicationFactory``),
    the officer recommending ``RECOMMENDED`` and the committee funding that."""
    if officer is None and state not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        officer = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[borough])
    return ApplicationFactory(
        funding_round=funding_round, borough=borough, state=state, officer=officer, manager=manager
    )
