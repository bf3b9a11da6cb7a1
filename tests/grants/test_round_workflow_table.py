"""The funding round's workflow, walked state × transition × role through the services.

Only the funding manager moves a round; every other role is refused with the transition's
message, and a move already made changes nothing. Each round is brought to its state by the
services (``round_in``)."""

import pytest

from accounts.models import Role
from grants.models import RoundStatus
from grants.services import rounds as services
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS, OPEN_OUTLINES, ROUND
from tests.grants.rounds_support import round_in
from tests.workflow_table import cases, check_move

pytestmark = pytest.mark.django_db

ROLES = list(Role.values)
#: Who may take each transition.
MAY = {
    OPEN_OUTLINES: {Role.FUNDING_MANAGER},
    OPEN_APPLICATIONS: {Role.FUNDING_MANAGER},
    CLOSE: {Role.FUNDING_MANAGER},
}


def test_every_state_of_the_model_is_in_the_table():
    assert ROUND.values() == set(RoundStatus.values)


def test_every_transition_is_in_the_table():
    assert set(MAY) == {t.name for t in ROUND.transitions}


@pytest.mark.parametrize(("state", "name", "role"), cases(ROUND, ROLES))
def test_the_table(state, name, role, user_in_role):
    manager = user_in_role(Role.FUNDING_MANAGER, username="manager")
    funding_round = round_in(state, manager=manager)
    user = manager if role == Role.FUNDING_MANAGER else user_in_role(role)
    check_move(
        ROUND,
        funding_round,
        name,
        user,
        role_may=role in MAY[name],
        move=lambda: services.round_move(user=user, funding_round=funding_round, transition=name),
    )


def test_a_round_without_objectives_is_refused_by_the_precondition(user_in_role):
    manager = user_in_role(Role.FUNDING_MANAGER)
    funding_round = round_in(RoundStatus.SETUP, manager=manager)
    funding_round.objectives.all().delete()
    assert ROUND.problems(OPEN_OUTLINES, funding_round) == [
        "Add at least one objective before opening the round for outlines."
    ]
