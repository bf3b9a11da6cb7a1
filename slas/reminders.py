"""Reminders and escalation for quarterly returns, run once a day by the beat task
``slas.returns_remind`` (``slas.tasks``).

For every return still in the group's hands (not started, draft, or returned with questions)
the steps count from its deadline (``slas.timing.deadline``: the due date, or for a return
returned with questions the day its answers are due):

==============  ==========================================  ===================================
step            its day                                     written to
==============  ==========================================  ===================================
before due      the round's ``reminder_days_before`` days   the group's secretary
                before the deadline
on due          the deadline                                the group's secretary
7 days overdue  7 days after it                             the secretary and the chair
14 days         14 days after it                            the borough's link officers
28 days         28 days after it                            the funding managers: the next
                                                            instalment is held
==============  ==========================================  ===================================

The catch-up rule, for a day the task did not run (the server was down): on any day, the
step sent is the *latest* one whose day has come, if it (or a later one) has not been sent
in this cycle. A step whose day passed unsent is therefore still sent, once, unless a later
step's day has also come: at 15 days overdue with nothing sent, only the link officer's
14-day step goes (sending the 7-day reminder and the 14-day escalation at once would say
the same thing twice), and nothing earlier is sent afterwards. "Before due" is never sent on
or after the deadline (the "on due" step says it better), nor before the quarter has ended
(the return is not open yet: it is then sent when the quarter ends, if still in time). A
round with ``reminder_days_before`` 0 has no "before due" step.

Each step is recorded once per return, step and cycle (``Reminder``, unique on the three):
cycle 0 counts from the due date, cycle N from the day the answers to the Nth set of
questions are due (N is the number of times the return has been returned with questions).
The row, its audit record (shown on the return's timeline, by "the portal") and the e-mail,
queued to go when the row commits, are written in one transaction, so running the task twice
sends nothing twice and two runs at once cannot both send: the second one's insert breaks
the unique constraint and its transaction, e-mail included, is rolled back.

Returns are reminded whatever the round's status (a closed round's returns are still due).
Submitted and accepted returns are never reminded. A correction (version 2 or later) has no
due date of its own: it is reminded only once it is returned with questions, against the
day its answers are due.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import audit_record
from cpeg_portal.fiscal import FinancialYear
from grants.models import Instalment
from grants.notifications import group_people, link_officers
from grants.services.rounds.terms import MAX_REMINDER_DAYS
from slas import emails
from slas.models import QuarterlyReturn, Reminder, ReminderStep, ReturnStatus
from slas.services import returns_update_time_states
from slas.timing import deadline as deadline_of

#: The steps in the order their days come.
STEPS: tuple[str, ...] = (
    ReminderStep.BEFORE_DUE,
    ReminderStep.ON_DUE,
    ReminderStep.OVERDUE_7,
    ReminderStep.OVERDUE_14,
    ReminderStep.OVERDUE_28,
)
#: The escalation steps and the days overdue on which each comes, latest first.
OVERDUE_STEPS: tuple[tuple[str, int], ...] = (
    (ReminderStep.OVERDUE_28, 28),
    (ReminderStep.OVERDUE_14, 14),
    (ReminderStep.OVERDUE_7, 7),
)
#: The most days before the deadline a round may remind (``FundingRound``'s constraint).
MAX_DAYS_BEFORE = MAX_REMINDER_DAYS
#: How each step reads on the return's timeline (the audit action, 50 characters at most).
ACTIONS: dict[str, str] = {
    ReminderStep.BEFORE_DUE: "reminded before the due date",
    ReminderStep.ON_DUE: "reminded on the due date",
    ReminderStep.OVERDUE_7: "reminded: 7 days overdue",
    ReminderStep.OVERDUE_14: "escalated to the link officer: 14 days overdue",
    ReminderStep.OVERDUE_28: "escalated to the funding manager: 28 days overdue",
}
#: The states in which the group still owes the return (or answers to questions on it).
OWED = (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED)


def step_due(
    *, deadline: datetime.date, today: datetime.date, days_before: int, is_open: bool = True
) -> str | None:
    """The latest step whose day has come on ``today`` for a return due on ``deadline``,
    or None. ``is_open``: the return's quarter has ended (no "before due" step until it has)."""
    overdue = (today - deadline).days
    for step, days in OVERDUE_STEPS:
        if overdue >= days:
            return step
    if overdue >= 0:
        return ReminderStep.ON_DUE
    if is_open and -overdue <= days_before:
        return ReminderStep.BEFORE_DUE
    return None


def recipients(quarterly_return: QuarterlyReturn, step: str) -> list[User]:
    """Who a step is written to (active users only)."""
    cpeg = quarterly_return.cpeg
    if step in (ReminderStep.BEFORE_DUE, ReminderStep.ON_DUE):
        return group_people(cpeg, [Role.SECRETARY])
    if step == ReminderStep.OVERDUE_7:
        return group_people(cpeg, [Role.SECRETARY, Role.CHAIR])
    if step == ReminderStep.OVERDUE_14:
        return link_officers(cpeg)
    return list(User.objects.filter(role=Role.FUNDING_MANAGER, is_active=True))


#: Who is missing when a step has nobody to write to.
_NOBODY: dict[str, str] = {
    ReminderStep.BEFORE_DUE: "the group has no active secretary with an e-mail address",
    ReminderStep.ON_DUE: "the group has no active secretary with an e-mail address",
    ReminderStep.OVERDUE_7: "the group has no active secretary or chair with an e-mail address",
    ReminderStep.OVERDUE_14: "no active link officer with an e-mail address looks after the "
    "borough",
    ReminderStep.OVERDUE_28: "there is no active funding manager with an e-mail address",
}


@dataclass(frozen=True)
class Due:
    """One step to send: the return, the step, its cycle and the deadline it counts from."""

    quarterly_return: QuarterlyReturn
    step: str
    cycle: int
    deadline: datetime.date


def _cycle(quarterly_return: QuarterlyReturn) -> int:
    if quarterly_return.status != ReturnStatus.RETURNED:
        return 0
    return int(getattr(quarterly_return, "times_returned", 0) or 0)


def returns_owed(*, today: datetime.date) -> list[QuarterlyReturn]:
    """The returns the group still owes whose deadline is close enough to remind about (at
    most ``MAX_DAYS_BEFORE`` days ahead), with the number of times each has been returned
    (``times_returned``) and the reminders already sent."""
    horizon = today + datetime.timedelta(days=MAX_DAYS_BEFORE)
    times_returned = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(QuarterlyReturn),
            object_id=OuterRef("pk"),
            to_state=ReturnStatus.RETURNED,
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    owed = Q(status__in=[ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT], version=1) & Q(
        due_on__lte=horizon
    )
    answers_owed = Q(status=ReturnStatus.RETURNED) & (
        Q(answer_due_on__lte=horizon) | Q(answer_due_on__isnull=True, due_on__lte=horizon)
    )
    return list(
        QuarterlyReturn.objects.filter(owed | answers_owed)
        .select_related("funding_round", "cpeg__borough", "award")
        .prefetch_related("reminders")
        .annotate(times_returned=Coalesce(Subquery(times_returned, output_field=IntegerField()), 0))
        .order_by("pk")
    )


def reminders_due(*, today: datetime.date) -> list[Due]:
    """Every step to send on ``today`` under the catch-up rule (see the module's docstring)."""
    due = []
    for quarterly_return in returns_owed(today=today):
        cycle = _cycle(quarterly_return)
        deadline = deadline_of(quarterly_return)
        quarter_end = (
            FinancialYear(quarterly_return.funding_round.year_start)
            .quarter(quarterly_return.quarter)
            .end
        )
        step = step_due(
            deadline=deadline,
            today=today,
            days_before=quarterly_return.funding_round.reminder_days_before,
            is_open=quarterly_return.status == ReturnStatus.RETURNED or today > quarter_end,
        )
        if step is None:
            continue
        sent = {r.step for r in quarterly_return.reminders.all() if r.cycle == cycle}
        if sent & set(STEPS[STEPS.index(step) :]):  # this step, or a later one, went
            continue
        due.append(Due(quarterly_return, step, cycle, deadline))
    return due


def _role(user: User) -> str:
    """ "CPEG secretary", "link officer": the role as it reads mid-sentence."""
    label = str(user.get_role_display())
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _reason(users: Sequence[User], due: Due, today: datetime.date) -> str:
    what = "Answers to questions" if due.cycle else "Return"
    overdue = (today - due.deadline).days
    when = f"{what} due {due.deadline:%-d %B %Y}" + (
        f"; {overdue} day{'' if overdue == 1 else 's'} overdue when sent" if overdue > 0 else ""
    )
    if not users:
        return f"{when}. Nobody to send it to: {_NOBODY[due.step]}."
    names = [f"{user.display_name} ({_role(user)})" for user in users]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{when}. Sent to {listed}."


def reminder_send(*, due: Due, today: datetime.date) -> Reminder | None:
    """Send one step and record it, in one transaction; None when it is no longer due (the
    return was submitted meanwhile) or another run has just sent it."""
    try:
        with transaction.atomic():
            quarterly_return = (
                QuarterlyReturn.objects.select_for_update()
                .select_related("funding_round", "cpeg__borough", "award")
                .get(pk=due.quarterly_return.pk)
            )
            if (
                quarterly_return.status != due.quarterly_return.status
                or deadline_of(quarterly_return) != due.deadline
            ):
                return None
            users = sorted(
                (user for user in recipients(quarterly_return, due.step) if user.email),
                key=lambda user: (user.role, user.email),
            )
            reminder = Reminder.objects.create(
                quarterly_return=quarterly_return,
                step=due.step,
                cycle=due.cycle,
                sent_on=today,
                recipients="\n".join(sorted({user.email for user in users})),
            )
            audit_record(
                subject=quarterly_return,
                actor=None,
                action=ACTIONS[due.step],
                reason=_reason(users, due, today),
            )
            next_instalment = None
            if due.step == ReminderStep.OVERDUE_28:
                next_instalment = Instalment.objects.filter(
                    award_id=quarterly_return.award_id, quarter=quarterly_return.quarter + 1
                ).first()
            emails.reminder(
                quarterly_return,
                step=due.step,
                users=users,
                deadline=due.deadline,
                today=today,
                next_instalment=next_instalment,
            )
    except IntegrityError:  # another run recorded this step a moment ago: it sent it
        return None
    return reminder


def returns_remind(*, today: datetime.date) -> list[Reminder]:
    """The daily run for ``today``: bring every return's time state up to date, then send
    each reminder and escalation due (once each: see the module's docstring). Returns the
    reminders sent."""
    returns_update_time_states(today=today)
    sent = []
    for due in reminders_due(today=today):
        reminder = reminder_send(due=due, today=today)
        if reminder is not None:
            sent.append(reminder)
    return sent
