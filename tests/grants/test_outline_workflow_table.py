"""The borough outline's workflow, walked state × transition × role through the services.

Seven roles, a chair of another borough, and the portal itself ("system", no user, which
disputes an outline when its deadline passes). Each outline is brought to its state by the
services (``outline_in``); the move is taken by the service a person would use: signing
(the third signature reaches consensus), declining, recording a brokering outcome, and the
deadline's per-outline service for the portal. Nobody else can take the deadline's move: for
a person it is asked of the engine directly, as no service offers it to anyone."""

import pytest

from accounts.models import Role
from grants.models import BrokeringOutcome, OutlineStatus, RoundStatus
from grants.services import outlines as services
from grants.workflows.outline import (
    BROKER_AGREED,
    BROKER_NOT_AGREED,
    DECLINE,
    DISPUTE_OVERDUE,
    OUTLINE,
    REACH_CONSENSUS,
)
from tests.grants.outlines_support import borough_people, by_role, outline_in
from tests.grants.rounds_support import round_in
from tests.workflow_table import cases, check_move

pytestmark = pytest.mark.django_db

SIGNATORIES = {Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER}
STAFF = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}
ROLES = [*Role.values, "other_chair", "system"]
#: Who may take each transition (of the outline's own borough).
MAY = {
    REACH_CONSENSUS: SIGNATORIES,
    DECLINE: SIGNATORIES,
    DISPUTE_OVERDUE: {"system"},
    BROKER_AGREED: STAFF,
    BROKER_NOT_AGREED: STAFF,
}
#: A reason other than the one the builder's dispute gave, so declining again is no repeat.
REASON = "The activities leave out young people."


def test_every_state_of_the_model_is_in_the_table():
    assert OUTLINE.values() == set(OutlineStatus.values)


def test_every_transition_is_in_the_table():
    assert set(MAY) == {t.name for t in OUTLINE.transitions}


def _service(name, user, outline):
    """The call that takes transition ``name`` for ``user`` (None: the portal)."""
    if name == DISPUTE_OVERDUE:
        if user is None:
            return lambda: services.outline_dispute_overdue(outline=outline)
        return lambda: OUTLINE.move(outline, name, user=user)
    if user is None:
        return lambda: OUTLINE.move(outline, name, user=None)
    return {
        REACH_CONSENSUS: lambda: services.outline_sign(
            user=user, outline=outline, version=outline.version
        ),
        DECLINE: lambda: services.outline_decline(
            user=user, outline=outline, version=outline.version, reason=REASON
        ),
        BROKER_AGREED: lambda: services.brokering_outcome_record(
            user=user, outline=outline, outcome=BrokeringOutcome.AGREED, notes="Agreed."
        ),
        BROKER_NOT_AGREED: lambda: services.brokering_outcome_record(
            user=user, outline=outline, outcome=BrokeringOutcome.NOT_AGREED, notes="No."
        ),
    }[name]


@pytest.mark.parametrize(("state", "name", "role"), cases(OUTLINE, ROLES))
def test_the_table(state, name, role, user_in_role, barnet, camden):
    funding_round = round_in(RoundStatus.OUTLINES_OPEN)
    people = borough_people(barnet)
    outline = outline_in(
        state,
        funding_round=funding_round,
        people=people,
        borough=barnet,
        unsigned=role if role in SIGNATORIES else Role.CHAIR,
    )
    if role == "system":
        user = None
    elif role == "other_chair":
        user = user_in_role(Role.CHAIR, borough=camden)
    elif role in {Role.SECRETARY, *SIGNATORIES, Role.LINK_OFFICER}:
        user = by_role(people, role)
    else:
        user = user_in_role(role)
    check_move(
        OUTLINE,
        outline,
        name,
        user,
        role_may=role in MAY[name],
        move=_service(name, user, outline),
    )
