"""Committee decisions and the awards they make (DESIGN.md, "The year", step 5).

- ``meetings``: the funding manager records one meeting and its decision on each application
  in one batch; each decision moves the application by the workflow's outcome transition.
- ``awards``: the one place awards are made (under the round's lock, never past its ceiling),
  their four quarterly instalments, and interim funding for a group without an agreed plan.
"""

from grants.services.decisions.awards import (
    award_create,
    award_set_instalments,
    default_instalments,
    interim_award_create,
)
from grants.services.decisions.meetings import (
    DecisionEntry,
    decision_error_key,
    meeting_check_decisions,
    meeting_record_decisions,
)

__all__ = [
    "DecisionEntry",
    "award_create",
    "award_set_instalments",
    "decision_error_key",
    "default_instalments",
    "interim_award_create",
    "meeting_check_decisions",
    "meeting_record_decisions",
]
