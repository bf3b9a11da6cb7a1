"""What each home page says to do next, and the reads behind it.

A borough user sees the next action that is theirs (a signature, the application, the
diversity return) or, where the action is someone else's, where things stand in words; the
group's secretary and chair also see its quarterly returns, a line each. Link officers and the
funding manager see the work waiting for them with counts (quarterly returns to review and
overdue among them), and each borough's funding stage and diversity status. Committee members
see what there is to read.

Where a thing stands is asked of its workflow (its states and who may take which move),
never of a status value written out here. Every read is one query whatever the number of
boroughs, so the home pages take a fixed number of queries.
"""

from cpeg_portal.next_steps.common import Step
from cpeg_portal.next_steps.group import (
    GroupPosition,
    ReturnLine,
    diversity_step,
    earlier_return_step,
    funding_step,
    group_position,
)
from cpeg_portal.next_steps.staff import (
    BoroughStage,
    CommitteeReading,
    OfficerOverview,
    QuarterlyWork,
    Work,
    committee_reading,
    officer_overview,
)

__all__ = [
    "BoroughStage",
    "CommitteeReading",
    "GroupPosition",
    "OfficerOverview",
    "QuarterlyWork",
    "ReturnLine",
    "Step",
    "Work",
    "committee_reading",
    "diversity_step",
    "earlier_return_step",
    "funding_step",
    "group_position",
    "officer_overview",
]
