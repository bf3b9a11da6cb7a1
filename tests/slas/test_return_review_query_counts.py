"""The review list's query count is the same for one borough's returns as for 32, and for one
quarter as for four."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from slas.models import QuarterlyReturn, ReturnStatus
from tests.factories import UserFactory
from tests.slas.factories import funded_award, return_for

pytestmark = pytest.mark.django_db

#: Session and user (2), the rounds with returns (1), the boroughs for the filter (1), the
#: page's count (1) and its rows with group, borough and round (1); "assigned to me" is a
#: subquery of the rows' query, and each row's link and time state are worked out in Python.
LIST_QUERIES = 6


def more_returns(template: QuarterlyReturn, boroughs, quarters) -> None:
    """Rows like ``template`` for other boroughs and quarters, written directly (as many
    funded awards would make them through the services, only faster): the list reads only the
    return, its group, borough and round."""
    version = 10
    rows = []
    for borough in boroughs:
        for quarter in quarters:
            version += 1
            rows.append(
                QuarterlyReturn(
                    award_id=template.award_id,
                    funding_round_id=template.funding_round_id,
                    cpeg_id=borough.cpeg.pk,
                    quarter=quarter,
                    version=version,
                    due_on=template.due_on,
                    status=ReturnStatus.SUBMITTED,
                )
            )
    QuarterlyReturn.objects.bulk_create(rows)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def first(barnet):
    award = funded_award(borough=barnet)
    q2 = return_for(award, 2)
    QuarterlyReturn.objects.filter(pk=q2.pk).update(status=ReturnStatus.SUBMITTED)
    return q2


@pytest.mark.parametrize("role", [Role.LINK_OFFICER, Role.FUNDING_MANAGER])
def test_the_list_costs_the_same_for_one_borough_as_for_32(client, first, role):
    boroughs = list(Borough.objects.select_related("cpeg").exclude(pk=first.cpeg.borough_id))
    user = UserFactory(role=role, assigned_boroughs=Borough.objects.all())
    client.force_login(user)
    url = reverse("slas:review_list")
    one = count(client, url)
    more_returns(first, boroughs, [2])
    assert QuarterlyReturn.objects.filter(status=ReturnStatus.SUBMITTED).count() == 32
    assert count(client, url) == one == LIST_QUERIES
    assert client.get(url).context["page"].paginator.count == 32


def test_the_list_costs_the_same_for_one_quarter_as_for_four(client, first):
    user = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=Borough.objects.all())
    client.force_login(user)
    url = reverse("slas:review_list") + f"?round={first.funding_round.year_start}&state=submitted"
    one = count(client, url)
    more_returns(first, [first.cpeg.borough], [1, 3, 4])
    assert count(client, url) == one == LIST_QUERIES
    assert client.get(url).context["page"].paginator.count == 4


def test_the_filtered_list_costs_the_same_as_the_default(client, first):
    user = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=Borough.objects.all())
    client.force_login(user)
    url = (
        reverse("slas:review_list")
        + f"?round={first.funding_round.year_start}&quarter=2&state=submitted&borough=barnet"
        + "&overdue=on&mine=on"
    )
    assert count(client, url) == LIST_QUERIES


def test_the_review_page_costs_the_same_for_one_milestone_as_for_five(client, barnet):
    """The review page reads each part of the return once, however many milestones,
    questions, spend lines or files it has."""
    from slas.models import MilestoneOutcome, ReviewQuestion
    from tests.slas.factories import officer_for, reports_with

    award = funded_award(borough=barnet)
    officer = officer_for(barnet)
    client.force_login(officer)
    small, large = return_for(award, 2), return_for(award, 3)  # both look for last quarter
    QuarterlyReturn.objects.filter(pk__in=[small.pk, large.pk]).update(
        status=ReturnStatus.SUBMITTED
    )
    reports_with(small, [MilestoneOutcome.MET])
    for report in reports_with(large, [MilestoneOutcome.PARTLY_MET] * 5):
        ReviewQuestion.objects.create(
            quarterly_return=large, milestone_report=report, question="Why?", asked_by=officer
        )
    one = count(client, reverse("slas:review", kwargs={"pk": small.pk}))
    five = count(client, reverse("slas:review", kwargs={"pk": large.pk}))
    assert one == five
