"""A funding round's lifecycle: the funding manager sets it up, opens it for outlines, then for
applications, and closes it. Each step is one button on the round page."""

from grants.models import FundingRound, RoundStatus
from grants.permissions import may_manage_round
from workflows.engine import State, Transition, Workflow, register

OPEN_OUTLINES = "open_outlines"
OPEN_APPLICATIONS = "open_applications"
CLOSE = "close"

FORBIDDEN = "Only the funding manager can change a funding round."


def has_objectives(funding_round: FundingRound) -> str | None:
    """Groups write outlines against the round's objectives: there must be one at least."""
    if not funding_round.objectives.exists():
        return "Add at least one objective before opening the round for outlines."
    return None


ROUND = register(
    Workflow(
        name="grants.round",
        model=FundingRound,
        initial=RoundStatus.SETUP,
        states=(
            State(RoundStatus.SETUP, "grey", description="Only MPA staff see it."),
            State(RoundStatus.OUTLINES_OPEN, "blue", description="Boroughs write outlines."),
            State(RoundStatus.APPLICATIONS_OPEN, "green", description="Groups apply."),
            State(RoundStatus.CLOSED, "orange", description="No more applications."),
        ),
        transitions=(
            Transition(
                name=OPEN_OUTLINES,
                label="Open the round for outlines",
                sources=frozenset({RoundStatus.SETUP}),
                target=RoundStatus.OUTLINES_OPEN,
                permission=may_manage_round,
                forbidden=FORBIDDEN,
                preconditions=(has_objectives,),
                audit_verb="round opened for outlines",
                refusal="A round that is {state} cannot be opened for outlines.",
            ),
            Transition(
                name=OPEN_APPLICATIONS,
                label="Open the round for applications",
                sources=frozenset({RoundStatus.OUTLINES_OPEN}),
                target=RoundStatus.APPLICATIONS_OPEN,
                permission=may_manage_round,
                forbidden=FORBIDDEN,
                audit_verb="round opened for applications",
                refusal="A round that is {state} cannot be opened for applications.",
            ),
            Transition(
                name=CLOSE,
                label="Close the round",
                sources=frozenset({RoundStatus.APPLICATIONS_OPEN}),
                target=RoundStatus.CLOSED,
                permission=may_manage_round,
                forbidden=FORBIDDEN,
                audit_verb="round closed",
                refusal="A round that is {state} cannot be closed.",
            ),
        ),
    )
)

#: Being set up: only MPA staff see the round.
BEING_SET_UP = ROUND.sources_of(OPEN_OUTLINES)
#: Open for outlines: a borough's secretary may write its outline.
TAKING_OUTLINES = ROUND.sources_of(OPEN_APPLICATIONS)
#: Open for applications: a group whose outline was agreed may apply.
TAKING_APPLICATIONS = frozenset({ROUND.transition(OPEN_APPLICATIONS).target})
#: Objectives are fixed once groups may apply against them.
OBJECTIVES_EDITABLE = ROUND.sources_of(OPEN_OUTLINES, OPEN_APPLICATIONS)
