"""Every view, every role: who gets the page, who is sent to sign in, who gets 403 or 404.

Borough users belong to Barnet. A page of another borough answers 404 to them, exactly as
if it did not exist.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

ANONYMOUS = None
BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
ALL_ROLES = [*BOROUGH_ROLES, Role.LINK_OFFICER, Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER]


def expected(default: int, **by_role: int) -> dict:
    """Status for anonymous (sign in) and every role, with the exceptions named."""
    statuses = {ANONYMOUS: by_role.pop("anonymous", 302)}
    for role in ALL_ROLES:
        statuses[role] = by_role.get(role.value, default)
    return statuses


EVERY_ROLE_SIGNED_IN = expected(200)
MPA_STAFF_ONLY = expected(
    404, link_officer=200, funding_manager=200, secretary=404, committee_member=404
)

PAGES = {
    "home": (reverse("home"), EVERY_ROLE_SIGNED_IN),
    "account": (reverse("account"), EVERY_ROLE_SIGNED_IN),
    "password change": (reverse("password_change"), EVERY_ROLE_SIGNED_IN),
    "borough list": (reverse("boroughs:list"), expected(200, committee_member=403)),
    "own borough": (
        reverse("boroughs:detail", kwargs={"slug": "barnet"}),
        expected(200, committee_member=404),
    ),
    "another borough": (reverse("boroughs:detail", kwargs={"slug": "camden"}), MPA_STAFF_ONLY),
    "a borough that does not exist": (
        reverse("boroughs:detail", kwargs={"slug": "city-of-london"}),
        expected(404),
    ),
    # The admin sends whoever it does not admit to its sign-in URL; see the tests below.
    "administration": (reverse("admin:index"), expected(302, funding_manager=200)),
    "health check": (reverse("healthz"), expected(200, anonymous=200)),
    "accessibility statement": (reverse("accessibility"), expected(200, anonymous=200)),
    "privacy notice": (reverse("privacy"), expected(200, anonymous=200)),
    "sign in": (reverse("login"), expected(302, anonymous=200)),
    "password reset": (reverse("password_reset"), expected(200, anonymous=200)),
    "password changed": (reverse("password_change_done"), EVERY_ROLE_SIGNED_IN),
    "reset link sent": (reverse("password_reset_done"), expected(200, anonymous=200)),
    "password reset done": (reverse("password_reset_complete"), expected(200, anonymous=200)),
    "an expired reset link": (
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "expired-token"}),
        expected(200, anonymous=200),
    ),
}

CASES = [
    pytest.param(url, role, statuses[role], id=f"{name}-{role or 'anonymous'}")
    for name, (url, statuses) in PAGES.items()
    for role in [ANONYMOUS, *ALL_ROLES]
]


@pytest.mark.parametrize(("url", "role", "status"), CASES)
def test_page_answers_each_role_as_it_should(client, user_in_role, url, role, status):
    if role is not None:
        client.force_login(user_in_role(role))
    response = client.get(url)
    assert response.status_code == status
    if role is None and status == 302 and not url.startswith("/admin/"):
        assert response["Location"].startswith(reverse("login"))


def test_the_admin_sends_an_anonymous_visitor_to_the_portal_sign_in(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=/admin/"


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.FUNDING_MANAGER])
def test_the_admin_refuses_everyone_but_the_funding_manager(client, user_in_role, role):
    client.force_login(user_in_role(role))
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_the_funding_manager_can_edit_users_in_the_admin(client, user_in_role):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:boroughs_borough_changelist")).status_code == 200


@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_a_borough_user_gets_404_for_every_page_of_another_borough(
    client, user_in_role, role, camden
):
    client.force_login(user_in_role(role))
    response = client.get(camden.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert camden.cpeg.name not in response.content.decode()


def test_a_secretary_lists_only_their_own_borough(client, user_in_role):
    client.force_login(user_in_role(Role.SECRETARY))
    response = client.get(reverse("boroughs:list"))
    assert [b.slug for b in response.context["boroughs"]] == ["barnet"]


def test_mpa_staff_list_all_32_boroughs(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    response = client.get(reverse("boroughs:list"))
    assert len(response.context["boroughs"]) == 32


def test_sign_out_is_a_post(client, user_in_role):
    client.force_login(user_in_role(Role.SECRETARY))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_403_page_uses_the_portal_layout(client, user_in_role):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    response = client.get(reverse("boroughs:list"))
    content = response.content.decode()
    assert "You cannot see this page" in content
    assert "CPEG Portal" in content
    assert "Accessibility statement" in content


@override_settings(
    SUPPORT_TEAM="Grants Help Desk", SUPPORT_EMAIL="help@example.org", SUPPORT_PHONE="0300 123 4567"
)
def test_the_accessibility_statement_gives_the_contact_from_settings(client):
    content = client.get(reverse("accessibility")).content.decode()
    assert "contact the Grants Help Desk" in content
    assert '<a class="govuk-link" href="mailto:help@example.org">help@example.org</a>' in content
    assert "0300 123 4567" in content
