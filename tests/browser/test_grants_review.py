"""A link officer reviews an application in Chromium: filters the list to her boroughs,
comments on an objective, asks for changes; after the group resubmits (written directly here:
the secretary's pages are tested with the full journey) she sees what changed and recommends
with conditions. Every page on the way is checked with axe-core."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, BudgetCategory, ReviewComment
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import make_round
from tests.grants.review_support import resubmit, set_budget_line, submitted_application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_officer_reviews_asks_for_changes_then_recommends(page, live_server):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    camden = Borough.objects.select_related("cpeg").get(slug="camden")
    funding_round = make_round()
    application = submitted_application(funding_round, barnet)
    submitted_application(funding_round, camden)
    officer = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[barnet])
    sign_in(page, live_server, officer.username, PASSWORD)

    # The list, filtered to the boroughs assigned to her.
    page.goto(f"{live_server.url}/funding/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications to review")
    table = page.locator("table")
    expect(table).to_contain_text("Camden")
    assert_accessible(page)
    page.get_by_label("Only boroughs assigned to me").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(table.locator("caption")).to_have_text("1 application matching the filters")
    expect(page.get_by_label("Status")).to_have_value("submitted")  # opens on what is waiting
    expect(table).not_to_contain_text("Camden")
    assert_accessible(page)

    # The application as submitted; a comment on objective O2.
    table.get_by_role("link", name="Barnet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(barnet.cpeg.name)
    expect(page.get_by_text("Administration is 30.0% of the budget")).to_be_visible()
    assert_accessible(page)
    comment_box = page.get_by_label("Your comment on O2")
    comment_box.fill("Say which Safer Neighbourhoods panels you will attend.")
    page.get_by_role("button", name="Add comment on O2").click()
    expect(page.get_by_role("alert")).to_contain_text("Comment added on O2")
    expect(page.locator("main")).to_contain_text("Say which Safer Neighbourhoods panels")
    assert_accessible(page)

    # Asking for changes: first without a message, then with one.
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what the group needs to change")
    assert_accessible(page)
    page.get_by_label("What does the group need to change?").fill(
        "Please answer the comment on O2 and cost the training properly."
    )
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("alert")).to_contain_text("sent back to the group for changes")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Changes requested")
    expect(page.get_by_role("button", name="Recommend")).to_have_count(0)
    assert_accessible(page)
    assert ReviewComment.objects.filter(application=application, version=1).count() == 2

    # The group moves £500 from "other" to training and submits version 2, still asking for
    # £40,000 (their pages are not tested here).
    set_budget_line(application, BudgetCategory.TRAINING, "3500.00")
    set_budget_line(application, BudgetCategory.OTHER, "1000.00")
    resubmit(application)

    page.reload()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Version 2")
    page.get_by_role("link", name="See what changed between versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed between versions")
    training = page.locator(".govuk-summary-list__row", has_text="Training")
    expect(training).to_contain_text("Changed")
    expect(training.locator("del")).to_have_text("£3,000.00")
    expect(training.locator("ins")).to_have_text("£3,500.00")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the application").click()

    # Recommending: more than the request is refused beside the field, then a good amount.
    amount = page.get_by_label("Recommended amount, in pounds")
    amount.fill("50000")
    page.get_by_role("button", name="Recommend").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The recommendation (£50,000.00) cannot be more than the £40,000.00 requested"
    )
    assert_accessible(page)
    page.get_by_label("Recommended amount, in pounds").fill("38000")
    page.get_by_label("Conditions (optional)").fill("Quarterly attendance figures.")
    page.get_by_role("button", name="Recommend").click()
    expect(page.get_by_role("alert")).to_contain_text("Recommended £38,000.00")
    expect(page.locator("main")).to_contain_text("Quarterly attendance figures.")
    assert_accessible(page)

    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.RECOMMENDED
    assert application.recommended_amount == Decimal("38000.00")
    assert application.recommended_by == officer
