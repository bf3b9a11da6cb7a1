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
