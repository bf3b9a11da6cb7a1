"""A secretary whose borough reached consensus makes the full application in Chromium: starts
it, fills in every section (removing an activity added by mistake, after being asked), saves a
budget whose lines do not add up to the request and is told by how much, on the task list and
on the check page (which offers no declaration until it is put right), puts it right with the
running total, checks the answers, declares and submits. Every page on the way is checked
with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, BudgetCategory
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.grants.factories import BUDGET, make_outline, make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
QUARTERS = ["Quarter 1: April to June", "Quarter 2: July to September",
            "Quarter 3: October to December", "Quarter 4: January to March"]  # fmt: skip


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def saved(page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def task_status(page, name: str):
    return page.locator(".govuk-task-list__item", has_text=name).locator(".govuk-task-list__status")


def add_activity(page, code: str, *, quiet_quarter: int | None = None, check: bool = False):
    page.get_by_role("link", name=f"Add an activity for {code}").click()
    heading(page, "Add an activity")
    expect(page.get_by_role("radio", name=re.compile(f"^{code}:"))).to_be_checked()
    if check:
        assert_accessible(page)
    page.get_by_label("Title of the activity").fill(f"Activity for {code}")
    for number, quarter in enumerate(QUARTERS, start=1):
        group = page.get_by_role("group", name=quarter)
        if number == quiet_quarter:
            group.get_by_label("Not this quarter").check()
        else:
            group.get_by_label("Milestone", exact=True).fill(f"{code}: milestone {number}")
    page.get_by_role("button", name="Save activity").click()
    heading(page, "Work plan")
    saved(page, f"Activity “Activity for {code}” saved")


def fill_budget(page, amounts: dict[str, str], requested: str) -> None:
    for category, amount in amounts.items():
        group = page.get_by_role("group", name=BudgetCategory(category).label, exact=True)
        group.get_by_label("Amount, in pounds").fill(amount)
    page.get_by_label("How much is the group asking for?").fill(requested)
    page.get_by_role("button", name="Save and return to the task list").click()


def test_a_secretary_completes_and_submits_the_full_application(page, live_server):
    funding_round = make_round()
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    secretary = make_outline(funding_round=funding_round, cpeg=barnet.cpeg).created_by
    sign_in(page, live_server, secretary.username, PASSWORD)

    # From the group's page for the round, where the outline reached consensus.
    page.get_by_role("link", name="Funding 2011/12").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the application").click()
    heading(page, "Apply for 2011/12 funding")
    expect(page.get_by_text("You have completed 0 of 3 sections.")).to_be_visible()
    expect(task_status(page, "Check your answers and submit")).to_have_text("Cannot start yet")
    assert_accessible(page)

    # About the group.
    page.get_by_role("link", name="About the group").click()
    heading(page, "About the group")
    assert_accessible(page)
    page.get_by_label("What does the group do?").fill("We bring residents and police together.")
    page.get_by_label("How and where does the group meet?").fill("Monthly, in the town hall.")
    page.get_by_label("Name on the group's bank account").fill("Barnet CPEG")
    page.get_by_role("button", name="Save and return to the task list").click()
    heading(page, "Apply for 2011/12 funding")
    saved(page, "About the group saved")
    expect(task_status(page, "About the group")).to_have_text("Completed")
    assert_accessible(page)

    # The work plan: one activity for each of the five objectives.
    page.get_by_role("link", name="Work plan").click()
    heading(page, "Work plan")
    assert_accessible(page)
    add_activity(page, "O1", quiet_quarter=3, check=True)
    assert_accessible(page)
    for code in ("O2", "O3", "O4", "O5"):
        add_activity(page, code)
    expect(page.get_by_text("Not this quarter")).to_have_count(1)

    # An activity added by mistake: removing it asks first, saying what goes with it.
    page.get_by_role("link", name="Add an activity for O2").click()
    page.get_by_label("Title of the activity").fill("Added by mistake")
    page.get_by_role("group", name=QUARTERS[0]).get_by_label("Milestone", exact=True).fill(
        "A milestone to lose"
    )
    page.get_by_role("button", name="Save activity").click()
    saved(page, "Activity “Added by mistake” saved")
    page.get_by_role("link", name="Remove Added by mistake").click()
    heading(page, "Are you sure you want to remove “Added by mistake”?")
    expect(page.get_by_text("A milestone to lose")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, keep it").click()
    heading(page, "Work plan")
    expect(page.get_by_role("heading", name="Added by mistake")).to_be_visible()
    page.get_by_role("link", name="Remove Added by mistake").click()
    page.get_by_role("button", name="Yes, remove the activity").click()
    heading(page, "Work plan")
    saved(page, "Activity “Added by mistake” removed")
    expect(page.get_by_role("heading", name="Added by mistake")).to_have_count(0)
    page.get_by_role("link", name="Return to the task list").click()
    expect(task_status(page, "Work plan")).to_have_text("Completed")

    # The budget, with a request £500 above the lines' total.
    page.get_by_role("link", name="Budget").click()
    heading(page, "Budget")
    expect(page.locator(".govuk-input__prefix")).to_have_count(len(BudgetCategory) + 1)
    assert_accessible(page)
    fill_budget(page, {**BUDGET, BudgetCategory.OTHER: "1000"}, requested="40000")
    gap = "The budget lines add up to £39,500.00: £500.00 less than the £40,000.00 requested"
    saved(page, "Budget saved. Before you submit: t" + gap[1:])
    expect(task_status(page, "Budget")).to_have_text("In progress")
    expect(page.locator(".govuk-task-list__item", has_text="Budget")).to_contain_text(gap)
    assert_accessible(page)

    # A supporting document.
    page.get_by_role("link", name="Supporting documents").click()
    heading(page, "Supporting documents")
    assert_accessible(page)
    page.get_by_label("Constitution").check()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "constitution.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload the document").click()
    saved(page, "constitution.pdf uploaded")
    expect(page.get_by_role("link", name="constitution.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Return to the task list").click()
    expect(page.get_by_text("You have completed 2 of 3 sections.")).to_be_visible()

    # Check your answers: the request does not match the lines, so no declaration yet.
    page.get_by_role("link", name="Check your answers and submit").click()
    heading(page, "Check your answers before submitting your application")
    expect(page.get_by_text("You cannot submit the application yet")).to_be_visible()
    expect(page.get_by_role("link", name="Continue to the declaration")).to_have_count(0)
    assert_accessible(page)
    mismatch = (
        "The amount requested (£40,000.00) must equal the total of the budget lines (£39,500.00)"
    )

    # The link leads to the budget, where the running total follows the amounts typed.
    page.get_by_role("link", name=mismatch).click()
    heading(page, "Budget")
    total = page.locator("#budget-total")
    expect(total).to_contain_text("Total of the budget lines: £39,500.00")
    expect(total).to_contain_text("£500.00 less than the £40,000.00 requested")
    other = page.get_by_role("group", name="Other", exact=True).get_by_label("Amount, in pounds")
    other.fill("1,600")
    expect(total).to_contain_text("Total of the budget lines: £40,100.00")
    expect(total).to_contain_text("£100.00 more than the £40,000.00 requested")
    other.fill("£1500")
    expect(total).to_contain_text("Total of the budget lines: £40,000.00")
    expect(total).to_contain_text("The budget lines add up to the amount requested.")
    assert_accessible(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    saved(page, "Budget saved")
    expect(task_status(page, "Budget")).to_have_text("Completed")
    expect(page.get_by_text("You have completed 3 of 3 sections.")).to_be_visible()

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_text("You cannot submit the application yet")).to_have_count(0)
    expect(page.get_by_text("30.0%")).to_be_visible()  # £12,000 of £40,000 on administration
    assert_accessible(page)
    page.get_by_role("link", name="Continue to the declaration").click()
    heading(page, "Declaration")
    assert_accessible(page)
    page.get_by_label("I confirm that the information in this application is correct").check()
    page.get_by_role("button", name="Accept and submit the application").click()

    heading(page, "Application submitted")
    expect(page.locator(".govuk-panel__body")).to_contain_text("CPEG-2011-BARNET")
    assert_accessible(page)

    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_version == 1
    assert application.versions.get().snapshot["requested_amount"] == "40000.00"

    # Afterwards the group reads what it sent.
    page.get_by_role("link", name="See your application").click()
    heading(page, "Application for 2011/12 funding")
    expect(page.get_by_text("CPEG-2011-BARNET")).to_be_visible()
    assert_accessible(page)
