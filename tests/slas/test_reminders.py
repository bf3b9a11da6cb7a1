"""Reminders and escalation: each step on its day, to its people, once; the catch-up rule for
days the task did not run; answers to questions reminded against their own due day; returns
handed in never reminded; every reminder on the return's timeline.

The clock is pinned (time-machine) to noon in London on the day, and the beat task runs as
beat runs it, with no day given: it works out today itself. E-mails queue on commit, so each
run commits its callbacks (``django_capture_on_commit_callbacks``)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string

from accounts.models import Role, User
from audit.selectors import audit_timeline
from cpeg_portal.celery import app as celery_app
from grants.models import FundingRound, RoundStatus
from grants.models.money import money
from slas import reminders
from slas.models import QuarterlyReturn, Reminder, ReminderStep, ReturnStatus, TimeState
from slas.tasks import returns_remind
from slas.workflows.quarterly_return import QUARTERLY_RETURN, RETURN, SUBMIT
from tests.slas.factories import funded_award, officer_for, return_for, return_in, secretary_of

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
DAY = datetime.timedelta(days=1)


def pin(day: datetime.date) -> time_machine.travel:
    """Django's clock stopped at noon, London time, on ``day``."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), LONDON), tick=False
    )


@pytest.fixture
def run_on(django_capture_on_commit_callbacks):
    """Run the beat task on a pinned day, as beat does (no day given); how many it sent."""

    def run(day: datetime.date) -> int:
        with pin(day), django_capture_on_commit_callbacks(execute=True):
            return returns_remind.delay().get()

    return run


@pytest.fixture
def people(barnet, user_in_role):
    """Barnet's secretary and chair, its link officer and the funding manager, by role."""
    award = funded_award(borough=barnet)
    return {
        "award": award,
        Role.SECRETARY: secretary_of(barnet),
        Role.CHAIR: user_in_role(Role.CHAIR, username="barnet-chair"),
        Role.LINK_OFFICER: officer_for(barnet),
        Role.FUNDING_MANAGER: list(User.objects.filter(role=Role.FUNDING_MANAGER)),
        # A partner is never written to.
        Role.POLICE_PARTNER: user_in_role(Role.POLICE_PARTNER, username="barnet-police"),
    }


@pytest.fixture
def q2(people) -> QuarterlyReturn:
    """Barnet's quarter 2 return, a draft, due 28 October 2011; quarters 1, 3 and 4 are
    accepted, so only quarter 2 is ever reminded."""
    award = people["award"]
    for quarter in (1, 3, 4):
        return_in(ReturnStatus.ACCEPTED, award=award, quarter=quarter)
    return return_in(ReturnStatus.DRAFT, award=award, quarter=2)


def addresses(people: dict, roles) -> list[str]:
    """The addresses of everyone in ``roles``, sorted."""
    found = []
    for role in roles:
        users = people[role] if isinstance(people[role], list) else [people[role]]
        found += [user.email for user in users]
    return sorted(found)


def sent(quarterly_return: QuarterlyReturn) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if quarterly_return.reference in m.subject]


def steps(quarterly_return: QuarterlyReturn) -> list[tuple[str, int]]:
    return list(
        Reminder.objects.filter(quarterly_return=quarterly_return)
        .order_by("created_at", "pk")
        .values_list("step", "cycle")
    )


# Each step on its day, to its people


@pytest.mark.parametrize(
    ("days_after", "step", "roles"),
    [
        (-7, ReminderStep.BEFORE_DUE, {Role.SECRETARY}),
        (0, ReminderStep.ON_DUE, {Role.SECRETARY}),
        (7, ReminderStep.OVERDUE_7, {Role.SECRETARY, Role.CHAIR}),
        (14, ReminderStep.OVERDUE_14, {Role.LINK_OFFICER}),
        (28, ReminderStep.OVERDUE_28, {Role.FUNDING_MANAGER}),
    ],
)
def test_each_step_goes_on_its_day_to_its_people_once(
    people, q2, run_on, client, days_after, step, roles
):
    assert q2.due_on == datetime.date(2011, 10, 28)
    day = q2.due_on + days_after * DAY
    assert run_on(day) == 1
    (message,) = sent(q2)
    assert sorted(message.to) == addresses(people, roles)
    # The link opens for each person written to (a draft is the group's: staff are sent to
    # the review list, filtered to the return, which shows where it stands).
    link = message.body.strip().splitlines()[-1]
    assert link.startswith(settings.PORTAL_BASE_URL)
    path = link.removeprefix(settings.PORTAL_BASE_URL.rstrip("/"))
    for role in roles:
        person = people[role][0] if isinstance(people[role], list) else people[role]
        client.force_login(person)
        response = client.get(path)
        assert response.status_code == 200
        assert q2.reference in response.content.decode()
    reminder = Reminder.objects.get(quarterly_return=q2)
    assert (reminder.step, reminder.cycle, reminder.sent_on) == (step, 0, day)
    assert reminder.recipients.splitlines() == sorted(message.to)


def test_nothing_goes_the_day_before_the_rounds_reminder_day(q2, run_on):
    assert run_on(q2.due_on - 8 * DAY) == 0
    assert mail.outbox == []
    assert steps(q2) == []


def test_the_steps_go_in_turn_across_the_days_and_each_only_once(q2, run_on):
    for day in range(-10, 40):
        run_on(q2.due_on + day * DAY)
    assert [s for s, _ in steps(q2)] == list(reminders.STEPS)
    assert len(sent(q2)) == 5


def test_the_secretary_reminders_say_when_it_is_due_and_what_to_do(people, q2, run_on):
    run_on(q2.due_on - 7 * DAY)
    run_on(q2.due_on)
    run_on(q2.due_on + 7 * DAY)
    before, on, overdue = sent(q2)
    assert before.subject == "Quarter 2 return due on 28 October 2011 (CPEG-2011-BARNET-Q2)"
    assert before.body.startswith(
        "Your quarter 2 return (CPEG-2011-BARNET-Q2) is due on 28 October 2011, in 7 days."
    )
    assert "saved as a draft" in before.body
    assert on.subject == "Quarter 2 return due today (CPEG-2011-BARNET-Q2)"
    assert "is due today, 28 October 2011" in on.body
    assert overdue.subject == "Quarter 2 return 7 days overdue (CPEG-2011-BARNET-Q2)"
    assert "was due on 28 October 2011 and is now 7 days overdue" in overdue.body
    assert "at 28 days the funding manager is told" in overdue.body


def test_the_link_officer_is_asked_to_contact_the_group_at_14_days(q2, run_on):
    run_on(q2.due_on + 14 * DAY)
    (message,) = sent(q2)
    assert message.subject == (f"{q2.cpeg}: quarter 2 return 14 days overdue (CPEG-2011-BARNET-Q2)")
    assert "was due on 28 October 2011 and is now 14 days overdue" in message.body
    assert "saved as a draft and not submitted" in message.body
    assert "Please contact the group's secretary and chair" in message.body


def test_the_funding_manager_is_told_the_next_instalment_is_held_at_28_days(people, q2, run_on):
    run_on(q2.due_on + 28 * DAY)
    (message,) = sent(q2)
    q3_instalment = people["award"].instalments.get(quarter=3)
    assert message.subject == (
        f"{q2.cpeg}: quarter 2 return 28 days overdue: quarter 3 instalment held "
        "(CPEG-2011-BARNET-Q2)"
    )
    assert (
        f"The quarter 3 instalment of award {people['award'].reference}, "
        f"{money(q3_instalment.amount)}, is held: it cannot be released until this quarter 2 "
        "return is accepted." in message.body
    )


def test_a_quarter_4_return_has_no_next_instalment_to_hold(people, run_on):
    award = people["award"]
    for quarter in (1, 2, 3):
        return_in(ReturnStatus.ACCEPTED, award=award, quarter=quarter)
    q4 = return_for(award, 4)
    run_on(q4.due_on + 28 * DAY)
    (message,) = sent(q4)
    assert "instalment held" not in message.subject
    assert "This is the last quarter" in message.body


# Once


def test_running_twice_on_the_same_day_sends_once(q2, run_on):
    day = q2.due_on + 7 * DAY
    assert run_on(day) == 1
    assert run_on(day) == 0
    assert len(sent(q2)) == 1
    assert steps(q2) == [(ReminderStep.OVERDUE_7, 0)]
    assert audit_timeline(subject=q2).filter(action="reminded: 7 days overdue").count() == 1


def test_a_run_that_loses_the_race_sends_nothing(q2, django_capture_on_commit_callbacks):
    """Two runs at once: both see the step as due; the one whose insert meets the other's
    row (the unique constraint) rolls back its audit record and its e-mail."""
    day = q2.due_on + 7 * DAY
    (due,) = reminders.reminders_due(today=day)
    Reminder.objects.create(
        quarterly_return=q2, step=due.step, cycle=0, sent_on=day, recipients="x@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert reminders.reminder_send(due=due, today=day) is None
    assert callbacks == []
    assert mail.outbox == []
    assert not audit_timeline(subject=q2).filter(action__startswith="reminded").exists()


def test_a_return_submitted_after_the_list_was_made_is_not_reminded(q2, people):
    day = q2.due_on + 7 * DAY
    (due,) = reminders.reminders_due(today=day)
    QUARTERLY_RETURN.move(q2, SUBMIT, user=people[Role.SECRETARY])
    assert reminders.reminder_send(due=due, today=day) is None
    assert steps(q2) == []


# The catch-up rule


def test_a_missed_on_due_day_is_caught_up_the_next_day(q2, run_on):
    assert run_on(q2.due_on + DAY) == 1
    (message,) = sent(q2)
    assert steps(q2) == [(ReminderStep.ON_DUE, 0)]
    assert "was due on 28 October 2011 and is now 1 day overdue" in message.body


def test_before_due_is_caught_up_within_the_window(q2, run_on):
    assert run_on(q2.due_on - 3 * DAY) == 1
    assert steps(q2) == [(ReminderStep.BEFORE_DUE, 0)]
    assert "in 3 days" in sent(q2)[0].body
    assert run_on(q2.due_on - 2 * DAY) == 0
    assert run_on(q2.due_on) == 1
    assert steps(q2) == [(ReminderStep.BEFORE_DUE, 0), (ReminderStep.ON_DUE, 0)]


def test_before_due_is_never_sent_on_or_after_the_deadline(q2, run_on):
    assert run_on(q2.due_on) == 1
    assert run_on(q2.due_on + DAY) == 0
    assert steps(q2) == [(ReminderStep.ON_DUE, 0)]


def test_only_the_latest_step_due_is_sent_and_earlier_ones_never_after(q2, run_on):
    assert run_on(q2.due_on + 15 * DAY) == 1
    assert steps(q2) == [(ReminderStep.OVERDUE_14, 0)]
    assert run_on(q2.due_on + 16 * DAY) == 0
    assert run_on(q2.due_on + 40 * DAY) == 1
    assert steps(q2) == [(ReminderStep.OVERDUE_14, 0), (ReminderStep.OVERDUE_28, 0)]
    assert run_on(q2.due_on + 41 * DAY) == 0


def test_before_due_waits_for_the_quarter_to_end(q2, run_on):
    FundingRound.objects.filter(pk=q2.funding_round_id).update(reminder_days_before=60)
    assert run_on(datetime.date(2011, 9, 30)) == 0  # 28 days before: the quarter runs on
    assert run_on(datetime.date(2011, 10, 1)) == 1
    assert steps(q2) == [(ReminderStep.BEFORE_DUE, 0)]


def test_a_round_reminding_0_days_before_reminds_on_the_day_only(q2, run_on):
    FundingRound.objects.filter(pk=q2.funding_round_id).update(reminder_days_before=0)
    assert run_on(q2.due_on - DAY) == 0
    assert run_on(q2.due_on) == 1
    assert steps(q2) == [(ReminderStep.ON_DUE, 0)]


def test_the_run_updates_the_time_states_first(q2, run_on):
    run_on(q2.due_on + 7 * DAY)
    q2.refresh_from_db()
    assert (q2.time_state, q2.days_overdue) == (TimeState.OVERDUE, 7)


# Answers to questions


def answers_due(quarterly_return: QuarterlyReturn, day: datetime.date) -> QuarterlyReturn:
    """The answers' due day, as the officer's return-with-questions service sets it."""
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(answer_due_on=day)
    quarterly_return.refresh_from_db()
    return quarterly_return


def test_a_return_with_questions_is_reminded_against_the_answers_due_day_in_cycle_1(
    people, q2, run_on
):
    run_on(q2.due_on + 7 * DAY)  # cycle 0: the return itself, 7 days late
    q2 = QUARTERLY_RETURN.move(q2, SUBMIT, user=people[Role.SECRETARY])
    q2 = QUARTERLY_RETURN.move(q2, RETURN, user=people[Role.LINK_OFFICER])
    q2 = answers_due(q2, datetime.date(2011, 11, 25))
    mail.outbox.clear()

    assert run_on(datetime.date(2011, 11, 18)) == 1  # 7 days before the answers are due
    assert run_on(datetime.date(2011, 12, 2)) == 1  # the answers 7 days overdue
    assert run_on(datetime.date(2011, 12, 2)) == 0
    assert steps(q2) == [
        (ReminderStep.OVERDUE_7, 0),
        (ReminderStep.BEFORE_DUE, 1),
        (ReminderStep.OVERDUE_7, 1),
    ]
    before, overdue = sent(q2)
    assert before.subject == (
        "Quarter 2 answers to questions due on 25 November 2011 (CPEG-2011-BARNET-Q2)"
    )
    assert before.body.startswith(
        "The answers to your link officer's questions on your quarter 2 return "
        "(CPEG-2011-BARNET-Q2) are due on 25 November 2011, in 7 days."
    )
    assert "answer the questions in the return and submit it again" in before.body
    assert sorted(overdue.to) == addresses(people, (Role.SECRETARY, Role.CHAIR))
    assert "were due on 25 November 2011 and are now 7 days overdue" in overdue.body


def test_each_time_it_is_returned_is_a_new_cycle(people, q2, run_on):
    secretary, officer = people[Role.SECRETARY], people[Role.LINK_OFFICER]
    for cycle, answers_day in ((1, datetime.date(2011, 11, 25)), (2, datetime.date(2012, 1, 6))):
        q2 = QUARTERLY_RETURN.move(q2, SUBMIT, user=secretary)
        q2 = QUARTERLY_RETURN.move(q2, RETURN, user=officer)
        q2 = answers_due(q2, answers_day)
        assert run_on(answers_day) == 1
        assert steps(q2)[-1] == (ReminderStep.ON_DUE, cycle)


# Never reminded


@pytest.mark.parametrize("state", [ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED])
def test_a_return_handed_in_is_never_reminded(people, run_on, state):
    award = people["award"]
    for quarter in (1, 2, 3, 4):
        return_in(state, award=award, quarter=quarter)
    for days_after in (-7, 0, 7, 14, 28):
        assert run_on(datetime.date(2011, 10, 28) + days_after * DAY) == 0
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_closed_rounds_returns_are_still_reminded(q2, run_on):
    FundingRound.objects.filter(pk=q2.funding_round_id).update(status=RoundStatus.CLOSED)
    assert run_on(q2.due_on + 7 * DAY) == 1


def test_with_nobody_to_write_to_the_step_is_recorded_and_says_so(people, q2, run_on):
    User.objects.filter(pk=people[Role.LINK_OFFICER].pk).update(is_active=False)
    assert run_on(q2.due_on + 14 * DAY) == 1
    assert sent(q2) == []
    assert Reminder.objects.get(quarterly_return=q2).recipients == ""
    event = audit_timeline(subject=q2).get(action__startswith="escalated")
    assert event.reason == (
        "Return due 28 October 2011; 14 days overdue when sent. Nobody to send it to: no "
        "active link officer with an e-mail address looks after the borough."
    )


# The timeline


def test_the_return_timeline_shows_each_reminder_by_the_portal(people, q2, run_on):
    run_on(q2.due_on + 7 * DAY)
    run_on(q2.due_on + 14 * DAY)
    events = list(audit_timeline(subject=q2))
    reminded = next(e for e in events if e.action.startswith("reminded"))
    escalated = next(e for e in events if e.action.startswith("escalated"))
    assert (reminded.action, reminded.actor) == ("reminded: 7 days overdue", None)
    secretary, chair = people[Role.SECRETARY], people[Role.CHAIR]
    assert reminded.reason == (
        "Return due 28 October 2011; 7 days overdue when sent. Sent to "
        f"{chair.display_name} (CPEG chair) and {secretary.display_name} (CPEG secretary)."
    )
    html = render_to_string("audit/partials/timeline.html", {"events": events})
    assert "<strong>Reminded: 7 days overdue</strong>" in html
    assert "<strong>Escalated to the link officer: 14 days overdue</strong>" in html
    assert html.count("The portal") >= 2
    assert escalated.actor is None


# Beat


def test_beat_runs_the_task_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-quarterly-returns"]
    assert entry["task"] == "slas.returns_remind" == returns_remind.name
    assert returns_remind.name in celery_app.tasks
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
    assert entry["schedule"].day_of_week == set(range(7))
    assert str(celery_app.timezone) == settings.TIME_ZONE == "Europe/London"  # 7am London


def test_the_task_takes_the_day_as_an_iso_date(q2, django_capture_on_commit_callbacks):
    day = q2.due_on + 7 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        assert returns_remind.delay(day=day.isoformat()).get() == 1
    assert Reminder.objects.get(quarterly_return=q2).sent_on == day
