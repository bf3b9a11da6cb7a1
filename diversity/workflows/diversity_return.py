"""A diversity return's lifecycle: the secretary fills in a draft and submits it; an officer
accepts it, or sends it back with a question the secretary answers before submitting again."""

from diversity.models import DiversityReturn, ReturnStatus
from diversity.permissions import is_group_secretary, may_review_diversity_returns
from workflows.engine import State, Transition, Workflow, register

SUBMIT = "submit"
ACCEPT = "accept"
SEND_BACK = "send_back"

DIVERSITY_RETURN = register(
    Workflow(
        name="diversity.diversity_return",
        model=DiversityReturn,
        initial=ReturnStatus.DRAFT,
        states=(
            State(ReturnStatus.DRAFT, "grey"),
            State(ReturnStatus.SUBMITTED, "blue"),
            State(ReturnStatus.RETURNED, "orange"),
            State(ReturnStatus.ACCEPTED, "green"),
        ),
        transitions=(
            Transition(
                name=SUBMIT,
                label="Submit the return",
                sources=frozenset({ReturnStatus.DRAFT, ReturnStatus.RETURNED}),
                target=ReturnStatus.SUBMITTED,
                permission=is_group_secretary,
                forbidden="Only the group's secretary can submit its return.",
                audit_verb="submitted",
                refusal="A return that is {state} cannot be submitted.",
            ),
            Transition(
                name=ACCEPT,
                label="Accept the return",
                sources=frozenset({ReturnStatus.SUBMITTED}),
                target=ReturnStatus.ACCEPTED,
                permission=may_review_diversity_returns,
                forbidden="Only a link officer or the funding manager can accept a return.",
                audit_verb="accepted",
                refusal="A return that is {state} cannot be accepted.",
            ),
            Transition(
                name=SEND_BACK,
                label="Send it back with a question",
                sources=frozenset({ReturnStatus.SUBMITTED}),
                target=ReturnStatus.RETURNED,
                permission=may_review_diversity_returns,
                forbidden="Only a link officer or the funding manager can send a return back.",
                audit_verb="sent back with a question",
                refusal="A return that is {state} cannot be sent back.",
            ),
        ),
    )
)

#: States in which the group is still writing the return (it may edit it).
EDITABLE = DIVERSITY_RETURN.transition(SUBMIT).sources
#: States whose figures count: the group has given its word (submitted) or it was accepted.
#: Drafts and returns sent back with a question are not yet the group's word.
COUNTED = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED})
