"""One borough's year in Chromium, across the three roles, through the real pages only.

Barnet's outline has reached consensus. Its secretary goes from her home page to the full
application, fills in every section and submits; the link officer comments on an objective and
asks for changes; the secretary reads the comment, changes the budget and submits again; the
officer sees what changed and recommends with conditions; the funding manager records the
committee's decision, and the award appears with its instalments and SLA milestones; the
secretary follows the e-mail to the decision letter and its appeal deadline. Every page on the
way is checked with axe-core.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, Award, BudgetCategory
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import BUDGET, OBJECTIVES_2011, make_outline, make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUARTERS = ["Quarter 1: April to June", "Quarter 2: July to September",
            "Quarter 3: October to December", "Quarter 4: January to March"]  # fmt: skip
CODES = [code for code, _ in OBJECTIVES_2011]
DECLARATION = "I confirm that the information in this application is correct"
# The first page a fresh live server renders can take a while (imports, template loading).
FIRST_PAGE_TIMEOUT_MS = 60_000


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def task_status(page: Page, name: str):
    return page.locator(".govuk-task-list__item", has_text=name).locator(".govuk-task-list__status")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in to CPEG Portal")


def sign_in_home(page: Page, live_server, username: str, home_heading: str) -> None:
    sign_in(page, live_server, username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(heading(page)).to_have_text(home_heading)
    assert_accessible(page)


def add_activity(page: Page, code: str) -> None:
    page.get_by_role("link", name=f"Add an activity for {code}").click()
    expect(heading(page)).to_have_text("Add an activity")
    expect(page.get_by_role("radio", name=re.compile(f"^{code}:"))).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Title of the activity").fill(f"Activity for {code}")
    for number, quarter in enumerate(QUARTERS, start=1):
        page.get_by_role("group", name=quarter).get_by_label("Milestone", exact=True).fill(
            f"{code}: milestone {number}"
        )
    page.get_by_role("button", name="Save activity").click()
    expect(heading(page)).to_have_text("Work plan")
    saved(page, f"Activity “Activity for {code}” saved")
    assert_accessible(page)


def fill_budget(page: Page, amounts: dict[str, str], requested: str) -> None:
    for category, amount in amounts.items():
        group = page.get_by_role("group", name=BudgetCategory(category).label, exact=True)
        group.get_by_label("Amount, in pounds").fill(amount)
    page.get_by_label("How much is the group asking for?").fill(requested)
    page.get_by_role("button", name="Save and return to the task list").click()


def declare_and_submit(page: Page) -> None:
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(heading(page)).to_have_text("Check your answers before submitting your application")
    expect(page.get_by_text("You cannot submit the application yet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Continue to the declaration").click()
    expect(heading(page)).to_have_text("Declaration")
    assert_accessible(page)
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Accept and submit the application").click()
    expect(heading(page)).to_have_text("Application submitted")
    expect(page.locator(".govuk-panel__body")).to_contain_text("CPEG-2011-BARNET")
    assert_accessible(page)


def open_group_funding_page(page: Page, status: str) -> None:
    """From the secretary's home page, the funding task, then the group's page for the round."""
    funding_task = page.locator(".govuk-task-list__item", has_text="Funding 2011/12")
    expect(funding_task.locator(".govuk-task-list__status")).to_have_text(status)
    page.get_by_role("link", name="Funding 2011/12", exact=True).click()
    expect(heading(page)).to_have_text("Funding 2011/12")
    expect(page.locator(".govuk-tag", has_text="Consensus")).to_be_visible()
    assert_accessible(page)


def open_review(page: Page, status: str, version: int) -> None:
    """From the officer's home page, the review list, then Barnet's application."""
    page.get_by_role("link", name="Applications to review").click()
    expect(heading(page)).to_have_text("Applications to review")
    barnet_row = page.get_by_role("row", name=re.compile("^Barnet"))
    expect(barnet_row).to_contain_text(status)
    assert_accessible(page)
    barnet_row.get_by_role("link", name="Barnet").click()
    expect(heading(page)).to_have_text("Barnet Community and Police Engagement Group")
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text(status)
    expect(summary).to_contain_text(f"Version {version}, submitted")
    assert_accessible(page)


def test_one_borough_goes_from_consensus_to_award_through_the_pages(
    page: Page, live_server, mailoutbox
):
    # 1. Set-up: the round open for applications, Barnet's agreed outline, the people.
    funding_round = make_round()
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    secretary = make_outline(funding_round=funding_round, cpeg=barnet.cpeg).created_by
    officer = UserFactory(username="officer", role=Role.LINK_OFFICER, assigned_boroughs=[barnet])
    manager = UserFactory(username="manager", role=Role.FUNDING_MANAGER)

    page.goto(f"{live_server.url}/accounts/login/", timeout=FIRST_PAGE_TIMEOUT_MS)

    # 2. The secretary makes the application, starting from her home page.
    sign_in_home(page, live_server, secretary.username, "Your tasks")
    open_group_funding_page(page, status="Consensus")
    page.get_by_role("button", name="Start the application").click()
    expect(heading(page)).to_have_text("Apply for 2011/12 funding")
    expect(page.get_by_text("You have completed 0 of 3 sections.")).to_be_visible()
    expect(task_status(page, "Check your answers and submit")).to_have_text("Cannot start yet")
    assert_accessible(page)

    page.get_by_role("link", name="About the group").click()
    expect(heading(page)).to_have_text("About the group")
    assert_accessible(page)
    page.get_by_label("What does the group do?").fill("We bring residents and police together.")
    page.get_by_label("How and where does the group meet?").fill("Monthly, in the town hall.")
    page.get_by_label("Name on the group's bank account").fill("Barnet CPEG")
    page.get_by_role("button", name="Save and return to the task list").click()
    saved(page, "About the group saved")
    expect(task_status(page, "About the group")).to_have_text("Completed")
    assert_accessible(page)

    page.get_by_role("link", name="Work plan").click()
    expect(heading(page)).to_have_text("Work plan")
    assert_accessible(page)
    for code in CODES:
        add_activity(page, code)
    page.get_by_role("link", name="Return to the task list").click()
    expect(task_status(page, "Work plan")).to_have_text("Completed")

    page.get_by_role("link", name="Budget").click()
    expect(heading(page)).to_have_text("Budget")
    assert_accessible(page)
    fill_budget(page, BUDGET, requested="40000")
    saved(page, "Budget saved")
    expect(task_status(page, "Budget")).to_have_text("Completed")
    expect(page.get_by_text("You have completed 3 of 3 sections.")).to_be_visible()
    assert_accessible(page)

    declare_and_submit(page)
    page.get_by_role("link", name="See your application").click()
    expect(heading(page)).to_have_text("Application for 2011/12 funding")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Submitted")
    assert_accessible(page)
    sign_out(page)

    # 3. The officer comments on O2 and asks for changes.
    sign_in_home(page, live_server, officer.username, "Borough overview")
    open_review(page, status="Submitted", version=1)
    requested = page.locator(".govuk-summary-list__row", has_text="Amount requested")
    expect(requested).to_contain_text("£40,000.00")
    comment = "Say which Safer Neighbourhoods panels you will attend."
    comment_box = page.get_by_label("Your comment on O2")
    comment_box.fill(comment)
    page.get_by_role("button", name="Add comment on O2").click()
    expect(page.get_by_role("alert")).to_contain_text("Comment added on O2")
    assert_accessible(page)
    page.get_by_label("What does the group need to change?").fill(
        "Please answer the comment on O2 and cost the training properly."
    )
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("alert")).to_contain_text("sent back to the group for changes")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Changes requested")
    assert_accessible(page)
    sign_out(page)

    # 4. The secretary reads the comment, changes the budget and the request, resubmits.
    sign_in_home(page, live_server, secretary.username, "Your tasks")
    open_group_funding_page(page, status="Changes requested")
    page.get_by_role("link", name="Go to the full application").click()
    expect(heading(page)).to_have_text("Apply for 2011/12 funding")
    banner = page.get_by_role("region", name="Changes requested")
    expect(banner).to_contain_text("O2: Engagement with local partners")
    expect(banner).to_contain_text(comment)
    assert_accessible(page)
    page.get_by_role("link", name="Budget").click()
    expect(heading(page)).to_have_text("Budget")
    assert_accessible(page)
    fill_budget(page, {BudgetCategory.TRAINING: "3500"}, requested="40500")
    saved(page, "Budget saved")
    expect(task_status(page, "Budget")).to_have_text("Completed")
    assert_accessible(page)
    declare_and_submit(page)
    sign_out(page)

    # 5. The officer sees what changed between versions 1 and 2, and recommends.
    sign_in_home(page, live_server, officer.username, "Borough overview")
    open_review(page, status="Submitted", version=2)
    page.get_by_role("link", name="See what changed between versions").click()
    expect(heading(page)).to_have_text("What changed between versions")
    training = page.locator(".govuk-summary-list__row", has_text="Training")
    expect(training).to_contain_text("Changed")
    expect(training.locator("del")).to_have_text("£3,000.00")
    expect(training.locator("ins")).to_have_text("£3,500.00")
    requested = page.locator(".govuk-summary-list__row", has_text="Amount requested")
    expect(requested.locator("del")).to_have_text("£40,000.00")
    expect(requested.locator("ins")).to_have_text("£40,500.00")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the application").click()
    expect(heading(page)).to_have_text("Barnet Community and Police Engagement Group")
    page.get_by_label("Recommended amount, in pounds").fill("38000")
    page.get_by_label("Conditions (optional)").fill("Quarterly attendance figures.")
    page.get_by_role("button", name="Recommend").click()
    expect(page.get_by_role("alert")).to_contain_text("Recommended £38,000.00")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Recommended")
    expect(page.locator("main")).to_contain_text("Quarterly attendance figures.")
    assert_accessible(page)
    sign_out(page)

    # 6. The funding manager records the committee's decision; the award appears.
    sign_in_home(page, live_server, manager.username, "Borough overview")
    page.get_by_role("link", name="Record committee decisions").click()
    expect(heading(page)).to_have_text("Record a committee meeting")
    expect(page.get_by_role("heading", name="Barnet", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which committee met?").fill("Community Engagement Sub-committee")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2011")
    decision = page.get_by_role("group", name="What did the committee decide for Barnet?")
    decision.get_by_label("Fund", exact=True).check()
    expect(page.get_by_label("Amount awarded to Barnet")).to_have_value(re.compile(r"^38,?000"))
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check the decisions before recording them")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decisions").click()
    expect(heading(page)).to_have_text("Community Engagement Sub-committee")
    barnet_decision = page.get_by_role("row", name=re.compile("^Barnet"))
    expect(barnet_decision).to_contain_text("Fund")
    expect(barnet_decision).to_contain_text("£38,000.00")
    assert_accessible(page)

    page.get_by_role("link", name="Award CPEG-2011-BARNET-A").click()
    expect(heading(page)).to_have_text("Award CPEG-2011-BARNET-A")
    award_summary = page.locator(".govuk-summary-list").first
    expect(award_summary.locator(".govuk-summary-list__row", has_text="Amount")).to_contain_text(
        "£38,000.00"
    )
    # "Fund", not "Fund with conditions": the officer's suggested conditions are not imposed.
    expect(
        award_summary.locator(".govuk-summary-list__row", has_text="Conditions")
    ).to_contain_text("None")
    instalments = page.get_by_role("table", name="Instalments")
    for quarter in (1, 2, 3, 4):
        expect(instalments.get_by_role("row", name=f"Quarter {quarter}")).to_contain_text(
            "£9,500.00"
        )
    expect(instalments.get_by_role("row", name="Total")).to_contain_text("£38,000.00")
    first_quarter = page.get_by_role("table", name="Quarter 1: April to June 2011")
    last_quarter = page.get_by_role("table", name="Quarter 4: January to March 2012")
    for code in CODES:
        expect(first_quarter).to_contain_text(f"{code}: milestone 1")
        expect(last_quarter).to_contain_text(f"{code}: milestone 4")
    assert_accessible(page)
    sign_out(page)

    # The secretary follows the link in the decision e-mail to the letter.
    letters = [
        message
        for message in mailoutbox
        if message.subject == "Committee decision on your 2011/12 funding application"
    ]
    assert len(letters) == 1
    assert secretary.email in letters[0].to
    letter_path = re.search(r"https?://[^/\s]+(/funding/decisions/\d+/letter/)", letters[0].body)
    assert letter_path is not None, letters[0].body
    sign_in_home(page, live_server, secretary.username, "Your tasks")
    expect(page.locator(".govuk-task-list__item", has_text="Funding 2011/12")).to_contain_text(
        "Funded"
    )
    page.goto(live_server.url + letter_path.group(1))
    expect(heading(page)).to_have_text("Decision letter")
    expect(page.locator(".govuk-panel")).to_contain_text("£38,000.00")
    expect(page.get_by_text("You can appeal this decision until 4 August 2011")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Your funding agreement, CPEG-2011-BARNET-A").click()
    expect(heading(page)).to_have_text("Award CPEG-2011-BARNET-A")
    assert_accessible(page)

    # What the pages showed is what was stored.
    application = Application.objects.get(funding_round=funding_round, cpeg=barnet.cpeg)
    assert application.status == ApplicationStatus.FUNDED
    assert application.submitted_version == 2
    assert application.requested_amount == Decimal("40500.00")
    assert application.recommended_amount == Decimal("38000.00")
    assert application.recommended_by == officer
    award = Award.objects.get(funding_round=funding_round, cpeg=barnet.cpeg)
    assert award.amount == application.recommended_amount
    assert sum(instalment.amount for instalment in award.instalments.all()) == award.amount
