"""Exports read a fixed number of queries however many applications and awards the round
has: no query per row."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from grants.services.decisions import meeting_record_decisions
from tests.grants.factories import ApplicationFactory, make_round, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(db):
    """A 2011/12 round in which the first ``groups`` boroughs applied and were funded."""

    def make(groups: int) -> None:
        funding_round = make_round(year_start=2011)
        applications = [
            ApplicationFactory(
                funding_round=funding_round,
                borough=borough,
                recommended=True,
                recommended_amount="40000.00",
            )
            for borough in Borough.objects.select_related("cpeg")[:groups]
        ]
        meeting_record_decisions(
            user=staff(),
            funding_round=funding_round,
            name="Sub-committee, July 2011",
            held_on=datetime.date(2011, 7, 20),
            decisions=[(a, "fund", Decimal("40000.00"), "") for a in applications],
        )

    return make


@pytest.fixture
def manager_client(client, user_in_role):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    return client


@pytest.mark.parametrize("groups", [1, 5, 12])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_applications_download_takes_five_queries(
    manager_client, funded, django_assert_num_queries, groups, fmt
):
    funded(groups)
    # 1 session, 1 user, 1 the round; then 2 (tables.application_table): the applications
    # with borough and administration line (a subquery), and their decisions with meetings
    # and awards.
    with django_assert_num_queries(5):
        response = manager_client.get(
            reverse("grants:export_applications", kwargs={"year": 2011, "fmt": fmt})
        )
    assert response.status_code == 200


@pytest.mark.parametrize("groups", [1, 5, 12])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_awards_download_takes_five_queries(
    manager_client, funded, django_assert_num_queries, groups, fmt
):
    funded(groups)
    # 1 session, 1 user, 1 the round; then 2 (tables.award_table): the awards with their
    # boroughs, and their instalments.
    with django_assert_num_queries(5):
        response = manager_client.get(
            reverse("grants:export_awards", kwargs={"year": 2011, "fmt": fmt})
        )
    assert response.status_code == 200


@pytest.mark.parametrize("groups", [1, 5, 12])
def test_the_360giving_download_takes_four_queries(
    manager_client, funded, django_assert_num_queries, groups
):
    funded(groups)
    # 1 session, 1 user, 1 the round; then 1 (giving360.awards_for_360giving): the awards
    # with their round, group, borough, decision and application joined.
    with django_assert_num_queries(4):
        response = manager_client.get(reverse("grants:export_360giving", kwargs={"year": 2011}))
    assert len(response.json()["grants"]) == groups


@pytest.mark.parametrize("groups", [1, 5, 12])
def test_the_exports_page_takes_five_queries(
    manager_client, funded, django_assert_num_queries, groups
):
    funded(groups)
    # 1 session, 1 user, 1 the round; then 2 counts: applications submitted, and awards.
    with django_assert_num_queries(5):
        response = manager_client.get(reverse("grants:exports", kwargs={"year": 2011}))
    assert response.context["award_count"] == groups
