"""List pages read what they show in a fixed number of queries, however many rows."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_the_borough_list_takes_three_queries_for_32_boroughs(
    client, user_in_role, django_assert_num_queries
):
    for slug_role in (Role.SECRETARY, Role.CHAIR):
        user_in_role(slug_role)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    # 1 session, 1 user, 1 for the boroughs with their group and counts annotated.
    with django_assert_num_queries(3):
        response = client.get(reverse("boroughs:list"))
    assert len(response.context["boroughs"]) == 32


def test_the_officer_home_page_takes_four_queries(
    client, user_in_role, barnet, camden, django_assert_num_queries
):
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet, camden]))
    # 1 session, 1 user, 1 for the boroughs with their group and counts annotated,
    # 1 for the current funding round (none here, so no counts of waiting work).
    with django_assert_num_queries(4):
        client.get(reverse("home"))


def test_a_borough_page_takes_six_queries_however_many_people(
    client, user_in_role, barnet, django_assert_num_queries
):
    for _ in range(6):
        user_in_role(Role.CHAIR)
    client.force_login(user_in_role(Role.SECRETARY))
    # 1 session, 1 user with their group and borough (the header names them),
    # 1 the borough with its group, 1 its people, 1 its link officers,
    # 1 the current funding round, for the header's "Funding" link.
    with django_assert_num_queries(6):
        response = client.get(barnet.get_absolute_url())
    assert len(response.context["borough"].cpeg.active_members) == 7
