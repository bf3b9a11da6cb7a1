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


def test_the_officer_home_page_takes_six_queries_without_a_round(
    client, user_in_role, barnet, camden, django_assert_num_queries
):
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet, camden]))
    # 1 session, 1 user, 1 the current funding round (none here), 1 the boroughs with their
    # group and counts annotated, 1 the diversity returns for the year due, 1 the returns
    # waiting to be accepted.
    with django_assert_num_queries(6):
        client.get(reverse("home"))


def _every_borough_busy():
    """Every one of the 32 boroughs has an outline in the round (half of them a submitted
    application) and a submitted diversity return for the year due."""
    from boroughs.models import Borough
    from diversity.selectors import return_year_due
    from grants.models import RoundStatus
    from grants.services import rounds
    from grants.workflows.round import OPEN_APPLICATIONS
    from tests.diversity.factories import DiversityReturnFactory
    from tests.grants.factories import ApplicationFactory, OutlineFactory, make_round, staff

    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    boroughs = list(Borough.objects.select_related("cpeg").order_by("name"))
    for index, borough in enumerate(boroughs):
        if index % 2:
            OutlineFactory(funding_round=funding_round, cpeg=borough.cpeg, disputed=True)
    funding_round = rounds.round_move(
        user=staff(), funding_round=funding_round, transition=OPEN_APPLICATIONS
    )
    for index, borough in enumerate(boroughs):
        if not index % 2:
            ApplicationFactory(funding_round=funding_round, borough=borough, submitted=True)
        DiversityReturnFactory(
            cpeg=borough.cpeg, year_start=return_year_due(), submitted=True, member_count=4
        )
    return boroughs


def test_the_funding_manager_home_page_reads_32_busy_boroughs_in_nine_queries(
    client, user_in_role, django_assert_num_queries
):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    _every_borough_busy()
    make_round(year_start=2012, status=RoundStatus.SETUP)  # next year's: not counted
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    # 1 session, 1 user, 1 the newest opened round, 1 the boroughs, 1 the round's outlines,
    # 1 its submitted applications, 1 the returns for the year due, 1 those to accept,
    # 1 the quarterly returns waiting for review and overdue, counted.
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    overview = response.context["overview"]
    assert len(overview.rows) == 32
    assert (overview.work.disputed_outlines, overview.work.to_review) == (16, 16)
    assert len(overview.work.returns_to_accept) == 32


def test_a_link_officer_s_home_page_takes_as_many_queries_for_32_boroughs_as_for_one(
    client, user_in_role, django_assert_num_queries
):
    boroughs = _every_borough_busy()
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=boroughs))
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert len(response.context["overview"].rows) == 32


def test_each_borough_user_s_home_page_takes_nine_queries_at_most(
    client, django_assert_max_num_queries
):
    from accounts.models import User
    from diversity.selectors import return_year_due
    from grants.models import RoundStatus
    from tests.diversity.factories import DiversityReturnFactory
    from tests.grants.factories import OutlineFactory, make_round

    boroughs = _every_borough_busy()
    OutlineFactory(
        draft=True,
        funding_round=make_round(year_start=2012, status=RoundStatus.OUTLINES_OPEN),
    )
    barnet = next(b for b in boroughs if b.slug == "barnet")
    DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=return_year_due() - 1, returned=True, member_count=4
    )
    for role in (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER):
        client.force_login(User.objects.filter(role=role, cpeg__borough__slug="barnet").first())
        # 1 session, 1 user with group and borough, 1 the round for the header, 1 the round
        # for the page, 1 the outline, 1 its live signatures, 1 the application, 1 the
        # returns (the year due's, and last year's sent back with a question), 1 the
        # quarterly returns with their overall ratings.
        with django_assert_max_num_queries(9):
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert response.context["position"].earlier_sent_back is not None


def test_the_committee_home_page_takes_five_queries(
    client, user_in_role, django_assert_num_queries
):
    _every_borough_busy()
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    # 1 session, 1 user, 1 the current round, 1 the years with returns, 1 the latest meeting.
    with django_assert_num_queries(5):
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
