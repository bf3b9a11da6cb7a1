"""A return's time state, apart from its workflow state: not yet open (the quarter has not
ended), open, due (within the round's reminder window, up to and on the due date), overdue by
N days, or handed in (submitted or accepted). A return sent back with questions is timed
against the day its answers are due. The daily beat task stores the result on each return
(``slas.services.returns_update_time_states``), so lists and grids filter on it."""

import datetime

from cpeg_portal.fiscal import FinancialYear
from slas.models import QuarterlyReturn, ReturnStatus, TimeState


def deadline(quarterly_return: QuarterlyReturn) -> datetime.date:
    """The day the group's next move is due: the answers' due day for a return sent back
    with questions, otherwise the return's own due date."""
    if quarterly_return.status == ReturnStatus.RETURNED and quarterly_return.answer_due_on:
        return quarterly_return.answer_due_on
    return quarterly_return.due_on


def time_state(
    quarterly_return: QuarterlyReturn, *, today: datetime.date, days_before: int
) -> tuple[str, int]:
    """The return's time state on ``today`` and the days it is overdue (0 unless overdue)."""
    if quarterly_return.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        return TimeState.HANDED_IN, 0
    if quarterly_return.version > 1 and quarterly_return.status == ReturnStatus.DRAFT:
        return TimeState.OPEN, 0  # a correction being written has no due date of its own
    quarter_end = (
        FinancialYear(quarterly_return.funding_round.year_start)
        .quarter(quarterly_return.quarter)
        .end
    )
    due = deadline(quarterly_return)
    if today > due:
        return TimeState.OVERDUE, (today - due).days
    if quarterly_return.status == ReturnStatus.RETURNED:
        return (TimeState.DUE if (due - today).days <= days_before else TimeState.OPEN), 0
    if today <= quarter_end:
        return TimeState.NOT_OPEN, 0
    if (due - today).days <= days_before:
        return TimeState.DUE, 0
    return TimeState.OPEN, 0


def describe(quarterly_return: QuarterlyReturn) -> str:
    """The time state as people read it: "Overdue by 3 days", "Due 28 October"."""
    state = quarterly_return.time_state
    if state == TimeState.OVERDUE:
        days = quarterly_return.days_overdue
        return f"Overdue by {days} day{'' if days == 1 else 's'}"
    if state in (TimeState.DUE, TimeState.OPEN):
        return f"Due {deadline(quarterly_return):%-d %B %Y}"
    return TimeState(state).label


def time_fields(
    quarterly_return: QuarterlyReturn, *, status: str, today: datetime.date | None = None
) -> dict[str, object]:
    """The time-state fields a move to ``status`` sets with it (pass them as the move's
    ``fields``), so a return submitted today is handed in today, not tomorrow morning."""
    from django.utils import timezone

    today = today or timezone.localdate()
    was = quarterly_return.status
    quarterly_return.status = status
    try:
        state, days = time_state(
            quarterly_return,
            today=today,
            days_before=quarterly_return.funding_round.reminder_days_before,
        )
    finally:
        quarterly_return.status = was
    return {"time_state": state, "days_overdue": days, "time_state_on": today}
