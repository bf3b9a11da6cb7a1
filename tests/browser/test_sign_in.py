"""Signing in and out through the real form in Chromium, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import BOROUGH_ROLES, Role, User
from boroughs.models import Borough
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory

# The live server reads what the test writes, so each test commits for real. The boroughs
# come from a data migration: serialized_rollback puts them back after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_user(role: Role) -> User:
    fields = {}
    if role in BOROUGH_ROLES:
        fields["cpeg"] = Borough.objects.get(slug="barnet").cpeg
    return UserFactory(role=role, **fields)


def expect_sign_in_page(page: Page, live_server) -> None:
    assert page.url == f"{live_server.url}/accounts/login/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CPEG Portal")


def test_the_sign_in_page_is_accessible(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None
    assert response.status == 200
    expect(page).to_have_title("Sign in – CPEG Portal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CPEG Portal")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.SECRETARY, "Your tasks"),
        (Role.CHAIR, "Your tasks"),
        (Role.POLICE_PARTNER, "Your tasks"),
        (Role.COUNCIL_PARTNER, "Your tasks"),
        (Role.LINK_OFFICER, "Borough overview"),
        (Role.FUNDING_MANAGER, "Borough overview"),
        (Role.COMMITTEE_MEMBER, "Committee reports"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_own_home_page(page, live_server, role, heading):
    user = make_user(role)
    sign_in(page, live_server, user.username, PASSWORD)
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_the_error_summary(page, live_server):
    user = make_user(Role.SECRETARY)
    sign_in(page, live_server, user.username, "not-the-password")
    expect_sign_in_page(page, live_server)
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text(
        "Enter a correct username and password. Both are case-sensitive."
    )
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)


def test_a_borough_user_cannot_open_another_borough(page, live_server):
    user = make_user(Role.SECRETARY)
    sign_in(page, live_server, user.username, PASSWORD)
    response = page.goto(f"{live_server.url}/boroughs/camden/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Camden")).to_have_count(0)
    assert_accessible(page)


def test_signing_out_returns_to_the_sign_in_page(page, live_server):
    user = make_user(Role.SECRETARY)
    sign_in(page, live_server, user.username, PASSWORD)
    assert page.url == f"{live_server.url}/"
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect_sign_in_page(page, live_server)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    # Signed out for real: the home page now sends the visitor back to sign in.
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/"
