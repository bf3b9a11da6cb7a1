"""The home page's next step in Chromium: the police and council partners each sign the
outline from the button on their home page, and the secretary's home page then asks for
the full application. Every page on the way is checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from boroughs.models import Borough
from grants.models import Outline, OutlineStatus, RoundStatus
from grants.services import outlines, rounds
from grants.workflows.round import OPEN_APPLICATIONS
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.grants.factories import make_round, staff
from tests.grants.outlines_support import borough_people, start

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def heading(page: Page, level: int = 1):
    return page.get_by_role("heading", level=level)


def sign_from_home(page: Page, live_server, username: str, outline_page: str) -> None:
    """The signatory signs in, follows the home page's button, signs, lands on the outline,
    and the home page no longer asks."""
    sign_in(page, live_server, username, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Your signature is needed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Read and sign the outline").click()
    expect(heading(page)).to_have_text("Sign the outline")
    assert_accessible(page)
    page.get_by_role("button", name="Sign the outline as it stands (version 1)").click()
    expect(page).to_have_url(outline_page)
    assert_accessible(page)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Your signature is needed")).to_have_count(0)
    expect(page.get_by_role("button", name="Read and sign the outline")).to_have_count(0)
    assert_accessible(page)


def test_the_partners_sign_from_the_home_page_and_the_secretary_is_asked_to_apply(
    page, live_server
):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    people = borough_people(barnet)
    outline = start(funding_round, people, barnet)
    outline = outlines.outline_sign(user=people.chair, outline=outline, version=outline.version)
    rounds.round_move(user=staff(), funding_round=funding_round, transition=OPEN_APPLICATIONS)
    outline_page = live_server.url + reverse("grants:outline", kwargs={"pk": outline.pk})

    sign_from_home(page, live_server, people.police.username, outline_page)
    expect(page.get_by_role("heading", name="You have signed the outline")).to_be_visible()
    expect(page.get_by_text("Still to sign: the council partner.")).to_be_visible()
    sign_out(page)
    assert Outline.objects.get().status == OutlineStatus.DRAFT

    sign_from_home(page, live_server, people.council.username, outline_page)
    expect(page.get_by_role("heading", name="The outline is agreed")).to_be_visible()
    sign_out(page)
    assert Outline.objects.get().status == OutlineStatus.CONSENSUS

    sign_in(page, live_server, people.secretary.username, PASSWORD)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Start your application")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start your application").click()
    expect(heading(page)).to_have_text("Apply for 2011/12 funding")
    assert_accessible(page)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Continue your application")).to_be_visible()
    assert_accessible(page)
