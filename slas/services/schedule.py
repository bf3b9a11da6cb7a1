"""The schedule: one return per quarter for every award with an SLA, each due on the round's
deadline for its quarter as it stood when the return was made; and the daily update of each
open return's time state."""

import datetime

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from cpeg_portal.fiscal import QUARTERS
from grants.models import Award
from slas.models import QuarterlyReturn, ReturnStatus, SlaMilestone
from slas.timing import time_state


@transaction.atomic
def returns_create_for_award(
    *, award: Award, today: datetime.date | None = None
) -> list[QuarterlyReturn]:
    """The award's four returns (quarters 1 to 4, version 1), due on the round's deadlines.
    None for an award without an SLA (interim funding). Asked again, it adds nothing."""
    if award.is_interim or not SlaMilestone.objects.filter(award=award).exists():
        return []
    existing = {r.quarter: r for r in QuarterlyReturn.objects.filter(award=award, version=1)}
    funding_round = award.funding_round
    today = today or timezone.localdate()
    made = []
    for quarter in QUARTERS:
        if quarter in existing:
            continue
        quarterly_return = QuarterlyReturn(
            award=award,
            funding_round=funding_round,
            cpeg_id=award.cpeg_id,
            quarter=quarter,
            due_on=funding_round.return_deadline(quarter),
        )
        quarterly_return.funding_round = funding_round
        state, days = time_state(
            quarterly_return, today=today, days_before=funding_round.reminder_days_before
        )
        quarterly_return.time_state, quarterly_return.days_overdue = state, days
        quarterly_return.time_state_on = today
        made.append(quarterly_return)
    made = QuarterlyReturn.objects.bulk_create(made)
    for quarterly_return in made:
        audit_record(
            subject=quarterly_return,
            actor=None,
            action="scheduled",
            to_state=ReturnStatus.NOT_STARTED,
            reason=f"Due {quarterly_return.due_on:%-d %B %Y}",
        )
    return sorted([*existing.values(), *made], key=lambda r: r.quarter)


def returns_update_time_states(*, today: datetime.date | None = None) -> int:
    """Work out every return's time state for ``today`` (the daily beat task); returns how many
    changed. Only changed rows are written; the time state is not audited (it is not a change
    anyone made: the timeline shows the reminders it leads to)."""
    today = today or timezone.localdate()
    changed = []
    returns = QuarterlyReturn.objects.exclude(
        status=ReturnStatus.ACCEPTED, time_state="handed_in"
    ).select_related("funding_round")
    for quarterly_return in returns.iterator(chunk_size=500):
        state, days = time_state(
            quarterly_return,
            today=today,
            days_before=quarterly_return.funding_round.reminder_days_before,
        )
        if (state, days) != (quarterly_return.time_state, quarterly_return.days_overdue):
            quarterly_return.time_state, quarterly_return.days_overdue = state, days
            quarterly_return.time_state_on = today
            changed.append(quarterly_return)
    with transaction.atomic():
        QuarterlyReturn.objects.bulk_update(
            changed, ["time_state", "days_overdue", "time_state_on"], batch_size=500
        )
    return len(changed)
