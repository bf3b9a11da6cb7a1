"""Borough outlines in Chromium: the partners reach consensus; and a disputed outline is
brokered to agreement. Every page on the way is checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from boroughs.models import Borough
from grants.models import BrokeringContact, Outline, OutlineStatus, RoundStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.grants.factories import make_round
from tests.grants.outlines_support import borough_people, start

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_the_secretary_drafts_and_the_three_signatories_reach_consensus(page, live_server):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    people = borough_people(barnet)
    group_page = live_server.url + reverse(
        "grants:group_round", kwargs={"year": funding_round.year_start, "slug": "barnet"}
    )

    sign_in(page, live_server, people.secretary.username, PASSWORD)
    page.goto(group_page)
    expect(heading(page)).to_have_text("Funding 2011/12")
    expect(page.get_by_text("Not started")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write the outline").click()
    expect(heading(page)).to_have_text("Write the borough outline")
    assert_accessible(page)
    page.get_by_label("Proposed sum").fill("forty thousand")
    page.get_by_role("button", name="Save and ask for signatures").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the borough’s position: where the partners stand"
    )
    expect(page).to_have_title(
        f"Error: Write the borough outline – {barnet.cpeg.name} – CPEG Portal"
    )
    assert_accessible(page)
    page.get_by_label("The borough’s position").fill(
        "Police, council and community agree on public meetings in every ward."
    )
    page.get_by_label("Proposed activities").fill("Quarterly public meetings and a youth forum.")
    page.get_by_label("Proposed sum").fill("40,000")
    page.get_by_role("button", name="Save and ask for signatures").click()
    expect(heading(page)).to_have_text("Borough outline 2011/12")
    expect(page.get_by_text("Awaiting signatures").first).to_be_visible()
    assert_accessible(page)
    outline_page = page.url
    sign_out(page)

    for signatory in people.signatories:
        sign_in(page, live_server, signatory.username, PASSWORD)
        page.goto(group_page)
        assert_accessible(page)
        page.get_by_role("link", name="Sign the outline").click()
        expect(heading(page)).to_have_text("Sign the outline")
        expect(page.get_by_text("Quarterly public meetings and a youth forum.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Sign the outline as it stands (version 1)").click()
        expect(page).to_have_url(outline_page)
        assert_accessible(page)
        sign_out(page)

    outline = Outline.objects.get()
    assert outline.status == OutlineStatus.CONSENSUS
    sign_in(page, live_server, people.secretary.username, PASSWORD)
    page.goto(outline_page)
    expect(page.locator(".govuk-tag", has_text="Consensus")).to_be_visible()
    expect(page.get_by_text("Consensus reached")).to_be_visible()  # the history
    assert_accessible(page)


def test_a_partner_declines_and_the_link_officer_brokers_agreement(page, live_server):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    people = borough_people(barnet)
    outline = start(funding_round, people, barnet)
    outline_page = live_server.url + reverse("grants:outline", kwargs={"pk": outline.pk})

    sign_in(page, live_server, people.police.username, PASSWORD)
    page.goto(outline_page)
    assert_accessible(page)
    page.get_by_role("link", name="Decline the outline").click()
    expect(heading(page)).to_have_text("Decline the outline")
    assert_accessible(page)
    page.get_by_role("button", name="Decline the outline (version 1)").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you decline the outline")
    assert_accessible(page)
    page.get_by_label("Why do you decline the outline?").fill(
        "The youth forum duplicates the Safer Neighbourhoods panel."
    )
    page.get_by_role("button", name="Decline the outline (version 1)").click()
    expect(page.locator(".govuk-tag", has_text="Disputed")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server, people.officer.username, PASSWORD)
    page.goto(
        live_server.url + reverse("grants:outline_list", kwargs={"year": funding_round.year_start})
    )
    expect(heading(page)).to_have_text("Borough outlines")
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="Disputed")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row")).to_have_count(2)  # the header and Barnet
    assert_accessible(page)
    page.get_by_role("link", name="Barnet outline").click()
    expect(heading(page)).to_have_text("Borough outline 2011/12")
    assert_accessible(page)

    page.get_by_role("link", name="Log a brokering contact").click()
    expect(heading(page)).to_have_text("Log a brokering contact")
    assert_accessible(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("Who did you speak to or meet?").fill("Borough Commander and CPEG chair")
    page.get_by_label("Notes").fill("Agreed to fold the youth forum into the ward panels.")
    page.get_by_role("button", name="Log the contact").click()
    expect(page.get_by_role("alert")).to_contain_text("The date of the contact must be a real date")
    assert_accessible(page)
    page.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Log the contact").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Brokering contact logged")
    contacts = page.locator("table", has=page.locator("caption", has_text="Brokering contacts"))
    expect(contacts).to_contain_text("28 February 2011")
    assert_accessible(page)

    page.get_by_role("link", name="Record the brokering outcome").click()
    expect(heading(page)).to_have_text("Record the brokering outcome")
    assert_accessible(page)
    page.get_by_label("Agreed", exact=True).check()
    page.get_by_label("What should the committee be told?").fill(
        "Partners agreed £36,000 with the youth forum folded into the ward panels."
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-tag", has_text="Brokered: agreed")).to_be_visible()
    assert_accessible(page)

    outline.refresh_from_db()
    assert outline.status == OutlineStatus.AGREED
    assert BrokeringContact.objects.get().contact_with == "Borough Commander and CPEG chair"
