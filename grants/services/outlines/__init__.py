"""Writes for the borough outline: drafting, signing or declining, and brokering a dispute.

The outline's lifecycle is ``grants.workflows.outline``; every change of its status goes
through ``OUTLINE.move``. The pages ask ``outline_actions`` what to offer. Each function runs
in one transaction, locks the outline, audits on the outline what it changed and why, and
does nothing when asked twice. E-mails leave once the change commits.

A package: ``common`` holds the actions, checks and locking; ``drafting`` the secretary's and
signatories' steps; ``disputes`` the deadline and brokering. Import from here.
"""

from grants.services.outlines.common import ACTIONS, STALE_VERSION, outline_actions
from grants.services.outlines.disputes import (
    brokering_contact_add,
    brokering_outcome_record,
    outline_dispute_overdue,
    outlines_dispute_overdue,
)
from grants.services.outlines.drafting import (
    outline_decline,
    outline_sign,
    outline_start,
    outline_update,
)
from grants.workflows.outline_emails import DEADLINE_REASON, SIGNATORIES

__all__ = [
    "ACTIONS",
    "DEADLINE_REASON",
    "SIGNATORIES",
    "STALE_VERSION",
    "brokering_contact_add",
    "brokering_outcome_record",
    "outline_actions",
    "outline_decline",
    "outline_dispute_overdue",
    "outline_sign",
    "outline_start",
    "outline_update",
    "outlines_dispute_overdue",
]
