"""Every rounds page, for anonymous users, every role and another borough's users.

An open round is read by everyone signed in; one being set up only by MPA staff (404 for
others, as if it did not exist). Only the funding manager changes a round: the other roles
get 403 from those pages. The money is for MPA staff and the committee."""

import pytest
from django.urls import reverse

from accounts.models import Role
from grants.models import RoundStatus
from tests.grants.factories import make_round

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
MPA_STAFF = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}

# (url name, needs the round, needs an objective, manager only, status for the manager on GET)
PAGES = [
    ("round_list", False, False, False, 200),
    ("round_create", False, False, True, 200),
    ("round", True, False, False, 200),
    ("round_edit", True, False, True, 200),
    ("round_status", True, False, True, 405),  # POST only
    ("objective_add", True, False, True, 200),
    ("objective_edit", True, True, True, 200),
    ("access_top_up", True, False, True, 200),
    ("access_drawdown", True, False, True, 200),
]
IDS = [page[0] for page in PAGES]


def page_url(name, funding_round, needs_round, needs_objective):
    kwargs = {}
    if needs_round:
        kwargs["year"] = funding_round.year_start
    if needs_objective:
        kwargs["pk"] = funding_round.objectives.get(code="O1").pk
    return reverse(f"grants:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "needs_round", "needs_objective", "manager_only", "manager_status"), PAGES, ids=IDS
)
@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_an_open_round(
    client, user_in_role, name, needs_round, needs_objective, manager_only, manager_status, role
):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    url = page_url(name, funding_round, needs_round, needs_objective)
    if role is None:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        return
    client.force_login(user_in_role(role))
    status = client.get(url).status_code
    if role == Role.FUNDING_MANAGER:
        assert status == manager_status
    elif manager_only:
        assert status == 403
    else:
        assert status == 200


@pytest.mark.parametrize(
    ("name", "needs_round", "needs_objective", "manager_only", "manager_status"),
    [p for p in PAGES if p[1]],
    ids=[p[0] for p in PAGES if p[1]],
)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_a_round_being_set_up_is_hidden_from_all_but_mpa_staff(
    client, user_in_role, name, needs_round, needs_objective, manager_only, manager_status, role
):
    funding_round = make_round(status=RoundStatus.SETUP)
    client.force_login(user_in_role(role))
    status = client.get(page_url(name, funding_round, needs_round, needs_objective)).status_code
    if role == Role.FUNDING_MANAGER:
        assert status == manager_status
    elif role in MPA_STAFF:
        assert status == (403 if manager_only else 200)
    else:
        assert status == 404


@pytest.mark.parametrize(
    ("name", "needs_round", "needs_objective", "manager_only", "manager_status"), PAGES, ids=IDS
)
@pytest.mark.parametrize("role", BOROUGH_ROLES, ids=lambda r: r.value)
def test_another_boroughs_users_are_treated_like_any_borough_user(
    client,
    user_in_role,
    camden,
    name,
    needs_round,
    needs_objective,
    manager_only,
    manager_status,
    role,
):
    funding_round = make_round(status=RoundStatus.APPLICATIONS_OPEN)
    client.force_login(user_in_role(role, borough=camden))
    url = page_url(name, funding_round, needs_round, needs_objective)
    assert client.get(url).status_code == (403 if manager_only else 200)
    assert client.post(url).status_code == (403 if manager_only else 405)


def test_a_missing_round_or_objective_is_404_even_for_the_manager(client, user_in_role):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    other = make_round(year_start=2012, status=RoundStatus.OUTLINES_OPEN)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    assert client.get(reverse("grants:round", kwargs={"year": 2030})).status_code == 404
    objective_of_other_round = other.objectives.get(code="O1")
    url = reverse(
        "grants:objective_edit",
        kwargs={"year": funding_round.year_start, "pk": objective_of_other_round.pk},
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role", [r for r in Role if r != Role.FUNDING_MANAGER], ids=lambda r: r.value
)
def test_no_one_but_the_manager_changes_the_round_by_posting(client, user_in_role, barnet, role):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    client.force_login(user_in_role(role))
    year = {"year": 2011}
    posts = [
        ("round_status", year, {"transition": "open_applications"}),
        ("objective_add", year, {"code": "O9", "title": "New"}),
        ("access_top_up", year, {"amount": "10", "reason": "Why"}),
        ("access_drawdown", year, {"cpeg": barnet.cpeg.pk, "amount": "10", "reason": "Why"}),
    ]
    for name, kwargs, data in posts:
        assert client.post(reverse(f"grants:{name}", kwargs=kwargs), data).status_code == 403
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.OUTLINES_OPEN
    assert funding_round.objectives.count() == 5
    assert not funding_round.access_fund_top_ups.exists()
    assert not funding_round.access_fund_drawdowns.exists()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_money_is_shown_only_to_mpa_staff_and_the_committee(client, user_in_role, role):
    make_round(status=RoundStatus.APPLICATIONS_OPEN)
    client.force_login(user_in_role(role))
    html = client.get(reverse("grants:round", kwargs={"year": 2011})).content.decode()
    shows_money = role in MPA_STAFF or role == Role.COMMITTEE_MEMBER
    assert ('id="ledger"' in html) is shows_money
    assert ("Access-needs fund" in html) is shows_money
    assert ("£1,400,000.00" in html) is shows_money
    # Everyone who may see the round reads its objectives and deadlines.
    assert "Public meetings and engagement events" in html
    assert "Quarter 4 return due" in html


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_round_list_shows_rounds_being_set_up_only_to_mpa_staff(client, user_in_role, role):
    make_round(year_start=2011, status=RoundStatus.CLOSED)
    make_round(year_start=2012, status=RoundStatus.SETUP)
    client.force_login(user_in_role(role))
    response = client.get(reverse("grants:round_list"))
    labels = [r.label for r in response.context["rounds"]]
    assert labels == (["2012/13", "2011/12"] if role in MPA_STAFF else ["2011/12"])
