"""The London-wide pages read a fixed number of queries, however many groups return."""

import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough

pytestmark = pytest.mark.django_db

SEX = {"female": 2, "male": 2, "prefer-not-to-say": 1}


@pytest.fixture
def returns_from(make_return):
    """Returns for 2011/12 and 2010/11 from the first ``groups`` boroughs."""

    def make(groups: int) -> None:
        for borough in Borough.objects.select_related("cpeg")[:groups]:
            make_return(borough, members=5, counts={"sex": SEX})
            make_return(borough, members=5, year_start=2010)

    return make


@pytest.fixture
def officer_client(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    return client


@pytest.mark.parametrize("groups", [2, 12, 32])
def test_the_year_page_takes_twelve_queries(
    officer_client, returns_from, django_assert_num_queries, groups
):
    returns_from(groups)
    # 1 session, 1 user; then 10 (aggregates.london_year): 1 every category with its
    # London-wide count, groups and members annotated, 1 the returns with their groups,
    # 1 the groups without one, 1 "Prefer not to say"/"Not known" summed per return and
    # question, 1 the categories each return has members in, 2 this year's and 2 last
    # year's members and counts by kind, 1 the population benchmarks.
    with django_assert_num_queries(12):
        response = officer_client.get(reverse("diversity:london_year", kwargs={"year_start": 2011}))
    assert len(response.context["london"].returns) == groups
    assert len(response.context["london"].completeness) == groups


def test_a_year_without_returns_also_takes_twelve_queries(
    officer_client, django_assert_num_queries
):
    # As above, plus 2 to find the year's census classification and then its categories,
    # since no return names one; less the 2 per-return queries, which Django does not send
    # for an empty list of returns.
    with django_assert_num_queries(12):
        officer_client.get(reverse("diversity:london_year", kwargs={"year_start": 2011}))


@pytest.mark.parametrize("groups", [2, 32])
def test_the_index_takes_three_queries(
    officer_client, returns_from, django_assert_num_queries, groups
):
    returns_from(groups)
    # 1 session, 1 user, 1 the years with the number of groups that returned in each.
    with django_assert_num_queries(3):
        response = officer_client.get(reverse("diversity:london_index"))
    assert [year.groups for year in response.context["years"]] == [groups, groups]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("groups", [2, 32])
def test_each_download_takes_three_queries(
    officer_client, returns_from, django_assert_num_queries, kind, groups
):
    returns_from(groups)
    # 1 session, 1 user, 1 every category with its London-wide count and members.
    with django_assert_num_queries(3):
        response = officer_client.get(
            reverse(f"diversity:london_{kind}", kwargs={"year_start": 2011})
        )
    assert response.status_code == 200
