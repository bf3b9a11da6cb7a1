"""The diversity return's workflow, walked state × transition × role through the services."""

import pytest

from accounts.models import Role
from diversity import services
from diversity.models import Characteristic, ReturnStatus
from diversity.workflows.diversity_return import ACCEPT, DIVERSITY_RETURN, SEND_BACK, SUBMIT
from tests.workflow_table import cases, check_move

pytestmark = pytest.mark.django_db

ROLES = [*Role.values, "other_secretary"]
#: The officer's question; sending back again with the same question is asking twice.
QUESTION = "Who is the treasurer?"
#: Who may take each transition (of the return's own borough).
MAY = {
    SUBMIT: {Role.SECRETARY},
    ACCEPT: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
    SEND_BACK: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
}


def return_in(state, *, secretary, officer, cpeg):
    """A complete return of three members, brought to ``state`` by the services."""
    diversity_return = services.diversity_return_start(user=secretary, cpeg=cpeg, year_start=2011)
    services.diversity_return_set_member_count(
        user=secretary, diversity_return=diversity_return, member_count=3
    )
    for characteristic in Characteristic.objects.filter(
        classification=diversity_return.classification
    ).prefetch_related("categories"):
        first = min(characteristic.categories.all(), key=lambda c: c.position)
        services.diversity_return_set_counts(
            user=secretary,
            diversity_return=diversity_return,
            characteristic=characteristic,
            counts={first.pk: 3},
        )
    if state == ReturnStatus.DRAFT:
        return diversity_return
    services.diversity_return_submit(user=secretary, diversity_return=diversity_return)
    if state == ReturnStatus.SUBMITTED:
        return diversity_return
    if state == ReturnStatus.ACCEPTED:
        return services.diversity_return_accept(user=officer, diversity_return=diversity_return)
    returned = services.diversity_return_send_back(
        user=officer, diversity_return=diversity_return, question=QUESTION
    )
    # The secretary has answered, so submitting again is the workflow's move to take.
    return services.diversity_return_answer_question(
        user=secretary, diversity_return=returned, answer="Our treasurer is Ms Okafor."
    )


SERVICE = {
    SUBMIT: lambda user, r: services.diversity_return_submit(user=user, diversity_return=r),
    ACCEPT: lambda user, r: services.diversity_return_accept(user=user, diversity_return=r),
    SEND_BACK: lambda user, r: services.diversity_return_send_back(
        user=user, diversity_return=r, question=QUESTION
    ),
}


def test_every_state_of_the_model_is_in_the_table():
    assert DIVERSITY_RETURN.values() == set(ReturnStatus.values)


@pytest.mark.parametrize(("state", "name", "role"), cases(DIVERSITY_RETURN, ROLES))
def test_the_table(state, name, role, user_in_role, barnet, camden):
    secretary = user_in_role(Role.SECRETARY)
    officer = user_in_role(Role.LINK_OFFICER)
    diversity_return = return_in(state, secretary=secretary, officer=officer, cpeg=barnet.cpeg)
    if role == "other_secretary":
        user = user_in_role(Role.SECRETARY, borough=camden)
    elif role == Role.SECRETARY:
        user = secretary
    else:
        user = user_in_role(role)
    check_move(
        DIVERSITY_RETURN,
        diversity_return,
        name,
        user,
        role_may=role in MAY[name],
        move=lambda: SERVICE[name](user, diversity_return),
    )
