import pytest

from accounts.models import Role
from boroughs.models import Borough
from boroughs.permissions import can_list_boroughs, can_view_borough
from boroughs.selectors import borough_visible_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_the_list_shows_exactly_the_boroughs_the_user_may_view(user_in_role, role):
    user = user_in_role(role)
    listed = set(borough_visible_list(user=user).values_list("slug", flat=True))
    viewable = {b.slug for b in Borough.objects.all() if can_view_borough(user, b)}
    assert listed == viewable


@pytest.mark.parametrize(
    ("role", "count"),
    [
        (Role.SECRETARY, 1),
        (Role.CHAIR, 1),
        (Role.POLICE_PARTNER, 1),
        (Role.COUNCIL_PARTNER, 1),
        (Role.LINK_OFFICER, 32),
        (Role.FUNDING_MANAGER, 32),
        (Role.COMMITTEE_MEMBER, 0),
    ],
)
def test_how_many_boroughs_each_role_sees(user_in_role, role, count):
    assert borough_visible_list(user=user_in_role(role)).count() == count


def test_a_committee_member_may_not_list_boroughs(user_in_role):
    assert not can_list_boroughs(user_in_role(Role.COMMITTEE_MEMBER))
