"""The e-mails quarterly returns and instalments send. Those of the return's transitions are
named in ``slas.workflows.quarterly_return`` and called by the engine with the return and the
user who moved it; reminders and escalation are sent by ``slas.reminders``, which chooses who
gets each one and records it. All queue on commit through ``accounts.services.email_send``.

Every e-mail names the return by its reference (``CPEG-2026-BARNET-Q2``), says what is due
and by when, what to do, and links to the page where it is done."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from accounts.models import Role, User
from grants.models.money import money
from grants.notifications import group_people, link_officers, notify
from slas.models import ReminderStep, ReturnStatus

if TYPE_CHECKING:
    from grants.models import Instalment
    from slas.models import QuarterlyReturn

GROUP = (Role.SECRETARY, Role.CHAIR)


def return_path(quarterly_return: QuarterlyReturn) -> str:
    return quarterly_return.get_absolute_url()


def _name(quarterly_return: QuarterlyReturn) -> str:
    return (
        f"{quarterly_return.cpeg}: quarter {quarterly_return.quarter} return for "
        f"{quarterly_return.funding_round}"
    )


def _day(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def submitted(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the borough's link officers: a return waits for review."""
    again = quarterly_return.returned_at is not None
    notify(
        users=link_officers(quarterly_return.cpeg),
        subject=f"{_name(quarterly_return)} {'resubmitted' if again else 'submitted'}",
        body=(
            f"{quarterly_return.cpeg} has "
            + ("answered your questions and resubmitted" if again else "submitted")
            + f" its quarter {quarterly_return.quarter} return ({quarterly_return.reference}). "
            "It is waiting for your review: accept and rate it, or return it with questions."
        ),
        path=return_path(quarterly_return),
    )


def returned(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the group's secretary and chair: questions to answer, and by when."""
    due = quarterly_return.answer_due_on
    notify(
        users=group_people(quarterly_return.cpeg, GROUP),
        subject=f"{_name(quarterly_return)}: your link officer has questions",
        body=(
            f"Your link officer has returned your quarter {quarterly_return.quarter} return "
            f"({quarterly_return.reference}) with questions. Answer them in the return and "
            "submit it again" + (f" by {_day(due)}." if due else ".")
        ),
        path=return_path(quarterly_return),
    )


def accepted(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the group's secretary and chair: accepted, with the quarter's overall rating."""
    from slas.models import Rating

    overall = Rating.objects.filter(
        quarterly_return=quarterly_return, objective__isnull=True
    ).first()
    rating = f" The quarter is rated {overall.get_final_display()} overall." if overall else ""
    notify(
        users=group_people(quarterly_return.cpeg, GROUP),
        subject=f"{_name(quarterly_return)} accepted",
        body=(
            f"Your link officer has accepted your quarter {quarterly_return.quarter} return "
            f"({quarterly_return.reference}).{rating} The ratings for each objective are on "
            "the return's page."
        ),
        path=return_path(quarterly_return),
    )


def instalment_released(instalment: Instalment, user: User | None) -> None:
    """To the group's secretary and chair: the instalment, and how much, is on its way."""
    award = instalment.award
    reference = (
        f" (payment reference {instalment.release_reference})"
        if instalment.release_reference
        else ""
    )
    released_on = f" on {_day(instalment.released_on)}" if instalment.released_on else ""
    notify(
        users=group_people(award.cpeg, GROUP),
        subject=(
            f"{award.cpeg}: quarter {instalment.quarter} instalment of "
            f"{money(instalment.amount)} released"
        ),
        body=(
            f"The quarter {instalment.quarter} instalment of your {award.funding_round} award "
            f"{award.reference}, {money(instalment.amount)}, was released{released_on}"
            f"{reference}."
        ),
        path=award.get_absolute_url(),
    )


# Reminders and escalation (``slas.reminders`` decides when, and to whom)


def _what_is_due(quarterly_return: QuarterlyReturn, *, ours: bool) -> str:
    """What the group owes, as the subject of a sentence: in the group's own voice
    ("your quarter 2 return") or as the officers read it ("Barnet CPEG's quarter 2 return")."""
    whose = "your" if ours else f"{quarterly_return.cpeg}'s"
    the_return = f"{whose} quarter {quarterly_return.quarter} return ({quarterly_return.reference})"
    if quarterly_return.status == ReturnStatus.RETURNED:
        asked = "your link officer's" if ours else "the link officer's"
        return f"the answers to {asked} questions on {the_return}"
    return the_return


def _where_it_stands(quarterly_return: QuarterlyReturn) -> str:
    """For officers: how far the group has got."""
    if quarterly_return.status == ReturnStatus.NOT_STARTED:
        return "The group has not started it."
    if quarterly_return.status == ReturnStatus.DRAFT:
        return "The group has started it; it is saved as a draft and not submitted."
    return "It was returned with questions, which the group has not yet answered."


def _what_to_do(quarterly_return: QuarterlyReturn) -> str:
    """For the group: the next thing to do in the portal."""
    if quarterly_return.status == ReturnStatus.NOT_STARTED:
        return (
            "Sign in to the portal and start the return: report on each milestone due this "
            "quarter, the standard counts and spend to date, then check your answers and "
            "submit it."
        )
    if quarterly_return.status == ReturnStatus.DRAFT:
        return (
            "Your return is saved as a draft. Sign in to the portal to finish it, check your "
            "answers and submit it."
        )
    return (
        "Sign in to the portal, answer the questions in the return and submit it again. "
        "Your link officer reviews it once more when you do."
    )


def _when(deadline: datetime.date, today: datetime.date, *, plural: bool) -> str:
    """How the due day stands on ``today``, as the end of a sentence: "is due on 28 October
    2026, in 7 days", "is due today, 28 October 2026", "was due on 28 October 2026 and is now
    7 days overdue" (``plural``: "are", "were", for answers)."""
    be, was = ("are", "were") if plural else ("is", "was")
    if today < deadline:
        return f"{be} due on {_day(deadline)}, in {_days((deadline - today).days)}"
    if today == deadline:
        return f"{be} due today, {_day(deadline)}"
    return f"{was} due on {_day(deadline)} and {be} now {_days((today - deadline).days)} overdue"


def _subject_when(deadline: datetime.date, today: datetime.date) -> str:
    if today < deadline:
        return f"due on {_day(deadline)}"
    if today == deadline:
        return "due today"
    return f"{_days((today - deadline).days)} overdue"


def reminder(
    quarterly_return: QuarterlyReturn,
    *,
    step: str,
    users: Iterable[User],
    deadline: datetime.date,
    today: datetime.date,
    next_instalment: Instalment | None = None,
) -> None:
    """One reminder or escalation of ``step`` about ``quarterly_return``, written on
    ``today`` to ``users`` (``slas.reminders`` chooses them: the secretary before and on the
    due date, secretary and chair at 7 days overdue, the link officers at 14, the funding
    manager at 28, with ``next_instalment``, which is held)."""
    subject, body = reminder_message(
        quarterly_return,
        step=step,
        deadline=deadline,
        today=today,
        next_instalment=next_instalment,
    )
    notify(users=users, subject=subject, body=body, path=reminder_path(quarterly_return, step))


def reminder_path(quarterly_return: QuarterlyReturn, step: str) -> str:
    """Where a reminder links: the return, for the group; for the link officer and the
    funding manager (14 and 28 days overdue), the review list filtered to the return's
    borough, round and quarter — a return the group has not submitted is not theirs to open,
    but the list shows where it stands."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from slas.models import ReminderStep

    if step not in (ReminderStep.OVERDUE_14, ReminderStep.OVERDUE_28):
        return return_path(quarterly_return)
    query = urlencode(
        {
            "round": quarterly_return.funding_round.year_start,
            "borough": quarterly_return.cpeg.borough.slug,
            "quarter": quarterly_return.quarter,
        }
    )
    return f"{reverse('slas:review_list')}?{query}"


def reminder_message(
    quarterly_return: QuarterlyReturn,
    *,
    step: str,
    deadline: datetime.date,
    today: datetime.date,
    next_instalment: Instalment | None = None,
) -> tuple[str, str]:
    """The subject and body of a reminder (see ``reminder``)."""
    r = quarterly_return
    answers = r.status == ReturnStatus.RETURNED
    kind = "answers to questions" if answers else "return"
    when = _when(deadline, today, plural=answers)
    if step in (ReminderStep.BEFORE_DUE, ReminderStep.ON_DUE, ReminderStep.OVERDUE_7):
        ours = _what_is_due(r, ours=True)
        overdue = today > deadline
        subject = f"quarter {r.quarter} {kind} {_subject_when(deadline, today)} ({r.reference})"
        lines = [f"{ours[0].upper()}{ours[1:]} {when}."]
        lines.append(_what_to_do(r))
        if overdue:
            lines.append(
                "If it is still overdue 14 days after the due date your link officer is told; "
                "at 28 days the funding manager is told and your next instalment is held "
                "until the return is accepted."
            )
        else:
            lines.append(
                "If you need help, or cannot meet the date, contact your link officer before "
                "it passes."
            )
        return subject[0].upper() + subject[1:], "\n\n".join(lines)

    theirs = _what_is_due(r, ours=False)
    sentence = f"{theirs[0].upper()}{theirs[1:]} {when}."
    if step == ReminderStep.OVERDUE_14:
        subject = f"{r.cpeg}: quarter {r.quarter} {kind} {_subject_when(deadline, today)} "
        subject += f"({r.reference})"
        lines = [
            sentence,
            _where_it_stands(r),
            "Please contact the group's secretary and chair to help them submit it. The "
            "reminders they have had are on the return's history.",
            "If it is still overdue at 28 days the funding manager is told and the next "
            "instalment is held.",
        ]
        return subject, "\n\n".join(lines)

    held = ""
    if next_instalment is not None:
        held = f": quarter {next_instalment.quarter} instalment held"
        instalment_line = (
            f"The quarter {next_instalment.quarter} instalment of award "
            f"{r.award.reference}, {money(next_instalment.amount)}, is held: it cannot be "
            f"released until this quarter {r.quarter} return is accepted."
        )
    else:
        instalment_line = (
            f"This is the last quarter of award {r.award.reference}, so no later instalment "
            "is held, but the return is still needed for the year's performance report."
        )
    subject = (
        f"{r.cpeg}: quarter {r.quarter} {kind} {_subject_when(deadline, today)}{held} "
        f"({r.reference})"
    )
    lines = [
        sentence,
        _where_it_stands(r),
        instalment_line,
        "The reminders the group has had, and when the link officer was told, are on the "
        "return's history.",
    ]
    return subject, "\n\n".join(lines)
