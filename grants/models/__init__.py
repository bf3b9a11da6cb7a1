"""The grants app's models: rounds, outlines, applications, decisions and awards.

A package because the whole funding year (DESIGN.md, "The year", steps 1 to 5) does not fit
one readable module. Import from ``grants.models``.
"""

from grants.models.applications import (
    Activity,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    InternalNote,
    Milestone,
    ReviewComment,
    SupportingDocument,
)
from grants.models.awards import (
    Award,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Instalment,
    InstalmentStatus,
)
from grants.models.outlines import (
    BrokeringContact,
    BrokeringOutcome,
    Outline,
    OutlineStatus,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.models.rounds import (
    AccessFundDrawdown,
    AccessFundTopUp,
    FundingRound,
    Objective,
    RoundStatus,
)

__all__ = [
    "AccessFundDrawdown",
    "AccessFundTopUp",
    "Activity",
    "Application",
    "ApplicationStatus",
    "ApplicationVersion",
    "Award",
    "BrokeringContact",
    "BrokeringOutcome",
    "BudgetCategory",
    "BudgetLine",
    "CommitteeMeeting",
    "Decision",
    "DecisionOutcome",
    "FundingRound",
    "Instalment",
    "InstalmentStatus",
    "InternalNote",
    "Milestone",
    "Objective",
    "Outline",
    "OutlineStatus",
    "ReviewComment",
    "RoundStatus",
    "SignatoryRole",
    "Signature",
    "SignatureDecision",
    "SupportingDocument",
]
