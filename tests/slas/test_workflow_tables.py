"""The quarterly return's and the instalment's workflows, walked state × transition × role
through the engine (the services' own checks — a complete return, questions, ratings, the
release form — are tested with the services). The outcome comes from this file's list of who
may do what, not from the workflows' permission functions."""

import pytest

from accounts.models import Role
from grants.models import Instalment, InstalmentStatus
from grants.workflows.instalment import INSTALMENT, MAKE_READY, RELEASE
from slas.models import ReturnStatus
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN, RETURN, START, SUBMIT
from tests.slas.factories import funded_award, return_in, secretary_of
from tests.workflow_table import cases, check_move

pytestmark = pytest.mark.django_db

#: Every role, a secretary of another borough, and the portal itself (no user).
ROLES = [*Role.values, "other_secretary", "portal"]

RETURN_MAY = {
    START: {Role.SECRETARY},
    SUBMIT: {Role.SECRETARY},
    RETURN: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
    ACCEPT: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
}
INSTALMENT_MAY = {
    MAKE_READY: {Role.LINK_OFFICER, Role.FUNDING_MANAGER, "portal"},
    RELEASE: {Role.FUNDING_MANAGER},
}


@pytest.fixture
def as_role(user_in_role, camden):
    def make(role):
        if role == "portal":
            return None
        if role == "other_secretary":
            return user_in_role(Role.SECRETARY, borough=camden)
        return user_in_role(role)

    return make


def test_every_state_of_both_models_is_in_a_table():
    assert QUARTERLY_RETURN.values() == set(ReturnStatus.values)
    assert INSTALMENT.values() == set(InstalmentStatus.values)


@pytest.mark.parametrize(("state", "name", "role"), cases(QUARTERLY_RETURN, ROLES))
def test_the_quarterly_return_table(state, name, role, barnet, as_role):
    quarterly_return = return_in(state, award=funded_award(borough=barnet), quarter=2)
    user = secretary_of(barnet) if role == Role.SECRETARY else as_role(role)
    check_move(QUARTERLY_RETURN, quarterly_return, name, user, role_may=role in RETURN_MAY[name])


def instalment_in(state: str, award) -> Instalment:
    """Quarter 2's instalment, its gate open (quarter 1 accepted), moved to ``state``."""
    return_in(ReturnStatus.ACCEPTED, award=award, quarter=1)
    instalment = Instalment.objects.get(award=award, quarter=2)
    manager = award.created_by
    if state in (InstalmentStatus.READY, InstalmentStatus.RELEASED):
        instalment = INSTALMENT.move(instalment, MAKE_READY, user=None)
    if state == InstalmentStatus.RELEASED:
        import datetime

        instalment = INSTALMENT.move(
            instalment,
            RELEASE,
            user=manager,
            fields={"released_on": datetime.date(2026, 11, 2), "released_by": manager},
        )
    return instalment


@pytest.mark.parametrize(("state", "name", "role"), cases(INSTALMENT, ROLES))
def test_the_instalment_table(state, name, role, barnet, as_role):
    award = funded_award(borough=barnet)
    instalment = instalment_in(state, award)
    user = as_role(role)
    fields = {}
    if name == RELEASE and user is not None:
        import datetime

        fields = {"released_on": datetime.date(2026, 11, 3), "released_by": user}
    check_move(
        INSTALMENT,
        instalment,
        name,
        user,
        role_may=role in INSTALMENT_MAY[name],
        move=lambda: INSTALMENT.move(instalment, name, user=user, fields=fields),
    )
