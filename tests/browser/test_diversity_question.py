"""A diversity return started on the right year, answered after a question and resubmitted
(#9): the secretary of a group whose last return is an accepted earlier year starts the
return and it is on the year due; "Save and continue" walks the questions and "Change" on
check answers comes back there; the link officer sends it back with a question, the
secretary reads and answers it and submits again, and the officer reads the answer and
accepts. Every page on the way is checked with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from cpeg_portal.fiscal import FinancialYear
from diversity.models import DiversityReturn, ReturnStatus
from diversity.selectors import return_year_due
from tests.browser.helpers import assert_accessible, sign_in
from tests.diversity.factories import DiversityReturnFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Is the chair counted among the two members?"
ANSWER = "Yes. The committee is the chair and the treasurer."

#: Each question in the census's order, and its answer for a committee of two.
ANSWERS = [
    ("Age", {"35 to 44": "1", "45 to 54": "1"}),
    ("Sex", {"Female": "1", "Male": "1"}),
    ("Gender identity", {"Yes, the same": "2"}),
    ("Ethnicity", {"African": "1", "Indian": "1"}),
    ("Disability", {"No, not limited": "2"}),
    ("Religion or belief", {"Christian": "1", "Muslim": "1"}),
    ("Sexual orientation", {"Heterosexual or straight": "1", "Prefer not to say": "1"}),
]


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_out_and_in(page, live_server, user) -> None:
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, user.username, PASSWORD)


def test_a_return_started_on_the_year_due_answered_after_a_question_and_resubmitted(
    page, live_server
):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    due = FinancialYear(return_year_due())
    earlier = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=due.start_year - 1, member_count=3, accepted=True
    )
    secretary = earlier.created_by  # the group's secretary, who made last year's return
    officer = UserFactory(role=Role.LINK_OFFICER)
    group_returns = (
        f"{live_server.url}{reverse('diversity:group_returns', kwargs={'slug': 'barnet'})}"
    )

    # The secretary starts the return: it is on the year due, not a version 2 of last year's.
    sign_in(page, live_server, secretary.username, PASSWORD)
    page.goto(group_returns)
    expect(heading(page)).to_have_text("Diversity returns")
    expect(page.get_by_text(f"The group's return for {due.label} is due")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the return").click()
    expect(heading(page)).to_have_text(f"Diversity return {due.label}")
    expect(page.get_by_text("You have completed 0 of 8 sections.")).to_be_visible()
    age_task = page.locator(".govuk-task-list__item", has_text="Age")
    expect(age_task).to_contain_text("Cannot start yet")
    expect(age_task.get_by_role("link")).to_have_count(0)
    assert_accessible(page)
    started = DiversityReturn.objects.exclude(pk=earlier.pk).get()
    assert (started.year_start, started.version) == (due.start_year, 1)

    # "Save and continue" walks every question, then goes to check your answers.
    page.get_by_role("link", name="Number of members").click()
    expect(heading(page)).to_have_text("How many members does the executive committee have?")
    assert_accessible(page)
    page.get_by_label("How many members does the executive committee have?").fill("2")
    page.get_by_role("button", name="Save and continue").click()
    for name, answers in ANSWERS:
        expect(heading(page)).to_have_text(name)
        # One fieldset whose legend is the heading (after the return's caption).
        expect(page.get_by_role("group", name=re.compile(f"{name}$"))).to_be_visible()
        assert_accessible(page)
        for label, value in answers.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Check your answers before submitting the return")
    assert_accessible(page)

    # "Change" goes to the question and, once saved, comes back to check your answers.
    page.get_by_role("link", name="Change the answers to sex", exact=True).click()
    expect(heading(page)).to_have_text("Sex")
    page.get_by_label("Female", exact=True).fill("2")
    page.get_by_label("Male", exact=True).fill("")
    page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Check your answers before submitting the return")
    page.get_by_role("link", name="Change the number of members").click()
    expect(heading(page)).to_have_text("How many members does the executive committee have?")
    page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Check your answers before submitting the return")
    page.get_by_role("button", name="Submit the return").click()
    expect(heading(page)).to_have_text("Diversity return submitted")
    assert_accessible(page)

    # The link officer sends it back with a question.
    return_page = f"{live_server.url}{reverse('diversity:return', kwargs={'pk': started.pk})}"
    sign_out_and_in(page, live_server, officer)
    page.goto(return_page)
    expect(heading(page)).to_have_text(f"Diversity return {due.label}")
    assert_accessible(page)
    page.get_by_label("What should the group answer?").fill(QUESTION)
    page.get_by_role("button", name="Send back with this question").click()
    expect(page.get_by_text("Return sent back to the group with your question")).to_be_visible()
    assert_accessible(page)

    # The secretary reads the question on the return, answers it and submits again.
    sign_out_and_in(page, live_server, secretary)
    page.goto(group_returns)
    expect(
        page.get_by_text("sent the " + due.label + " return back with a question")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Continue the return").click()
    banner = page.get_by_role("region", name="Returned with a question")
    expect(banner).to_contain_text(QUESTION)
    expect(page.get_by_text("You have completed 8 of 9 sections.")).to_be_visible()
    assert_accessible(page)
    banner.get_by_role("link", name="Answer the question").click()
    expect(heading(page)).to_have_text("Answer your link officer's question")
    expect(page.locator(".govuk-inset-text")).to_contain_text(QUESTION)
    assert_accessible(page)
    page.get_by_label("Your answer").fill(ANSWER)
    expect(page.locator(".govuk-character-count__status")).to_contain_text(
        f"You have {2000 - len(ANSWER):,} characters remaining"
    )
    page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Check your answers before submitting the return")
    answer_row = page.locator(".govuk-summary-list__row", has_text="Your answer")
    expect(answer_row).to_contain_text(ANSWER)
    assert_accessible(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(heading(page)).to_have_text("Diversity return submitted")

    # The officer reads the question and its answer, and accepts the return.
    sign_out_and_in(page, live_server, officer)
    page.goto(return_page)
    expect(page.get_by_role("heading", name="Question and answer")).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="The group's answer")).to_contain_text(
        ANSWER
    )
    assert_accessible(page)
    page.get_by_role("button", name="Accept the return").click()
    expect(page.get_by_text("Return accepted")).to_be_visible()
    assert_accessible(page)

    started.refresh_from_db()
    assert (started.status, started.year_start, started.version) == (
        ReturnStatus.ACCEPTED,
        due.start_year,
        1,
    )
    assert (started.officer_question, started.group_answer) == (QUESTION, ANSWER)
    saved = dict(started.counts.filter(count__gt=0).values_list("category__key", "count"))
    assert saved["female"] == 2
    assert "male" not in saved
    earlier.refresh_from_db()
    assert (earlier.status, earlier.version) == (ReturnStatus.ACCEPTED, 1)
