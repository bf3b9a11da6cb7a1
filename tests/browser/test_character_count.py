"""A long answer meets the GOV.UK character count, in Chromium: a secretary writing what the
group does (at most 5,000 characters) types one character too many, the count says so, and
sending it anyway gets the server's own message beside the box and in the error summary,
with nothing saved and nothing cut. 5,000 characters are saved whole."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boroughs.models import Borough
from grants.models import Application
from grants.services import applications as services
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.grants.factories import make_outline, make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MESSAGE = "Say what the group does in 5,000 characters or fewer"


def test_a_5001_character_answer_meets_the_character_count(page, live_server):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    outline = make_outline(funding_round=make_round(), cpeg=barnet.cpeg)
    secretary = outline.created_by
    application = services.application_start(user=secretary, outline=outline)
    sign_in(page, live_server, secretary.username, PASSWORD)
    about = reverse("grants:application_about", kwargs={"pk": application.pk})
    page.goto(f"{live_server.url}{about}")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the group")

    answer = page.get_by_label("What does the group do?")
    status = page.locator(".govuk-character-count", has=answer).locator(
        ".govuk-character-count__status"
    )
    expect(status).to_have_text("You have 5,000 characters remaining")
    answer.fill("x" * 5000)
    expect(status).to_have_text("You have 0 characters remaining")
    answer.press("Control+End")
    answer.press_sequentially("y")  # one more, typed: nothing stops it or cuts it
    expect(status).to_have_text("You have 1 character too many")
    expect(answer).to_have_value("x" * 5000 + "y")
    assert_accessible(page)

    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page).to_have_title("Error: About the group – CPEG Portal")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(MESSAGE)
    expect(page.locator("#id_group_summary_1_error")).to_have_text(f"Error: {MESSAGE}")
    expect(answer).to_have_value("x" * 5000 + "y")  # what was typed comes back, to cut down
    expect(status).to_have_text("You have 1 character too many")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.group_summary == ""

    # The summary's link goes to the box.
    summary.get_by_role("link", name=MESSAGE).click()
    expect(answer).to_be_focused()

    answer.press("Control+End")
    answer.press("Backspace")
    expect(status).to_have_text("You have 0 characters remaining")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for 2011/12 funding")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "About the group saved"
    )
    assert Application.objects.get().group_summary == "x" * 5000
