"""The funding manager sets up a round in Chromium: creates it (after fixing a ceiling over
the total budget and an impossible date), adds an objective, tops up the access-needs fund
and reads the ledger. Every page on the way is checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Role
from grants.models import FundingRound, RoundStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATES = {
    "Outlines due": ("11", "5", "2012"),
    "Applications due": ("15", "6", "2012"),
    "Quarter 1 return due": ("27", "7", "2012"),
    "Quarter 2 return due": ("26", "10", "2012"),
    "Quarter 3 return due": ("25", "1", "2013"),
    "Quarter 4 return due": ("26", "4", "2013"),
}


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def ledger_value(page: Page, key: str):
    key_cell = page.locator("dt").get_by_text(key, exact=True)
    row = page.locator("#ledger .govuk-summary-list__row", has=key_cell)
    return row.locator("dd")


def test_the_manager_sets_up_a_round_and_sees_its_ledger(page: Page, live_server):
    # Load the URLconf (and every view module it imports) here, before the first page: on a
    # busy machine that import can take longer than the browser waits for a page.
    reverse("grants:round_list")
    manager = UserFactory(role=Role.FUNDING_MANAGER)
    sign_in(page, live_server, manager.username, PASSWORD)

    page.goto(f"{live_server.url}/funding/rounds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding rounds")
    assert_accessible(page)

    page.get_by_role("link", name="Create a round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a funding round")
    assert_accessible(page)
    page.get_by_label("Financial year").fill("2012/13")
    page.get_by_label("Total budget").fill("1,400,000")
    page.get_by_label("Most that may be allocated to groups").fill("1500000")
    page.get_by_label("Access-needs fund at the start").fill("2000")
    for legend, parts in DATES.items():
        fill_date(page, legend, *parts)
    fill_date(page, "Outlines due", "31", "2", "2012")  # no 31 February
    page.get_by_role("button", name="Create the round").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "The most that may be allocated to groups must be no more than the total budget "
        "of £1,400,000.00"
    )
    expect(summary).to_contain_text("The date outlines are due must be a real date")
    expect(page).to_have_title("Error: Create a funding round – CPEG Portal")
    assert_accessible(page)
    assert not FundingRound.objects.exists()

    page.get_by_label("Most that may be allocated to groups").fill("1,320,000")
    fill_date(page, "Outlines due", *DATES["Outlines due"])
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding round 2012/13")
    expect(page.get_by_text("Round 2012/13 created")).to_be_visible()
    expect(ledger_value(page, "Most that may be allocated to groups")).to_have_text("£1,320,000.00")
    assert_accessible(page)

    page.get_by_role("link", name="Add an objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an objective")
    assert_accessible(page)
    page.get_by_label("Code").fill("O1")
    page.get_by_label("Title").fill("Public meetings and engagement events")
    page.get_by_role("button", name="Add the objective").click()
    expect(page.get_by_text("Objective O1 added")).to_be_visible()
    expect(page.locator("#objectives + .govuk-summary-list")).to_contain_text(
        "Public meetings and engagement events"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Top up the fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Top up the access-needs fund")
    assert_accessible(page)
    page.get_by_label("Amount to add").fill("250.555")
    page.get_by_role("button", name="Top up the fund").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the amount to add in pounds and pence, with no more than 2 decimal places"
    )
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the reason, so the committee can see why"
    )
    assert_accessible(page)
    page.get_by_label("Amount to add").fill("250.50")
    page.get_by_label("Why is the fund being topped up?").fill("A hearing loop for Barnet")
    page.get_by_role("button", name="Top up the fund").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Funding round 2012/13")
    expect(ledger_value(page, "Access-needs fund")).to_contain_text("£2,250.50")
    expect(ledger_value(page, "Available in the access-needs fund")).to_have_text("£2,250.50")
    expect(ledger_value(page, "Approved")).to_have_text("£0.00")
    expect(page.get_by_role("table", name="Access-needs fund history")).to_contain_text(
        "A hearing loop for Barnet"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Open the round for outlines").click()
    expect(page.get_by_text("Round 2012/13 is now open for outlines")).to_be_visible()
    assert_accessible(page)
    assert FundingRound.objects.get().status == RoundStatus.OUTLINES_OPEN
