"""`seed_demo`: the documented logins, two funding rounds on the calendar of the day it is
loaded (the date is pinned with time-machine), diversity returns for both years, and the same
data for the same day however often it runs."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from cpeg_portal.fiscal import FinancialYear

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
#: A day in the third quarter, when the demo was first put on the calendar.
WINTER = datetime.date(2026, 12, 2)
#: Early in a financial year: the previous year has only just ended.
SPRING = datetime.date(2027, 4, 10)
#: The last days of a financial year: deadlines cannot run past 31 March.
YEAR_END = datetime.date(2027, 3, 30)
#: The first day of a financial year: nothing of it has happened yet.
NEW_YEAR = datetime.date(2027, 4, 1)


def pin(day: datetime.date) -> time_machine.travel:
    """Django's clock stopped at noon, London time, on ``day``."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), LONDON), tick=False
    )


@pytest.fixture
def winter():
    with pin(WINTER):
        yield WINTER


def seed(*args: str) -> str:
    stdout = io.StringIO()
    call_command("seed_demo", *args, stdout=stdout)
    return stdout.getvalue()


def _snapshot():
    from audit.models import AuditEvent
    from diversity.models import CategoryCount, DiversityReturn
    from grants.models import (
        Application,
        Award,
        BrokeringContact,
        CommitteeMeeting,
        FundingRound,
        Instalment,
        Outline,
    )
    from slas.models import QuarterlyReturn, Rating

    people = list(
        User.objects.order_by("username").values_list("username", "first_name", "last_name")
    )
    returns = list(
        DiversityReturn.objects.order_by("cpeg__borough__gss_code", "year_start").values_list(
            "cpeg__borough__gss_code", "year_start", "version", "status", "member_count"
        )
    )
    counts = list(
        CategoryCount.objects.order_by(
            "diversity_return__cpeg__borough__gss_code",
            "diversity_return__year_start",
            "category_id",
        ).values_list(
            "diversity_return__cpeg__borough__gss_code",
            "diversity_return__year_start",
            "category_id",
            "count",
        )
    )
    rounds = list(
        FundingRound.objects.order_by("year_start").values_list(
            "year_start",
            "status",
            "outline_deadline",
            "application_deadline",
            "q1_return_deadline",
            "q2_return_deadline",
            "q3_return_deadline",
            "q4_return_deadline",
            "access_fund",
        )
    )
    outlines = list(
        Outline.objects.order_by("funding_round__year_start", "cpeg__borough__gss_code")
        .values_list(
            "funding_round__year_start", "cpeg__borough__gss_code", "status", "version",
            "proposed_sum", "updated_at",
        )
    )  # fmt: skip
    contacts = list(
        BrokeringContact.objects.order_by("pk").values_list(
            "outline__cpeg__borough__gss_code", "contacted_on"
        )
    )
    applications = list(
        Application.objects.order_by(
            "funding_round__year_start", "cpeg__borough__gss_code"
        ).values_list(
            "funding_round__year_start",
            "cpeg__borough__gss_code",
            "status",
            "requested_amount",
            "recommended_amount",
        )
    )
    meetings = list(
        CommitteeMeeting.objects.order_by("held_on").values_list(
            "funding_round__year_start", "held_on"
        )
    )
    awards = list(
        Award.objects.order_by("reference").values_list(
            "reference", "amount", "is_interim", "awarded_on"
        )
    )
    quarterly = sorted(
        QuarterlyReturn.objects.values_list(
            "funding_round__year_start", "cpeg__borough__gss_code", "quarter", "status",
            "time_state", "days_overdue", "public_attendance", "submitted_at", "accepted_at",
        ),
        key=str,
    )  # fmt: skip
    ratings = sorted(
        Rating.objects.values_list(
            "quarterly_return__cpeg__borough__gss_code", "quarterly_return__quarter",
            "quarterly_return__funding_round__year_start", "objective__code", "suggested",
            "final",
        ),
        key=str,
    )  # fmt: skip
    instalments = list(
        Instalment.objects.order_by("award__reference", "quarter").values_list(
            "award__reference", "quarter", "status", "released_on", "release_reference"
        )
    )
    history = list(
        AuditEvent.objects.order_by("created_at", "action", "to_state").values_list(
            "action", "to_state", "created_at"
        )
    )
    return (
        people, returns, counts, rounds, outlines, contacts, applications, meetings, awards,
        quarterly, ratings, instalments, history,
    )  # fmt: skip


def _delete_the_demo():
    from audit.models import AuditEvent
    from diversity.models import DiversityReturn
    from grants.models import (
        Application,
        Award,
        CommitteeMeeting,
        Decision,
        FundingRound,
        Outline,
    )
    from slas.models import QuarterlyReturn, SlaMilestone

    AuditEvent.objects.all().delete()
    DiversityReturn.objects.all().delete()
    for model in (
        QuarterlyReturn,
        SlaMilestone,
        Award,
        Decision,
        CommitteeMeeting,
        Application,
        Outline,
    ):
        model.objects.all().delete()
    FundingRound.objects.all().delete()
    User.objects.all().delete()


def test_running_the_demo_again_adds_nothing_and_the_same_day_gives_the_same_demo(winter):
    seed()
    first = _snapshot()
    output = seed()
    assert _snapshot() == first
    assert "0 new logins, 0 new diversity returns, 0 new funding applications" in output
    _delete_the_demo()
    seed()
    assert _snapshot() == first


def test_the_demo_can_be_loaded_as_of_an_earlier_day(winter):
    from grants.models import FundingRound

    seed("--today", "2026-05-20")
    assert list(
        FundingRound.objects.order_by("year_start").values_list("year_start", "status")
    ) == [
        (2025, "closed"),
        (2026, "applications_open"),
    ]
    current = FundingRound.objects.get(year_start=2026)
    assert current.outline_deadline == datetime.date(2026, 6, 3)
    assert current.meetings.get().held_on == datetime.date(2026, 5, 6)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-12-03", "--today cannot be later than today, 2 December 2026"),
        ("2/12/2026", "Give --today as a date like 2026-12-02, not '2/12/2026'"),
    ],
)
def test_a_day_in_the_future_or_not_a_date_is_refused(winter, value, message):
    with pytest.raises(CommandError, match=message):
        seed("--today", value)
    assert not User.objects.exists()


@override_settings(IS_PRODUCTION=True)
def test_the_demo_refuses_a_production_configuration():
    with pytest.raises(CommandError, match="may not be loaded in production"):
        seed()
    assert not User.objects.exists()


def check_the_demo_makes_sense(day: datetime.date) -> None:
    """Open stages are not past their deadlines; what has happened is in the past. Call it
    with the demo loaded as of ``day`` and the clock pinned there."""
    from audit.models import AuditEvent
    from grants.models import (
        Award,
        BrokeringContact,
        CommitteeMeeting,
        Decision,
        FundingRound,
        Outline,
    )
    from grants.services import applications, outlines

    year = FinancialYear.containing(day)
    current = FundingRound.objects.get(year_start=year.start_year)
    previous = FundingRound.objects.get(year_start=year.start_year - 1)
    assert FundingRound.objects.count() == 2
    assert (previous.label, previous.status) == (
        FinancialYear(year.start_year - 1).label,
        "closed",
    )
    assert current.label == year.label
    assert current.status == "applications_open"
    # Still open: due today at the earliest, and by the end of the year.
    assert day <= current.outline_deadline <= current.application_deadline <= year.end
    # Happened: the committee met a few weeks ago; its groups may still appeal.
    meeting = current.meetings.get()
    # A quarter over before the meeting has its catch-up return due since the meeting, in
    # the past; any later quarter's is due ahead. Each after its quarter ends.
    for quarter in year.quarters:
        due = current.return_deadline(quarter.number)
        assert due > quarter.end
        if quarter.end < meeting.held_on:
            assert meeting.held_on < due < day
        else:
            assert due > day
    assert day - datetime.timedelta(weeks=6) <= meeting.held_on < day
    for decision in Decision.objects.filter(meeting=meeting):
        assert decision.appeal_deadline > day
    assert previous.meetings.get().held_on < meeting.held_on
    assert not CommitteeMeeting.objects.filter(held_on__gt=day).exists()
    assert not Award.objects.filter(awarded_on__gt=day).exists()
    assert not BrokeringContact.objects.filter(contacted_on__gt=day).exists()
    now = datetime.datetime.combine(day, datetime.time(12), LONDON)
    assert not AuditEvent.objects.filter(created_at__gt=now).exists()
    # The outline deadline task finds nothing overdue, today or on the deadline itself.
    assert outlines.outlines_dispute_overdue(today=current.outline_deadline) == []
    assert outlines.outlines_dispute_overdue() == []
    # Barnet's partners can still sign, and Camden can still apply.
    barnet = Outline.objects.get(funding_round=current, cpeg__borough__slug="barnet")
    for role in ("police", "council"):
        barnet = outlines.outline_sign(
            user=User.objects.get(username=f"{role}-barnet"),
            outline=barnet,
            version=barnet.version,
        )
    assert barnet.status == "consensus"
    camden = Outline.objects.get(funding_round=current, cpeg__borough__slug="camden")
    applications.application_start(
        user=User.objects.get(username="secretary-camden"), outline=camden
    )


def test_the_demo_makes_sense_on_the_first_day_of_a_financial_year():
    """The hardest day: nothing of the new year has happened yet. (The demo as loaded on
    WINTER is checked the same way in test_demo_contents; the dates' rules for other days
    in test_the_round_dates_make_sense_on_any_day.)"""
    with pin(NEW_YEAR):
        seed()
        check_the_demo_makes_sense(NEW_YEAR)


DAYS = [
    WINTER, SPRING, YEAR_END, NEW_YEAR,
    datetime.date(2027, 3, 31), datetime.date(2026, 6, 30), datetime.date(2026, 7, 1),
    datetime.date(2026, 9, 15), datetime.date(2027, 1, 28), datetime.date(2028, 2, 29),
]  # fmt: skip


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_round_dates_make_sense_on_any_day(day):
    """The rules that place both rounds' dates around the day the demo is loaded."""
    from demo.grants import current_round_dates, previous_round_dates

    year = FinancialYear.containing(day)
    current, previous = current_round_dates(day), previous_round_dates(day)
    assert (current.year, previous.year) == (year, FinancialYear(year.start_year - 1))
    happened = [
        current.opened, current.outlines_written, current.brokered_contact,
        current.applications_opened, current.applied, current.reviewed, current.meeting,
        current.access_fund_used, current.open_contact,
    ]  # fmt: skip
    assert happened == sorted(happened)
    assert happened[-1] < day
    assert day <= current.outline_deadline <= current.application_deadline <= year.end
    for quarter, due in zip(year.quarters, current.return_deadlines, strict=True):
        assert due > quarter.end
        if quarter.end < current.meeting:
            assert current.meeting < due < day
        else:
            assert due > day
    assert current.closed is None
    last_year = [
        previous.opened, previous.outlines_written, previous.outline_deadline,
        previous.applications_opened, previous.application_deadline, previous.reviewed,
        previous.meeting, previous.closed,
    ]  # fmt: skip
    assert last_year == sorted(last_year)
    assert previous.year.start <= previous.opened
    assert previous.closed is not None
    assert previous.closed < current.opened


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_keeps_its_e_mails_out_of_the_worker_and_the_console(monkeypatch):
    """Seeding makes dozens of e-mails (signatures, submissions, decisions). Each must be
    sent in-process to the in-memory backend, never queued for the worker to print.
    Transactional, so that e-mails are queued when the seeding really commits."""
    from django.conf import settings as live_settings

    from accounts import tasks
    from cpeg_portal.celery import app

    how_sent = []

    def record(*args, **kwargs):
        how_sent.append((app.conf.task_always_eager, live_settings.EMAIL_BACKEND))

    monkeypatch.setattr(tasks.send_email, "apply_async", record)
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as under `make run`
    try:
        with pin(WINTER):
            seed()
    finally:
        app.conf.task_always_eager = was_eager
    assert len(how_sent) > 50
    assert set(how_sent) == {(True, "django.core.mail.backends.locmem.EmailBackend")}
