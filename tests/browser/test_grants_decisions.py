"""The funding manager records a committee meeting that funds one group and not another, sees
the award with its instalments and SLA milestones, and the funded group's secretary reads the
decision letter with the date by which it may appeal. Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from grants.models import ApplicationStatus, Award, Decision
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import make_application, make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def recommend(funding_round, slug: str, amount: str):
    return make_application(
        funding_round=funding_round,
        borough=Borough.objects.get(slug=slug),
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount=amount,
    )


def test_the_manager_records_a_meeting_and_the_group_reads_its_decision_letter(page, live_server):
    funding_round = make_round()
    barnet = recommend(funding_round, "barnet", "30000.00")
    recommend(funding_round, "camden", "25000.00")
    manager = UserFactory(username="manager", role=Role.FUNDING_MANAGER)

    sign_in(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/funding/rounds/2011/awards/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Awards and committee decisions")
    assert_accessible(page)

    page.get_by_role("link", name="Record a committee meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a committee meeting")
    assert_accessible(page)
    page.get_by_label("Which committee met?").fill("Community Engagement Sub-committee")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2011")
    barnet_row = page.get_by_role("group", name="What did the committee decide for Barnet?")
    barnet_row.get_by_label("Fund", exact=True).check()

    # Camden funded with conditions, but none given: the batch is refused, nothing saved,
    # the error beside Camden's row.
    camden_row = page.get_by_role("group", name="What did the committee decide for Camden?")
    camden_row.get_by_label("Fund with conditions", exact=True).check()
    page.get_by_label("Conditions for Camden").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the conditions the committee set for Camden"
    )
    expect(page).to_have_title("Error: Record a committee meeting, 2011/12 – CPEG Portal")
    assert_accessible(page)
    assert not Decision.objects.exists()

    page.get_by_role("group", name="What did the committee decide for Camden?").get_by_label(
        "Do not fund", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()

    # Check the answers; change Barnet's amount, then record.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the decisions before recording them"
    )
    expect(page.locator("main")).to_contain_text("£30,000.00")
    assert_accessible(page)
    assert not Decision.objects.exists()
    page.get_by_role("link", name="Change the amount awarded to Barnet").click()
    expect(page.get_by_label("Amount awarded to Barnet")).to_have_value("30000.00")
    page.get_by_label("Amount awarded to Barnet").fill("29000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("£29,000.00")
    page.get_by_role("button", name="Record the decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Engagement Sub-committee")
    expect(page.get_by_role("row", name="Camden")).to_contain_text("Do not fund")
    assert_accessible(page)

    page.get_by_role("link", name="Award CPEG-2011-BARNET-A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Award CPEG-2011-BARNET-A")
    instalments = page.get_by_role("table", name="Instalments")
    for quarter in (1, 2, 3, 4):
        expect(instalments.get_by_role("row", name=f"Quarter {quarter}")).to_contain_text(
            "£7,250.00"
        )
    expect(instalments.get_by_role("row", name="Total")).to_contain_text("£29,000.00")
    expect(page.get_by_role("table", name="Quarter 1: April to June 2011")).to_contain_text(
        "O1 step 1"
    )
    expect(page.get_by_role("table", name="Quarter 4: January to March 2012")).to_contain_text(
        "O5 step 4"
    )
    assert_accessible(page)
    award = Award.objects.get()
    assert award.amount == 29000

    page.get_by_role("link", name="Change the instalments").click()
    page.get_by_label("Quarter 1").fill("10000")
    page.get_by_role("button", name="Save the instalments").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The instalments add up to £31,750.00; they must add up to the award, £29,000.00"
    )
    assert_accessible(page)
    page.get_by_label("Quarter 2").fill("4500")
    page.get_by_role("button", name="Save the instalments").click()
    expect(page.get_by_role("table", name="Instalments")).to_contain_text("£10,000.00")
    assert_accessible(page)

    page.get_by_role("link", name="Back to awards and decisions").click()
    page.get_by_role("link", name="Award interim funding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Award interim funding")
    assert_accessible(page)

    # The funded group's secretary reads the letter.
    page.context.clear_cookies()
    sign_in(page, live_server, barnet.created_by.username, PASSWORD)
    page.goto(f"{live_server.url}/funding/decisions/{award.decision_id}/letter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision letter")
    expect(page.get_by_text("You can appeal this decision until 4 August 2011")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("£29,000.00")
    expect(page.locator("main")).to_contain_text("at the meeting of the Community Engagement")
    expect(page.locator("#appeals-contact")).to_contain_text("@")
    assert_accessible(page)

    page.get_by_role("link", name="Your funding agreement, CPEG-2011-BARNET-A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Award CPEG-2011-BARNET-A")
    assert_accessible(page)
