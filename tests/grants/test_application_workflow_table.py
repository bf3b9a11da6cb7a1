"""The application's workflow, walked state × transition × role through the services: the
secretary submits (``application_submit``), the officer asks for changes or recommends (the
review services), the funding manager records the committee's outcome (the decision service,
for a batch of one)."""

import datetime

import pytest

from accounts.models import Role
from grants.models import ApplicationStatus
from grants.services import applications, decisions, review
from grants.workflows.application import (
    APPLICATION,
    DEFER,
    DO_NOT_FUND,
    FUND,
    FUND_WITH_CONDITIONS,
    RECOMMEND,
    REQUEST_CHANGES,
    SUBMIT,
)
from tests.grants.factories import CHANGES_ASKED, RECOMMENDED, application_in
from tests.workflow_table import cases, check_move

pytestmark = pytest.mark.django_db

ROLES = [*Role.values, "other_secretary"]
#: Who may take each transition (of the application's own borough), written out here rather
#: than read from the workflow's permission functions.
MAY = {
    SUBMIT: {Role.SECRETARY},
    REQUEST_CHANGES: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
    RECOMMEND: {Role.LINK_OFFICER, Role.FUNDING_MANAGER},
    FUND: {Role.FUNDING_MANAGER},
    FUND_WITH_CONDITIONS: {Role.FUNDING_MANAGER},
    DO_NOT_FUND: {Role.FUNDING_MANAGER},
    DEFER: {Role.FUNDING_MANAGER},
}
#: A different meeting from the builder's, so that deciding again is not the same batch.
MEETING = "Reconvened sub-committee"
MEETING_DAY = datetime.date(2011, 9, 14)


def decide(outcome):
    amount = RECOMMENDED if outcome in (FUND, FUND_WITH_CONDITIONS) else None
    conditions = "Report on the youth forum" if outcome == FUND_WITH_CONDITIONS else ""

    def take(user, application):
        return decisions.meeting_record_decisions(
            user=user,
            funding_round=application.funding_round,
            name=MEETING,
            held_on=MEETING_DAY,
            decisions=[(application, outcome, amount, conditions)],
        )

    return take


SERVICE = {
    SUBMIT: lambda user, a: applications.application_submit(
        user=user, application=a, declaration_confirmed=True
    ),
    # The builder's own message: asking again with it is asking twice.
    REQUEST_CHANGES: lambda user, a: review.review_request_changes(
        user=user, application=a, message=CHANGES_ASKED
    ),
    # The builder's own amount: recommending it again is asking twice.
    RECOMMEND: lambda user, a: review.review_recommend(
        user=user, application=a, amount=RECOMMENDED
    ),
    **{outcome: decide(outcome) for outcome in (FUND, FUND_WITH_CONDITIONS, DO_NOT_FUND, DEFER)},
}


def test_every_state_of_the_model_is_in_the_table():
    assert APPLICATION.values() == set(ApplicationStatus.values)
    assert {t.name for t in APPLICATION.transitions} == set(MAY)


@pytest.mark.parametrize(("state", "name", "role"), cases(APPLICATION, ROLES))
def test_the_table(state, name, role, funding_round, user_in_role, barnet, camden):
    officer = user_in_role(Role.LINK_OFFICER, username="table-officer", assigned_boroughs=[barnet])
    manager = user_in_role(Role.FUNDING_MANAGER, username="table-manager")
    application = application_in(
        state, funding_round=funding_round, borough=barnet, officer=officer, manager=manager
    )
    if role == "other_secretary":
        user = user_in_role(Role.SECRETARY, borough=camden)
    elif role == Role.SECRETARY:
        user = application.created_by
    elif role == Role.LINK_OFFICER:
        user = officer
    elif role == Role.FUNDING_MANAGER:
        user = manager
    else:
        user = user_in_role(role)
    check_move(
        APPLICATION,
        application,
        name,
        user,
        role_may=role in MAY[name],
        move=lambda: SERVICE[name](user, application),
        # Submitting after a request for changes is audited as a resubmission.
        audit_verb=(
            "resubmitted" if name == SUBMIT and state == ApplicationStatus.CHANGES_REQUESTED else ""
        ),
    )
