"""The decisions list pages take a fixed number of queries, however many awards and
applications the round holds."""

import pytest
from django.urls import reverse

from tests.grants.decisions_helpers import fund, recommended
from tests.grants.factories import staff

pytestmark = pytest.mark.django_db

FUNDED = ["barnet", "camden", "brent", "ealing"]
WAITING = ["bexley", "bromley", "croydon", "enfield"]


@pytest.mark.parametrize("groups", [1, 4])
def test_the_award_list_takes_nine_queries(
    client, funding_round, django_assert_num_queries, groups
):
    for slug in FUNDED[:groups]:
        fund(funding_round, recommended(funding_round, slug), "1000.00")
    for slug in WAITING[:groups]:
        recommended(funding_round, slug)
    client.force_login(staff())
    # 1 session, 1 user (with group and borough), 1 round; the awards (with group and
    # borough), 1 for all their instalments, 1 for the count and totals, 1 for the quarter
    # totals; 1 count of applications waiting (the manager's button), 1 for the meetings with
    # their decision counts.
    with django_assert_num_queries(9):
        response = client.get(reverse("grants:award_list", kwargs={"year": 2011}))
    assert response.status_code == 200
    assert len(response.context["round_awards"].awards) == groups


@pytest.mark.parametrize("groups", [1, 4])
def test_the_batch_page_takes_four_queries(
    client, funding_round, django_assert_num_queries, groups
):
    for slug in WAITING[:groups]:
        recommended(funding_round, slug)
    client.force_login(staff())
    # 1 session, 1 user, 1 round, 1 for the applications waiting with their group and
    # borough: every row's summary and labels come from that one query.
    with django_assert_num_queries(4):
        response = client.get(reverse("grants:meeting_create", kwargs={"year": 2011}))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == groups


@pytest.mark.parametrize("groups", [1, 4])
def test_the_check_page_takes_a_fixed_number_of_queries(
    client, funding_round, django_assert_num_queries, groups
):
    for slug in WAITING[:groups]:
        recommended(funding_round, slug)
    client.force_login(staff())
    applications = list(funding_round.applications.order_by("cpeg__borough__name"))
    data = {
        "name": "Sub-committee",
        "held_on_0": "14",
        "held_on_1": "7",
        "held_on_2": "2011",
        "decisions-TOTAL_FORMS": str(groups),
        "decisions-INITIAL_FORMS": str(groups),
    }
    for index, application in enumerate(applications):
        data[f"decisions-{index}-application_pk"] = str(application.pk)
        data[f"decisions-{index}-outcome"] = "defer"
    response = client.post(reverse("grants:meeting_create", kwargs={"year": 2011}), data)
    assert response.status_code == 302
    # 1 session, 1 user, 1 round, 1 the applications waiting (with group and borough); the
    # check as recording would: a savepoint and its release, the round locked, the
    # applications locked, the same meeting recorded before?, the round's awards so far (its
    # ceiling).
    with django_assert_num_queries(10):
        response = client.get(reverse("grants:meeting_check", kwargs={"year": 2011}))
    assert response.status_code == 200
    assert len(response.context["decided"]) == groups
