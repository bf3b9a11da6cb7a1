"""Every outline page, for anonymous users, all seven roles and another borough's people.

A borough's outline is for its own secretary, chair and partners, and for MPA staff; the
committee and other boroughs get 404, as if it did not exist. A page for an action the user
may not take on an outline they can see sends them back (302). The round's list of every
outline is for MPA staff: anyone else signed in gets 403.
"""

import pytest
from django.urls import reverse

from accounts.models import Role
from grants.models import Outline, OutlineStatus
from tests.grants.factories import make_outline

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
SIGNATORIES = [Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
STAFF = [Role.LINK_OFFICER, Role.FUNDING_MANAGER]
VIEWERS = [*BOROUGH_ROLES, *STAFF]


def expect(ok: list[Role], *, others: int, hidden: int = 404) -> dict:
    """200 for ``ok``; ``others`` for the rest who can see the page's subject; ``hidden``
    for those who cannot (the committee member)."""
    statuses = dict.fromkeys(VIEWERS, others)
    statuses |= dict.fromkeys(ok, 200)
    statuses[Role.COMMITTEE_MEMBER] = hidden
    return statuses


# (url name, outline state needed (None: no outline), status by role, status for Camden)
PAGES = [
    ("outline_list", OutlineStatus.DRAFT, expect(STAFF, others=403, hidden=403), 403),
    ("group_round", OutlineStatus.DRAFT, expect(VIEWERS, others=200), 404),
    ("outline_start", None, expect([Role.SECRETARY], others=302), 404),
    ("outline", OutlineStatus.DRAFT, expect(VIEWERS, others=200), 404),
    ("outline_edit", OutlineStatus.DRAFT, expect([Role.SECRETARY], others=302), 404),
    ("outline_sign", OutlineStatus.DRAFT, expect(SIGNATORIES, others=302), 404),
    ("outline_decline", OutlineStatus.DRAFT, expect(SIGNATORIES, others=302), 404),
    ("brokering_contact_add", OutlineStatus.DISPUTED, expect(STAFF, others=302), 404),
    ("brokering_outcome", OutlineStatus.DISPUTED, expect(STAFF, others=302), 404),
]
ROUND_PAGES = {"outline_list", "group_round", "outline_start"}


def page_url(name: str, funding_round, outline: Outline | None) -> str:
    if name == "outline_list":
        return reverse("grants:outline_list", kwargs={"year": funding_round.year_start})
    if name in ROUND_PAGES:
        return reverse(
            f"grants:{name}", kwargs={"year": funding_round.year_start, "slug": "barnet"}
        )
    return reverse(f"grants:{name}", kwargs={"pk": outline.pk})


@pytest.fixture
def barnet_page(outlines_round, barnet):
    def make(name: str, state: OutlineStatus | None) -> str:
        outline = None
        if state is not None:
            outline = make_outline(funding_round=outlines_round, cpeg=barnet.cpeg, status=state)
        return page_url(name, outlines_round, outline)

    return make


@pytest.mark.parametrize(("name", "state", "statuses", "camden_status"), PAGES)
def test_anonymous_users_are_sent_to_sign_in(
    client, barnet_page, name, state, statuses, camden_status
):
    response = client.get(barnet_page(name, state))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "state", "statuses", "camden_status"), PAGES)
def test_each_role_gets_what_it_may_see(
    client, user_in_role, barnet_page, name, state, statuses, camden_status, role
):
    url = barnet_page(name, state)
    client.force_login(user_in_role(role))
    assert client.get(url).status_code == statuses[role]


@pytest.mark.parametrize("role", BOROUGH_ROLES)
@pytest.mark.parametrize(("name", "state", "statuses", "camden_status"), PAGES)
def test_another_boroughs_people_cannot_see_barnets_pages(
    client, user_in_role, camden, barnet_page, name, state, statuses, camden_status, role
):
    url = barnet_page(name, state)
    client.force_login(user_in_role(role, borough=camden))
    assert client.get(url).status_code == camden_status
    assert client.post(url).status_code == camden_status


def test_a_camden_chair_gets_404_for_barnets_outline(
    client, user_in_role, outlines_round, barnet, camden
):
    outline = make_outline(
        funding_round=outlines_round, cpeg=barnet.cpeg, status=OutlineStatus.DRAFT
    )
    client.force_login(user_in_role(Role.CHAIR, borough=camden))
    assert client.get(reverse("grants:outline", kwargs={"pk": outline.pk})).status_code == 404
    assert (
        client.post(
            reverse("grants:outline_sign", kwargs={"pk": outline.pk}), {"version": 1}
        ).status_code
        == 404
    )
    assert not outline.signatures.exists()


def test_a_round_being_set_up_is_hidden_from_the_group(client, user_in_role, barnet):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    funding_round = make_round(status=RoundStatus.SETUP)
    client.force_login(user_in_role(Role.SECRETARY))
    url = reverse("grants:group_round", kwargs={"year": funding_round.year_start, "slug": "barnet"})
    assert client.get(url).status_code == 404


def test_an_unknown_round_or_borough_is_404(client, user_in_role, outlines_round):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    assert client.get(reverse("grants:outline_list", kwargs={"year": 1999})).status_code == 404
    assert (
        client.get(
            reverse("grants:group_round", kwargs={"year": 2011, "slug": "gotham"})
        ).status_code
        == 404
    )
    assert client.get(reverse("grants:outline", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.LINK_OFFICER, Role.COMMITTEE_MEMBER])
def test_only_signatories_can_sign_through_the_page(
    client, user_in_role, outlines_round, barnet, role
):
    outline = make_outline(
        funding_round=outlines_round, cpeg=barnet.cpeg, status=OutlineStatus.DRAFT
    )
    client.force_login(user_in_role(role))
    response = client.post(
        reverse("grants:outline_sign", kwargs={"pk": outline.pk}), {"version": 1}
    )
    assert response.status_code in (302, 404)
    assert not outline.signatures.exists()


@pytest.mark.parametrize("role", [*BOROUGH_ROLES, Role.COMMITTEE_MEMBER])
def test_only_mpa_staff_broker_through_the_page(client, user_in_role, outlines_round, barnet, role):
    outline = make_outline(
        funding_round=outlines_round, cpeg=barnet.cpeg, status=OutlineStatus.DISPUTED
    )
    client.force_login(user_in_role(role))
    response = client.post(
        reverse("grants:brokering_outcome", kwargs={"pk": outline.pk}),
        {"outcome": "agreed", "notes": "Agreed."},
    )
    assert response.status_code in (302, 404)
    assert Outline.objects.get().status == OutlineStatus.DISPUTED
