"""A quarterly return's lifecycle. The group starts it (a draft), fills it in and submits it;
an officer accepts it, or returns it with questions, which the group answers in the return
before submitting again. An accepted return never changes: a correction is a new version,
which starts as a draft (``slas.services``), so this table has no way out of "accepted".

The time state (not yet open, open, due, overdue) is not a workflow state: it is kept apart,
in ``QuarterlyReturn.time_state``, and the daily beat task updates it (``slas.timing``)."""

from slas import emails
from slas.models import QuarterlyReturn, ReturnStatus
from slas.permissions import is_group_secretary, may_review_returns
from workflows.engine import State, Transition, Workflow, register

START = "start"
SUBMIT = "submit"
RETURN = "return_with_questions"
ACCEPT = "accept"


def _describe(quarterly_return: QuarterlyReturn) -> dict[str, str]:
    return {"quarter": str(quarterly_return.quarter)}


QUARTERLY_RETURN = register(
    Workflow(
        name="slas.quarterly_return",
        model=QuarterlyReturn,
        initial=ReturnStatus.NOT_STARTED,
        describe=_describe,
        states=(
            State(ReturnStatus.NOT_STARTED, "grey", description="Nobody has started it."),
            State(ReturnStatus.DRAFT, "light-blue", description="The group is writing it."),
            State(ReturnStatus.SUBMITTED, "blue", description="Waiting for the link officer."),
            State(
                ReturnStatus.RETURNED,
                "orange",
                description="The officer asked questions the group has to answer.",
            ),
            State(ReturnStatus.ACCEPTED, "green", description="Accepted and rated; frozen."),
        ),
        transitions=(
            Transition(
                name=START,
                label="Start the return",
                sources=frozenset({ReturnStatus.NOT_STARTED}),
                target=ReturnStatus.DRAFT,
                permission=is_group_secretary,
                forbidden="Only the group's secretary can start its return.",
                audit_verb="started",
                refusal="The quarter {quarter} return has already been started.",
            ),
            Transition(
                name=SUBMIT,
                label="Submit the return",
                sources=frozenset({ReturnStatus.DRAFT, ReturnStatus.RETURNED}),
                target=ReturnStatus.SUBMITTED,
                permission=is_group_secretary,
                forbidden="Only the group's secretary can submit its return.",
                audit_verb="submitted",
                refusal="A return that is {state} cannot be submitted.",
                emails=emails.submitted,
            ),
            Transition(
                name=RETURN,
                label="Return it with questions",
                sources=frozenset({ReturnStatus.SUBMITTED}),
                target=ReturnStatus.RETURNED,
                permission=may_review_returns,
                forbidden="Only a link officer or the funding manager can return a return.",
                audit_verb="returned with questions",
                refusal="A return that is {state} cannot be returned with questions.",
                emails=emails.returned,
            ),
            Transition(
                name=ACCEPT,
                label="Accept the return",
                sources=frozenset({ReturnStatus.SUBMITTED}),
                target=ReturnStatus.ACCEPTED,
                permission=may_review_returns,
                forbidden="Only a link officer or the funding manager can accept a return.",
                audit_verb="accepted",
                refusal="A return that is {state} cannot be accepted.",
                emails=emails.accepted,
            ),
        ),
    )
)

#: States in which the group is writing the return (it may change it).
EDITABLE = frozenset({ReturnStatus.DRAFT, ReturnStatus.RETURNED})
#: States in which the return has left the group's hands and waits for, or had, review.
HANDED_IN = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED})
