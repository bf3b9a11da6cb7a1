"""The demo's quarterly returns and instalments, made through the same services people use,
each step on its day (``demo.clock``).

**The previous year's round**: every funded group's four returns submitted a few days before
they were due and accepted a few days after, rated mostly Green (a few Amber); each
instalment released once the return before it was accepted; the interim group's instalments
released by the funding manager with a reason.

**The current round**: its awards were made at the committee's meeting two weeks ago, so the
quarters that had already ended have catch-up returns, due in the past week
(``demo.grants.current_round_dates``). Those returns are in every state — accepted (most
Green, some Amber, one Red, one Amber the officer raised to Green with a reason), submitted,
returned with questions, draft, not started and overdue — with instalments released to match.
The quarters still to come are not started and not yet open. Three groups have no agreed work
plan and are on interim funding, as the 2011 paper found.

By borough (GSS code, last two digits), for the quarters already over:

- first of them (Q1 on most days): accepted for all but 25 Newham (submitted, waiting for
  review) and 26 Redbridge (not started: overdue); 16 Havering and 21 Kingston Amber, 24
  Merton Red, 17 Hillingdon suggested Amber and raised to Green;
- the last of them (Q2 on most days): 02, 13, 14, 15, 17, 18 accepted (15 Amber); 19 and 20
  submitted; 21 and 22 returned with questions; 23 Lewisham and 33 Westminster in draft; the
  rest not started — all of those overdue.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from boroughs.models import Borough
from cpeg_portal.fiscal import FinancialYear
from demo.clock import at
from demo.grants import (
    current_round_dates,
    demo_user,
    gss_number,
    link_officer_of,
    previous_round_dates,
)
from grants.models import Award, FundingRound, Instalment, InstalmentStatus
from slas.models import (
    COUNT_FIELDS,
    MilestoneOutcome,
    QuarterlyReturn,
    Rag,
    ReturnStatus,
)
from slas.reminders import returns_remind
from slas.services import instalments as instalment_services
from slas.services import returns as return_services
from slas.services import returns_update_time_states
from slas.services import review as review_services

#: How each borough's return goes, for the first and the last quarter already over.
ACCEPTED = "accepted"
FIRST_QUARTER_PLAN: dict[int, str] = {25: ReturnStatus.SUBMITTED, 26: ReturnStatus.NOT_STARTED}
LAST_QUARTER_PLAN: dict[int, str] = {
    2: ACCEPTED,
    13: ACCEPTED,
    14: ACCEPTED,
    15: ACCEPTED,
    17: ACCEPTED,
    18: ACCEPTED,
    19: ReturnStatus.SUBMITTED,
    20: ReturnStatus.SUBMITTED,
    21: ReturnStatus.RETURNED,
    22: ReturnStatus.RETURNED,
    23: ReturnStatus.DRAFT,
    33: ReturnStatus.DRAFT,
}
#: Ratings other than Green, by how the milestones went (the suggestion follows from them).
AMBER, RED, RAISED = "amber", "red", "raised"
FIRST_QUARTER_RATINGS = {16: AMBER, 21: AMBER, 24: RED, 17: RAISED}
LAST_QUARTER_RATINGS = {15: AMBER}
PREVIOUS_RATINGS = {(3, 2): AMBER, (11, 3): AMBER, (22, 1): AMBER, (29, 4): AMBER}

RAISED_REASON = (
    "The youth forum moved to the half-term week at the school's request: it was held, and "
    "well attended, a fortnight after the milestone's date."
)


def _secretary(borough: Borough) -> User:
    return demo_user(f"secretary-{borough.slug}")


def _counts(code: int, quarter: int) -> dict[str, int]:
    """A quarter's standard counts: deterministic, different for each group and quarter."""
    seed = code * 7 + quarter * 3
    return dict(
        zip(
            COUNT_FIELDS,
            (
                2 + seed % 3,  # public meetings and engagement events
                60 + (seed * 13) % 140,  # their attendance
                1 + seed % 2,  # CDRP meetings
                2 + seed % 4,  # Safer Neighbourhoods panels
                1 + seed % 3,  # outreach events
                10 + (seed * 7) % 45,  # young people
            ),
            strict=True,
        )
    )


def _fill(quarterly_return: QuarterlyReturn, *, how: str, complete: bool = True) -> None:
    """The secretary fills the return in: milestones met, or (Amber) one partly met and one
    not met, or (raised) one partly met, or (Red) most not met; counts, spend to date,
    evidence and narrative."""
    borough = quarterly_return.cpeg.borough
    secretary = _secretary(borough)
    quarterly_return = return_services.return_start(
        user=secretary, quarterly_return=quarterly_return
    )
    reports = list(quarterly_return.milestone_reports.select_related("milestone"))
    for index, report in enumerate(reports if complete else reports[:2]):
        outcome = MilestoneOutcome.MET
        if how == AMBER and index in (1, 2):
            outcome = MilestoneOutcome.PARTLY_MET if index == 1 else MilestoneOutcome.NOT_MET
        elif how == RAISED and index == 1:
            outcome = MilestoneOutcome.PARTLY_MET  # Amber suggested, which the officer raises
        elif how == RED and index >= 1:
            outcome = MilestoneOutcome.NOT_MET
        explained = outcome in (MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET)
        return_services.return_save_milestone(
            user=secretary,
            report=report,
            outcome=outcome,
            what_happened=(
                "The venue was withdrawn a week before; the event was held for one ward only."
                if explained
                else ""
            ),
            next_steps=(
                "Rebooked at the civic centre for next quarter, with the police's help."
                if explained
                else ""
            ),
        )
    if not complete:
        return
    return_services.return_save_counts(
        user=secretary,
        quarterly_return=quarterly_return,
        counts=_counts(gss_number(borough), quarterly_return.quarter),
    )
    share = Decimal(quarterly_return.quarter) / 4
    return_services.return_save_spend(
        user=secretary,
        quarterly_return=quarterly_return,
        spend={
            line.pk: ((line.budget * share * Decimal("0.95")).quantize(Decimal("0.01")), "")
            for line in quarterly_return.spend_lines.all()
        },
    )
    return_services.return_save_narrative(
        user=secretary,
        quarterly_return=quarterly_return,
        evidence=(
            "Minutes of each public meeting and the attendance sheets are kept by the "
            "secretary; the Borough Commander attended two of the meetings."
        ),
        highlights=f"A well attended public meeting on {borough.short_name}'s town centre.",
        problems="" if how == ACCEPTED else "We lost our venue for one event.",
        support_wanted="",
    )


def _submit(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    return return_services.return_submit(
        user=_secretary(quarterly_return.cpeg.borough),
        quarterly_return=quarterly_return,
        declaration_confirmed=True,
    )


def _accept(quarterly_return: QuarterlyReturn, *, how: str) -> QuarterlyReturn:
    """The officer accepts the suggested ratings, except a raised one, with its reason."""
    from slas.ratings import return_suggestions

    ratings: dict[int | None, tuple[str, str]] = {}
    for suggestion in return_suggestions(quarterly_return):
        key = suggestion.objective.pk if suggestion.objective is not None else None
        raised = how == RAISED and suggestion.suggested != Rag.GREEN
        ratings[key] = (Rag.GREEN, RAISED_REASON) if raised else (suggestion.suggested, "")
    return review_services.review_accept(
        user=link_officer_of(quarterly_return.cpeg.borough),
        quarterly_return=quarterly_return,
        ratings=ratings,
    )


def _return_with_questions(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    report = quarterly_return.milestone_reports.first()
    questions: dict[int | None, str] = {
        None: "Your spend on administration is ahead of the plan: what is it paying for?"
    }
    if report is not None:
        questions[report.pk] = "How many residents came, and from which wards?"
    return review_services.review_return_with_questions(
        user=link_officer_of(quarterly_return.cpeg.borough),
        quarterly_return=quarterly_return,
        questions=questions,
    )


def _release(instalment: Instalment, day: datetime.date, *, reason: str = "") -> None:
    instalment_services.instalment_release(
        user=demo_user("manager"),
        instalment=instalment,
        released_on=day,
        reference=(
            f"PAY-{instalment.award.funding_round.year_start}-"
            f"{instalment.award.cpeg.borough.gss_code}-Q{instalment.quarter}"
        ),
        reason=reason,
    )


def _instalment(award: Award, quarter: int) -> Instalment:
    return Instalment.objects.get(award=award, quarter=quarter)


def _take(
    quarterly_return: QuarterlyReturn,
    plan: str,
    *,
    how: str,
    submitted: datetime.date,
    reviewed: datetime.date,
    release_next: bool = True,
) -> None:
    """Bring the return to ``plan`` on its days; after an acceptance the next instalment is
    ready, and (``release_next``) released the day after the review."""
    code = gss_number(quarterly_return.cpeg.borough)
    if plan == ReturnStatus.NOT_STARTED:
        return
    with at(submitted, minute=code):
        _fill(quarterly_return, how=how, complete=plan != ReturnStatus.DRAFT)
        if plan == ReturnStatus.DRAFT:
            return
        quarterly_return = _submit(quarterly_return)
    if plan == ReturnStatus.SUBMITTED:
        return
    with at(reviewed, minute=code):
        if plan == ReturnStatus.RETURNED:
            _return_with_questions(quarterly_return)
            return
        _accept(quarterly_return, how=how)
    following = quarterly_return.quarter + 1
    if release_next and following <= 4:
        released = reviewed + datetime.timedelta(days=1)
        with at(released, minute=code):
            _release(_instalment(quarterly_return.award, following), released)


def _awards(funding_round: FundingRound) -> list[Award]:
    return list(
        Award.objects.filter(funding_round=funding_round)
        .select_related("cpeg__borough")
        .order_by("cpeg__borough__gss_code")
    )


def _release_first_instalments(funding_round: FundingRound, day: datetime.date) -> None:
    """Quarter 1's instalment of every award, and each interim award's first, a few days
    after the meeting."""
    for award in _awards(funding_round):
        with at(day, minute=gss_number(award.cpeg.borough)):
            _release(
                _instalment(award, 1),
                day,
                reason=(
                    "Interim funding: the first quarter's public meetings, while the partners "
                    "agree a work plan."
                    if award.is_interim
                    else ""
                ),
            )


def _seed_previous(funding_round: FundingRound, today: datetime.date) -> None:
    dates = previous_round_dates(today)
    _release_first_instalments(funding_round, dates.meeting + datetime.timedelta(days=7))
    for award in _awards(funding_round):
        code = gss_number(award.cpeg.borough)
        if award.is_interim:
            # No returns to wait on: the manager releases each quarter's with a reason.
            for quarter, due in enumerate(dates.return_deadlines[:3], start=2):
                if due < today:
                    with at(due, minute=code):
                        _release(
                            _instalment(award, quarter),
                            due,
                            reason="Interim funding continued: public meetings held and "
                            "partners met, as the link officer confirmed.",
                        )
            continue
        for quarter, due in enumerate(dates.return_deadlines, start=1):
            quarterly_return = QuarterlyReturn.objects.get(award=award, quarter=quarter, version=1)
            submitted = due - datetime.timedelta(days=3)
            reviewed = due + datetime.timedelta(days=4)
            # Early in a year the last year's fourth quarter is not all in yet.
            if reviewed >= today:
                plan = ReturnStatus.SUBMITTED if submitted < today else ReturnStatus.NOT_STARTED
            else:
                plan = ACCEPTED
            _take(
                quarterly_return,
                plan,
                how=PREVIOUS_RATINGS.get((code, quarter), ACCEPTED),
                submitted=submitted,
                reviewed=reviewed,
                release_next=reviewed + datetime.timedelta(days=1) < today,
            )


def _seed_current(funding_round: FundingRound, today: datetime.date) -> None:
    dates = current_round_dates(today)
    _release_first_instalments(funding_round, dates.meeting + datetime.timedelta(days=2))
    year = FinancialYear(funding_round.year_start)
    ended = [q.number for q in year.quarters if q.end < dates.meeting]
    if not ended:
        return
    first, last = ended[0], ended[-1]
    for award in _awards(funding_round):
        if award.is_interim:
            continue
        code = gss_number(award.cpeg.borough)
        for number in ended:
            quarterly_return = QuarterlyReturn.objects.get(award=award, quarter=number, version=1)
            due = quarterly_return.due_on
            if number == last and number != first:
                # The last quarter over: its return waits on the first being accepted.
                if FIRST_QUARTER_PLAN.get(code, ACCEPTED) != ACCEPTED:
                    continue
                plan = LAST_QUARTER_PLAN.get(code, ReturnStatus.NOT_STARTED)
                how = LAST_QUARTER_RATINGS.get(code, ACCEPTED)
            elif number == first:
                plan = FIRST_QUARTER_PLAN.get(code, ACCEPTED)
                how = FIRST_QUARTER_RATINGS.get(code, ACCEPTED)
            else:
                plan, how = ACCEPTED, ACCEPTED  # quarters in between, when there are three
            # Handed in two days before the due date, reviewed the day after it; the last
            # quarter's next instalment is left ready, for the funding manager to release.
            _take(
                quarterly_return,
                plan,
                how=how,
                submitted=due - datetime.timedelta(days=2),
                reviewed=min(due + datetime.timedelta(days=1), today - datetime.timedelta(days=1)),
                release_next=number != last,
            )


def seed_returns(today: datetime.date) -> int:
    """The returns and instalments of both rounds, as they stand on ``today``; only for a
    round none of whose returns has been started (so loading twice adds nothing). Returns
    how many returns were started."""
    started_before = QuarterlyReturn.objects.exclude(status=ReturnStatus.NOT_STARTED).count()
    for funding_round, seed in (
        (
            FundingRound.objects.filter(
                year_start=previous_round_dates(today).year.start_year
            ).first(),
            _seed_previous,
        ),
        (
            FundingRound.objects.filter(
                year_start=current_round_dates(today).year.start_year
            ).first(),
            _seed_current,
        ),
    ):
        if funding_round is None:
            continue
        untouched = (
            not QuarterlyReturn.objects.filter(funding_round=funding_round)
            .exclude(status=ReturnStatus.NOT_STARTED)
            .exists()
            and not Instalment.objects.filter(
                award__funding_round=funding_round, status=InstalmentStatus.RELEASED
            ).exists()
        )
        if untouched:
            seed(funding_round, today)
    # The daily reminders, as beat would have run them since the committee met (each sent
    # once; the overdue returns' timelines show them).
    meeting = current_round_dates(today).meeting
    for offset in range((today - meeting).days + 1):
        day = meeting + datetime.timedelta(days=offset)
        with at(day, hour=7):
            returns_remind(today=day)
    with at(today, hour=7):
        returns_update_time_states(today=today)
    return QuarterlyReturn.objects.exclude(status=ReturnStatus.NOT_STARTED).count() - started_before


__all__ = ["seed_returns"]
