"""An instalment's lifecycle: scheduled, then ready for release, then released.

Quarter 1's is ready when the award is made, and every instalment of an interim award is
(``grants.services.decisions.awards``); quarter N+1's becomes ready when the quarter N return
is accepted (``slas.services``). Release is the funding manager's, and its precondition is the
gate (``slas.gate``): whoever asks, the instalment after an unaccepted return stays put."""

from grants.models import Instalment, InstalmentStatus
from slas.permissions import may_make_instalment_ready, may_release_instalment
from workflows.engine import State, Transition, Workflow, register

MAKE_READY = "make_ready"
RELEASE = "release"


def _gate(instalment: Instalment) -> str | None:
    from slas.gate import release_blocker

    return release_blocker(instalment)


def _released(instalment: Instalment, user) -> None:
    from slas.emails import instalment_released

    instalment_released(instalment, user)


def _describe(instalment: Instalment) -> dict[str, str]:
    return {"quarter": str(instalment.quarter)}


INSTALMENT = register(
    Workflow(
        name="grants.instalment",
        model=Instalment,
        initial=InstalmentStatus.SCHEDULED,
        describe=_describe,
        states=(
            State(InstalmentStatus.SCHEDULED, "grey", description="Not yet due for release."),
            State(
                InstalmentStatus.READY, "blue", description="The funding manager may release it."
            ),
            State(InstalmentStatus.RELEASED, "green", description="Paid."),
        ),
        transitions=(
            Transition(
                name=MAKE_READY,
                sources=frozenset({InstalmentStatus.SCHEDULED}),
                target=InstalmentStatus.READY,
                permission=may_make_instalment_ready,
                audit_verb="ready for release",
                refusal="Quarter {quarter}'s instalment is {state}.",
                preconditions=(_gate,),
            ),
            Transition(
                name=RELEASE,
                label="Release the instalment",
                sources=frozenset({InstalmentStatus.READY}),
                target=InstalmentStatus.RELEASED,
                permission=may_release_instalment,
                forbidden="Only the funding manager can release an instalment.",
                audit_verb="released",
                # A scheduled instalment's refusal is the gate's own, said first by the
                # release service (slas.services.instalments): this covers the rest.
                refusal="Quarter {quarter}'s instalment is {state}: it cannot be released.",
                preconditions=(_gate,),
                emails=_released,
                idempotent=False,
            ),
        ),
    )
)
