"""The demo's two funding rounds, on the calendar of the day the demo is loaded, made through
the same services people use.

The **previous financial year's** round is complete, on that year's real dates (the 2011/12
paper's: outlines due 13 May, applications 17 June, the committee on 7 July, quarterly returns
due 29 July, 28 October, 27 January and 27 April): every outline settled (Bexley brokered to
agreement; Bromley not agreed, with interim funding), every application decided at the July
meeting (Hackney not funded, Ealing funded with conditions), the awards made and the round
closed.

The **current financial year's** round has the 2011/12 paper's figures and holds boroughs at
every stage (by GSS code, last two digits):

- 03 Barnet: the outline awaits the police and council partners' signatures (the chair has
  signed), so a new user can take one borough from outline to award in the browser;
- 04 Bexley: disputed (the police partner declined), one brokering contact logged;
- 05 Brent: disputed, brokered to agreement, application in draft;
- 06 Bromley: disputed and not agreed; interim funding;
- 07 Camden: consensus, invited to apply;
- 08 Croydon: application in draft, half written;
- 09 Ealing, 30 Tower Hamlets: submitted;
- 10 Enfield, 31 Waltham Forest: changes requested (Waltham Forest on interim funding);
- 11 Greenwich, 27–29: recommended;
- 12 Hackney: not funded;
- 32 Wandsworth: deferred, on interim funding;
- 02 and 13–26: funded at the committee's meeting; 33 Westminster with conditions.

Its dates are placed around the day the demo is loaded (``today``), so that they make sense
on it: what is still open is not past its deadline (outlines are due in two weeks and
applications in six, both by the end of the financial year; the outline deadline task finds
nothing overdue), and what has happened is in the past: outlines signed seven weeks ago,
applications submitted five weeks ago, the committee's meeting two weeks ago. A quarter
already over when the committee met has a catch-up return due in the week just gone (those
returns are in every state: ``demo.slas``); a later quarter's is due on the paper's day, at
least four weeks ahead. Every step is taken
on its day (``demo.clock``), so the history on each page reads in order; the same day always
gives the same data.
"""

import contextlib
import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.test import override_settings

from accounts.models import Role, User
from boroughs.models import Borough
from cpeg_portal.celery import app as celery_app
from cpeg_portal.fiscal import FinancialYear
from demo.clock import at
from grants.models import (
    Application,
    ApplicationStatus,
    BudgetCategory,
    DecisionOutcome,
    FundingRound,
    Outline,
)
from grants.services import applications, decisions, outlines, review, rounds
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS, OPEN_OUTLINES

OBJECTIVES = [
    (
        "O1",
        "Public meetings and engagement events",
        "Hold public meetings and engagement events where residents can question the police "
        "about local priorities.",
    ),
    (
        "O2",
        "Engagement with local partners",
        "Work with the Crime and Disorder Reduction Partnership (CDRP), Safer Neighbourhoods "
        "panels and other local partners.",
    ),
    (
        "O3",
        "Reaching diverse communities and young people",
        "Reach communities, and young people, who do not come to the main meetings.",
    ),
    (
        "O4",
        "A representative executive and membership",
        "Build an executive committee and membership that reflect the borough.",
    ),
    (
        "O5",
        "Administration that serves the objectives",
        "Keep administration in proportion: it serves the other objectives.",
    ),
]


@dataclass(frozen=True)
class Stages:
    """Where each borough (by GSS code, last two digits) stands in one round. A borough in
    none of these sets reached consensus and was funded."""

    #: Outline only: "draft" (awaiting signatures), "disputed" or "consensus".
    outline_only: dict[int, str]
    #: Disputed, then brokered: "agreed" or "not_agreed".
    brokered: dict[int, str]
    #: Given interim funding, having no agreed work plan: an outline brokered and not agreed
    #: (such a group does not apply), or an application not yet funded.
    interim: frozenset[int] = frozenset()
    draft: frozenset[int] = frozenset()
    submitted: frozenset[int] = frozenset()
    changes: frozenset[int] = frozenset()
    recommended: frozenset[int] = frozenset()
    not_funded: frozenset[int] = frozenset()
    deferred: frozenset[int] = frozenset()
    with_conditions: frozenset[int] = frozenset()
    #: The access-needs fund: a top-up (or None), and a drawdown for one borough.
    top_up: Decimal | None = None
    draw: tuple[str, Decimal, str] | None = None


CURRENT_STAGES = Stages(
    outline_only={3: "draft", 4: "disputed", 7: "consensus"},
    brokered={5: "agreed", 6: "not_agreed"},
    # Three groups without an agreed work plan, as the 2011 paper found: Bromley (its outline
    # not agreed), and Waltham Forest and Wandsworth while their applications are settled.
    interim=frozenset({6, 31, 32}),
    draft=frozenset({5, 8}),
    submitted=frozenset({9, 30}),
    changes=frozenset({10, 31}),
    recommended=frozenset({11, 27, 28, 29}),
    not_funded=frozenset({12}),
    deferred=frozenset({32}),
    with_conditions=frozenset({33}),
    top_up=Decimal("500.00"),
    draw=("newham", Decimal("640.00"), "BSL interpreters for four public meetings."),
)

PREVIOUS_STAGES = Stages(
    outline_only={},
    brokered={4: "agreed", 6: "not_agreed"},
    interim=frozenset({6}),
    not_funded=frozenset({12}),
    with_conditions=frozenset({9}),
    draw=("hounslow", Decimal("480.00"), "A hearing loop for the year's public meetings."),
)


@dataclass(frozen=True)
class RoundDates:
    """A round's deadlines, and the days things happened in it, in order."""

    year: FinancialYear
    outline_deadline: datetime.date
    application_deadline: datetime.date
    return_deadlines: tuple[datetime.date, datetime.date, datetime.date, datetime.date]
    #: The funding manager sets the round up and opens it for outlines.
    opened: datetime.date
    #: Outlines are written, signed and declined.
    outlines_written: datetime.date
    #: The link officer's contact with a dispute brokered before the meeting, and its outcome.
    brokered_contact: datetime.date
    #: The round opens for applications.
    applications_opened: datetime.date
    #: Applications are written and submitted.
    applied: datetime.date
    #: Link officers review them.
    reviewed: datetime.date
    #: The committee's meeting; interim funding is agreed the same day.
    meeting: datetime.date
    #: The access-needs fund is topped up and drawn on.
    access_fund_used: datetime.date
    #: The link officer's contact with a dispute still open.
    open_contact: datetime.date
    #: The round is closed (None: still open).
    closed: datetime.date | None = None


def _paper_return_deadlines(
    year: FinancialYear,
) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """The 2011/12 paper's return deadlines, in ``year``: about four weeks after each quarter."""
    first, second = year.start_year, year.start_year + 1
    return (
        datetime.date(first, 7, 29),
        datetime.date(first, 10, 28),
        datetime.date(second, 1, 27),
        datetime.date(second, 4, 27),
    )


def previous_round_dates(today: datetime.date) -> RoundDates:
    """The last financial year's round, on its real dates (the paper's)."""
    year = FinancialYear(FinancialYear.containing(today).start_year - 1)
    first = year.start_year
    return RoundDates(
        year=year,
        outline_deadline=datetime.date(first, 5, 13),
        application_deadline=datetime.date(first, 6, 17),
        return_deadlines=_paper_return_deadlines(year),
        opened=datetime.date(first, 4, 1),
        outlines_written=datetime.date(first, 4, 22),
        brokered_contact=datetime.date(first, 5, 20),
        applications_opened=datetime.date(first, 5, 23),
        applied=datetime.date(first, 6, 10),
        reviewed=datetime.date(first, 6, 24),
        meeting=datetime.date(first, 7, 7),
        access_fund_used=datetime.date(first, 7, 11),
        open_contact=datetime.date(first, 5, 20),
        closed=datetime.date(first, 7, 29),
    )


def current_round_dates(today: datetime.date) -> RoundDates:
    """This financial year's round, around ``today``: open stages due in the future (by the
    year's end at the latest), the committee's meeting two weeks ago."""
    year = FinancialYear.containing(today)

    def days(number: int) -> datetime.date:
        return today + datetime.timedelta(days=number)

    meeting = days(-14)
    ended = [quarter for quarter in year.quarters if quarter.end < meeting]

    def return_due(quarter, paper_due: datetime.date) -> datetime.date:
        # A quarter over before the committee met has a catch-up return, due in the week
        # just gone (the last such quarter's three days ago, any earlier one's nine), so the
        # demo shows returns overdue as well as handed in; a later quarter's is due on the
        # paper's day, and never sooner than four weeks from today.
        if quarter in ended:
            return days(-3) if quarter == ended[-1] else days(-9)
        return max(paper_due, days(28))

    q1, q2, q3, q4 = (
        return_due(quarter, due)
        for quarter, due in zip(year.quarters, _paper_return_deadlines(year), strict=True)
    )
    return RoundDates(
        year=year,
        outline_deadline=min(days(14), year.end),
        application_deadline=min(days(42), year.end),
        return_deadlines=(q1, q2, q3, q4),
        opened=days(-56),
        outlines_written=days(-49),
        brokered_contact=days(-42),
        applications_opened=days(-42),
        applied=days(-35),
        reviewed=days(-28),
        meeting=meeting,
        access_fund_used=days(-7),
        open_contact=days(-2),
    )


def gss_number(borough: Borough) -> int:
    return int(borough.gss_code[-2:])


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def link_officer_of(borough: Borough) -> User:
    return User.objects.filter(
        role=Role.LINK_OFFICER, assigned_boroughs=borough
    ).first() or demo_user("officer")


def _request(borough: Borough) -> Decimal:
    """A deterministic request between about £36,000 and £45,000, in pounds and pence."""
    code = gss_number(borough)
    return Decimal(36000 + (code * 2917) % 9000) + Decimal(code * 7 % 100) / 100


def _budget(total: Decimal) -> dict[str, applications.LineAnswer]:
    """Lines adding up to ``total`` exactly; administration takes the largest share, as the
    2011 paper found."""
    shares = {
        BudgetCategory.ADMINISTRATION: Decimal("0.46"),
        BudgetCategory.MEETINGS: Decimal("0.20"),
        BudgetCategory.OUTREACH: Decimal("0.14"),
        BudgetCategory.COMMUNICATIONS: Decimal("0.08"),
        BudgetCategory.TRAINING: Decimal("0.06"),
        BudgetCategory.ACCESS_NEEDS: Decimal("0.03"),
    }
    lines = {
        category: (total * share).quantize(Decimal("0.01")) for category, share in shares.items()
    }
    lines[BudgetCategory.OTHER] = total - sum(lines.values())
    return {
        category: applications.LineAnswer(amount=amount, description="")
        for category, amount in lines.items()
    }


@contextlib.contextmanager
def mail_kept_in_memory() -> Iterator[None]:
    """Seeding makes a year's worth of e-mails: keep them out of the worker and the console.

    Wrap the whole seeding transaction in it: e-mails are queued when that commits."""
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # Celery logs every task it runs ("Task accounts.send_email[…] succeeded"): hundreds of
    # lines that say nothing to someone loading the demo.
    trace = logging.getLogger("celery.app.trace")
    was_disabled = trace.disabled
    trace.disabled = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = was_eager
        trace.disabled = was_disabled


def _outline(funding_round: FundingRound, borough: Borough) -> Outline:
    slug = borough.slug
    return outlines.outline_start(
        user=demo_user(f"secretary-{slug}"),
        funding_round=funding_round,
        cpeg=borough.cpeg,
        position=(
            f"The police, {borough.short_name} council and the CPEG agree the group should "
            "hold quarterly public meetings and take engagement to the wards."
        ),
        proposed_activities=(
            "Quarterly public meetings; attendance at CDRP and Safer Neighbourhoods panels; "
            "a youth forum; recruiting new members from under-represented communities."
        ),
        proposed_sum=_request(borough),
    )


def _sign(outline: Outline, slug: str, roles: tuple[str, ...]) -> Outline:
    for role in roles:
        outline = outlines.outline_sign(
            user=demo_user(f"{role}-{slug}"), outline=outline, version=outline.version
        )
    return outline


def _dispute(outline: Outline, slug: str) -> Outline:
    outline = _sign(outline, slug, ("chair",))
    return outlines.outline_decline(
        user=demo_user(f"police-{slug}"),
        outline=outline,
        version=outline.version,
        reason="The proposed sum leaves too little for ward-level engagement.",
    )


def _fill(application: Application, borough: Borough, *, complete: bool = True) -> Application:
    secretary = demo_user(f"secretary-{borough.slug}")
    application = applications.application_update_about(
        user=secretary,
        application=application,
        group_summary=(
            f"{borough.cpeg.name} brings residents, the police and the council together to "
            "set local policing priorities."
        ),
        meeting_arrangements="Public meetings each quarter in the civic centre; an executive "
        "committee every month.",
        bank_account_name=borough.cpeg.name,
    )
    objectives = list(application.funding_round.objectives.all())
    for objective in objectives if complete else objectives[:2]:
        applications.activity_add(
            user=secretary,
            application=application,
            objective=objective,
            title=f"{objective.title}: the year's programme",
            milestones={
                1: f"{objective.code}: plan agreed with partners and dates published",
                2: f"{objective.code}: first events held, attendance recorded",
                3: None if objective.code == "O4" else f"{objective.code}: mid-year review",
                4: f"{objective.code}: year's results reported to the AGM",
            },
        )
    if complete:
        total = _request(borough)
        applications.application_set_budget(
            user=secretary, application=application, lines=_budget(total), requested_amount=total
        )
    return application


def _submitted(funding_round: FundingRound, borough: Borough) -> Application:
    outline = Outline.objects.get(funding_round=funding_round, cpeg=borough.cpeg)
    secretary = demo_user(f"secretary-{borough.slug}")
    application = _fill(applications.application_start(user=secretary, outline=outline), borough)
    return applications.application_submit(
        user=secretary, application=application, declaration_confirmed=True
    )


def _recommend(application: Application, borough: Borough, *, conditions: bool) -> Application:
    officer = link_officer_of(borough)
    review.review_comment_add(
        user=officer,
        application=application,
        objective=application.funding_round.objectives.get(code="O3"),
        body="A clear plan for the youth forum. Say which schools you will work with.",
    )
    review.review_recommend(
        user=officer,
        application=application,
        amount=application.requested_amount,
        conditions="Appoint a treasurer." if conditions else "",
    )
    application.refresh_from_db()
    return application


def seed_grants(today: datetime.date) -> int:
    """Seed the previous and the current financial year's rounds, as they stand on ``today``,
    each once; returns the number of applications made (0 when both are there)."""
    made = 0
    for dates, stages in (
        (previous_round_dates(today), PREVIOUS_STAGES),
        (current_round_dates(today), CURRENT_STAGES),
    ):
        if not FundingRound.objects.filter(year_start=dates.year.start_year).exists():
            made += _seed_round(dates, stages)
    return made


def _seed_outlines(
    funding_round: FundingRound, boroughs: list[Borough], dates: RoundDates, stages: Stages
) -> None:
    for borough in boroughs:
        code, slug = gss_number(borough), borough.slug
        with at(dates.outlines_written, minute=code):
            outline = _outline(funding_round, borough)
            if stages.outline_only.get(code) == "draft":
                _sign(outline, slug, ("chair",))
                continue
            if stages.outline_only.get(code) != "disputed" and code not in stages.brokered:
                # consensus: every other group goes on to apply
                _sign(outline, slug, ("chair", "police", "council"))
                continue
            outline = _dispute(outline, slug)
        brokered = code in stages.brokered
        contacted_on = dates.brokered_contact if brokered else dates.open_contact
        with at(contacted_on, hour=15, minute=code):
            officer = link_officer_of(borough)
            outlines.brokering_contact_add(
                user=officer,
                outline=outline,
                contacted_on=contacted_on,
                contact_with=f"The Borough Commander and the CPEG chair, {borough.short_name}",
                notes="Met both; the police want more spent in the wards, the group on meetings.",
            )
            if brokered:
                outlines.brokering_outcome_record(
                    user=officer,
                    outline=outline,
                    outcome=stages.brokered[code],
                    notes=(
                        "Agreed a ward programme within the proposed sum."
                        if stages.brokered[code] == "agreed"
                        else "The partners could not agree; the committee is asked to consider "
                        "interim funding."
                    ),
                )


def _seed_applications(
    funding_round: FundingRound, boroughs: list[Borough], dates: RoundDates, stages: Stages
) -> tuple[int, list[tuple[Application, str, Decimal | None, str]]]:
    """Every group that may apply does, as far as its stage; returns how many applications
    were made, and the committee's decisions on those recommended to it."""
    made = 0
    to_decide: list[tuple[Application, str, Decimal | None, str]] = []
    for borough in boroughs:
        code = gss_number(borough)
        if code in stages.outline_only or stages.brokered.get(code) == "not_agreed":
            continue  # no consensus, no application (Bromley has interim funding)
        made += 1
        if code in stages.draft:
            with at(dates.applied, minute=code):
                outline = Outline.objects.get(funding_round=funding_round, cpeg=borough.cpeg)
                application = applications.application_start(
                    user=demo_user(f"secretary-{borough.slug}"), outline=outline
                )
                _fill(application, borough, complete=False)
            continue
        with at(dates.applied, minute=code):
            application = _submitted(funding_round, borough)
        if code in stages.submitted:
            continue
        with at(dates.reviewed, minute=code):
            if code in stages.changes:
                review.review_request_changes(
                    user=link_officer_of(borough),
                    application=application,
                    message="The budget puts nearly half into administration: show how that "
                    "serves the objectives, or move some into outreach.",
                )
                continue
            application = _recommend(
                application, borough, conditions=code in stages.with_conditions
            )
        if code in stages.recommended:
            continue
        if code in stages.not_funded:
            to_decide.append((application, DecisionOutcome.DO_NOT_FUND, None, ""))
        elif code in stages.deferred:
            to_decide.append((application, DecisionOutcome.DEFER, None, ""))
        elif code in stages.with_conditions:
            to_decide.append(
                (
                    application,
                    DecisionOutcome.FUND_WITH_CONDITIONS,
                    application.recommended_amount,
                    "Appoint a treasurer before the second instalment.",
                )
            )
        else:
            to_decide.append(
                (application, DecisionOutcome.FUND, application.recommended_amount, "")
            )
    return made, to_decide


def _seed_round(dates: RoundDates, stages: Stages) -> int:
    manager = demo_user("manager")
    q1, q2, q3, q4 = dates.return_deadlines
    with at(dates.opened, hour=9):
        funding_round = rounds.round_create(
            user=manager,
            year_start=dates.year.start_year,
            total_budget=Decimal("1400000.00"),
            allocable_ceiling=Decimal("1320000.00"),
            access_fund=Decimal("2000.00"),
            outline_deadline=dates.outline_deadline,
            application_deadline=dates.application_deadline,
            q1_return_deadline=q1,
            q2_return_deadline=q2,
            q3_return_deadline=q3,
            q4_return_deadline=q4,
            objectives=OBJECTIVES,
        )
        funding_round = rounds.round_move(
            user=manager, funding_round=funding_round, transition=OPEN_OUTLINES
        )
    boroughs = list(Borough.objects.select_related("cpeg").order_by("gss_code"))
    # Outlines first, while the round is open for them.
    _seed_outlines(funding_round, boroughs, dates, stages)
    with at(dates.applications_opened, hour=17):
        funding_round = rounds.round_move(
            user=manager, funding_round=funding_round, transition=OPEN_APPLICATIONS
        )
    made, to_decide = _seed_applications(funding_round, boroughs, dates, stages)
    with at(dates.meeting, hour=16):
        decisions.meeting_record_decisions(
            user=manager,
            funding_round=funding_round,
            name="Community Engagement and Citizen Focus Sub-committee",
            held_on=dates.meeting,
            decisions=to_decide,
        )
        for borough in boroughs:
            if gss_number(borough) in stages.interim:
                decisions.interim_award_create(
                    user=manager,
                    funding_round=funding_round,
                    cpeg=borough.cpeg,
                    amount=Decimal("9000.00"),
                    reason="No agreed work plan: interim funding for the first quarter's "
                    "public meetings while the partners keep talking.",
                    awarded_on=dates.meeting,
                )
    with at(dates.access_fund_used):
        if stages.top_up is not None:
            rounds.access_fund_top_up(
                user=manager,
                funding_round=funding_round,
                amount=stages.top_up,
                reason="British Sign Language interpreting requested by three groups.",
            )
        if stages.draw is not None:
            slug, amount, reason = stages.draw
            drawer = next(b for b in boroughs if b.slug == slug)
            rounds.access_fund_draw(
                user=manager,
                funding_round=funding_round,
                cpeg=drawer.cpeg,
                amount=amount,
                reason=reason,
            )
    if dates.closed is not None:
        with at(dates.closed):
            rounds.round_move(user=manager, funding_round=funding_round, transition=CLOSE)
    return made


__all__ = [
    "ApplicationStatus",
    "current_round_dates",
    "demo_user",
    "gss_number",
    "link_officer_of",
    "mail_kept_in_memory",
    "previous_round_dates",
    "seed_grants",
]
