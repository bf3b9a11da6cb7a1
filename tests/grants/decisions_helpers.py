"""Builders shared by the decisions tests: recommended applications and a recorded batch."""

import datetime
from decimal import Decimal

from accounts.models import Role
from boroughs.models import Borough
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    CommitteeMeeting,
    Decision,
    FundingRound,
)
from grants.services.decisions import meeting_record_decisions
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, staff

MEETING_DAY = datetime.date(2011, 7, 14)


def borough(slug: str) -> Borough:
    return Borough.objects.select_related("cpeg").get(slug=slug)


def recommended(
    funding_round: FundingRound,
    slug: str,
    amount: str = "30000.00",
    *,
    conditions: str = "",
    status: ApplicationStatus = ApplicationStatus.RECOMMENDED,
) -> Application:
    """The borough's application, recommended at ``amount`` with ``conditions`` by a link
    officer (or brought to another ``status`` through the services)."""
    return ApplicationFactory(
        funding_round=funding_round,
        borough=borough(slug),
        state=status,
        recommended_amount=amount,
        conditions=conditions,
    )


def manager(username: str = "test-funding_manager"):
    return UserFactory(username=username, role=Role.FUNDING_MANAGER)


def fund(funding_round: FundingRound, application: Application, amount: str = "30000.00"):
    """Record one meeting that funds ``application``; gives the meeting."""
    return meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name="Community Engagement Sub-committee",
        held_on=MEETING_DAY,
        decisions=[(application, "fund", Decimal(amount), "")],
    )


def group_people(slug: str):
    """A secretary and a chair of the borough's group, with e-mail addresses."""
    cpeg = borough(slug).cpeg
    return (
        UserFactory(username=f"secretary-{slug}", role=Role.SECRETARY, cpeg=cpeg),
        UserFactory(username=f"chair-{slug}", role=Role.CHAIR, cpeg=cpeg),
    )


def nothing_saved(*applications):
    """A refused batch left no meeting, decision or award, and every application waiting."""
    assert not CommitteeMeeting.objects.exists()
    assert not Decision.objects.exists()
    assert not Award.objects.exists()
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.RECOMMENDED
