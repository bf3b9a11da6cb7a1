"""Every export page and download, for an anonymous visitor, each of the seven roles and a
user of another borough. Link officers and the funding manager may use the page and the CSV
and Excel downloads; only the funding manager downloads 360Giving data. Anyone else signed
in gets 403, as for the London-wide diversity downloads: these are pages for a role."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.grants.exports_builders import borough, build_round_2011

pytestmark = pytest.mark.django_db

STAFF = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}
MANAGER = {Role.FUNDING_MANAGER}

VIEWS = [
    ("exports", reverse("grants:exports", kwargs={"year": 2011}), STAFF),
    (
        "applications csv",
        reverse("grants:export_applications", kwargs={"year": 2011, "fmt": "csv"}),
        STAFF,
    ),
    (
        "applications xlsx",
        reverse("grants:export_applications", kwargs={"year": 2011, "fmt": "xlsx"}),
        STAFF,
    ),
    ("awards csv", reverse("grants:export_awards", kwargs={"year": 2011, "fmt": "csv"}), STAFF),
    ("awards xlsx", reverse("grants:export_awards", kwargs={"year": 2011, "fmt": "xlsx"}), STAFF),
    ("360giving", reverse("grants:export_360giving", kwargs={"year": 2011}), MANAGER),
]


@pytest.fixture(autouse=True)
def round_2011():
    return build_round_2011()


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_the_page_or_403(client, user_in_role, view, url, allowed, role):
    client.force_login(user_in_role(role))
    assert client.get(url).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR])
def test_a_group_whose_borough_is_in_the_export_still_gets_403(
    client, user_in_role, view, url, allowed, role
):
    """Barnet's secretary and chair (their application and award are in the files) may not
    download the round's figures for every borough."""
    client.force_login(user_in_role(role, borough("barnet")))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER])
def test_a_user_of_another_borough_gets_403(client, user_in_role, view, url, allowed, role):
    client.force_login(user_in_role(role, borough("hackney")))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, view, url, allowed):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
def test_a_refusal_shows_no_figures(client, user_in_role, view, url, allowed):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    content = client.get(url).content.decode()
    assert "You cannot see this page" in content
    assert "38500" not in content
    assert "CPEG-2011-BARNET" not in content


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
def test_a_round_that_does_not_exist_is_not_found_for_those_allowed(
    client, user_in_role, view, url, allowed
):
    client.force_login(user_in_role(next(iter(allowed))))
    assert client.get(url.replace("/2011/", "/2009/")).status_code == 404


@pytest.mark.parametrize(("view", "url", "allowed"), VIEWS)
def test_a_round_that_does_not_exist_still_sends_an_anonymous_visitor_to_sign_in(
    client, view, url, allowed
):
    assert client.get(url.replace("/2011/", "/2009/")).status_code == 302


def test_a_link_officer_asking_for_a_round_that_does_not_exist_is_refused_360giving_first(
    client, user_in_role
):
    """The role is checked before the round is looked up: nothing is learnt by guessing."""
    client.force_login(user_in_role(Role.LINK_OFFICER))
    url = reverse("grants:export_360giving", kwargs={"year": 2009})
    assert client.get(url).status_code == 403
