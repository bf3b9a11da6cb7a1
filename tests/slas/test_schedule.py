"""The schedule: an award with an SLA has four returns, due on the round's deadlines as they
stood when the returns were made; the time state is kept apart from the workflow state."""

import datetime

import pytest

from grants.models import InstalmentStatus
from slas.models import QuarterlyReturn, ReturnStatus, TimeState
from slas.services import returns_create_for_award, returns_update_time_states
from slas.timing import time_state
from tests.slas.factories import funded_award, return_for, return_in

pytestmark = pytest.mark.django_db


def test_a_funded_award_has_one_return_per_quarter_due_on_the_rounds_deadlines(barnet):
    award = funded_award(borough=barnet)
    returns = list(QuarterlyReturn.objects.filter(award=award).order_by("quarter"))
    assert [(r.quarter, r.version, r.status) for r in returns] == [
        (q, 1, ReturnStatus.NOT_STARTED) for q in (1, 2, 3, 4)
    ]
    assert [r.due_on for r in returns] == [
        award.funding_round.return_deadline(q) for q in (1, 2, 3, 4)
    ]
    assert {(r.cpeg_id, r.funding_round_id) for r in returns} == {
        (award.cpeg_id, award.funding_round_id)
    }


def test_due_dates_are_fixed_when_made_and_asking_again_adds_nothing(barnet):
    award = funded_award(borough=barnet)
    funding_round = award.funding_round
    before = {r.quarter: r.due_on for r in QuarterlyReturn.objects.filter(award=award)}
    funding_round.q2_return_deadline += datetime.timedelta(days=10)
    funding_round.save()
    returns_create_for_award(award=award)
    after = {r.quarter: r.due_on for r in QuarterlyReturn.objects.filter(award=award)}
    assert after == before
    assert QuarterlyReturn.objects.filter(award=award).count() == 4


def test_quarter_one_instalment_is_ready_when_the_award_is_made(barnet):
    award = funded_award(borough=barnet)
    assert {i.quarter: i.status for i in award.instalments.all()} == {
        1: InstalmentStatus.READY,
        2: InstalmentStatus.SCHEDULED,
        3: InstalmentStatus.SCHEDULED,
        4: InstalmentStatus.SCHEDULED,
    }


def test_the_time_state_runs_from_not_open_to_overdue_and_stops_when_handed_in(barnet):
    award = funded_award(borough=barnet)
    q2 = return_for(award, 2)
    q2.due_on = datetime.date(award.funding_round.year_start, 10, 28)
    end_of_quarter = datetime.date(award.funding_round.year_start, 9, 30)

    def on(day):
        return time_state(q2, today=day, days_before=7)

    assert on(end_of_quarter) == (TimeState.NOT_OPEN, 0)
    assert on(end_of_quarter + datetime.timedelta(days=1)) == (TimeState.OPEN, 0)
    assert on(q2.due_on - datetime.timedelta(days=7)) == (TimeState.DUE, 0)
    assert on(q2.due_on) == (TimeState.DUE, 0)
    assert on(q2.due_on + datetime.timedelta(days=3)) == (TimeState.OVERDUE, 3)
    q2.status = ReturnStatus.SUBMITTED
    assert on(q2.due_on + datetime.timedelta(days=3)) == (TimeState.HANDED_IN, 0)


def test_the_daily_update_stores_the_time_state_apart_from_the_workflow_state(barnet):
    award = funded_award(borough=barnet)
    q1 = return_in(ReturnStatus.DRAFT, award=award, quarter=1)
    overdue_day = q1.due_on + datetime.timedelta(days=5)
    assert returns_update_time_states(today=overdue_day) >= 1
    q1.refresh_from_db()
    assert (q1.status, q1.time_state, q1.days_overdue) == (
        ReturnStatus.DRAFT,
        TimeState.OVERDUE,
        5,
    )
    assert returns_update_time_states(today=overdue_day) == 0  # nothing changed the second time
