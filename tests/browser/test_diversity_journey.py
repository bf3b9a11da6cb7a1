"""A secretary fills in and submits a diversity return in Chromium, meets the adding-up
error and fixes it; every page on the way is checked with axe-core."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from cpeg_portal.fiscal import FinancialYear
from diversity.models import DiversityReturn, ReturnStatus
from diversity.selectors import return_year_due
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MEMBERS = 3


def answer_question(page, name: str, answers: dict[str, str]) -> None:
    """On the question ``name`` (reached by "Save and continue" from the one before): check
    the page, fill in its boxes and save."""
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_accessible(page)
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save and continue").click()


def test_a_secretary_completes_and_submits_a_diversity_return(page, live_server):
    barnet = Borough.objects.get(slug="barnet")
    secretary = UserFactory(role=Role.SECRETARY, cpeg=barnet.cpeg)
    due = FinancialYear(return_year_due()).label
    sign_in(page, live_server, secretary.username, PASSWORD)

    # The home page links here; the page is opened directly, as the home page is tested apart.
    page.goto(f"{live_server.url}{reverse('diversity:group_returns', kwargs={'slug': 'barnet'})}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diversity returns")
    assert_accessible(page)
    page.get_by_role("button", name="Start the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Diversity return {due}")
    expect(page.get_by_text("Why we ask these questions")).to_be_visible()
    expect(page.get_by_text("You have completed 0 of 8 sections.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Number of members").click()
    page.get_by_label("How many members does the executive committee have?").fill("200")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "An executive committee has at most 50 members"
    )
    assert_accessible(page)
    page.get_by_label("How many members does the executive committee have?").fill(str(MEMBERS))
    page.get_by_role("button", name="Save and continue").click()

    # "Save and continue" walks the questions in the census's order.
    answer_question(page, "Age", {"25 to 34": "1", "55 to 64": "2"})
    answer_question(page, "Sex", {"Female": "2", "Male": "1"})
    answer_question(page, "Gender identity", {"Yes, the same": "3"})
    # Ethnicity, wrongly: 2 of 3 members counted.
    answer_question(page, "Ethnicity", {"Caribbean": "1", "Indian": "1"})
    expect(page.get_by_role("alert")).to_contain_text(
        "Ethnicity adds up to 2, but the committee has 3 members"
    )
    expect(page).to_have_title("Error: Ethnicity – CPEG Portal")
    assert_accessible(page)
    page.get_by_label("Prefer not to say", exact=True).fill("1")
    page.get_by_role("button", name="Save and continue").click()
    answer_question(page, "Disability", {"No, not limited": "2", "Not known": "1"})
    answer_question(
        page, "Religion or belief", {"Christian": "1", "Hindu": "1", "No religion": "1"}
    )
    answer_question(page, "Sexual orientation", {"Heterosexual or straight": "3"})

    # The last question goes on to check your answers.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting the return"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diversity return submitted")
    assert_accessible(page)

    diversity_return = DiversityReturn.objects.get(cpeg=barnet.cpeg)
    assert diversity_return.status == ReturnStatus.SUBMITTED
    assert diversity_return.year_start == return_year_due()
    assert diversity_return.member_count == MEMBERS
    saved = dict(diversity_return.counts.filter(count__gt=0).values_list("category__key", "count"))
    assert saved["black-caribbean"] == 1
    assert saved["asian-indian"] == 1

    # The link officer finds it in the London-wide view.
    officer = UserFactory(role=Role.LINK_OFFICER)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('diversity:london_index')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("London-wide diversity")
    assert_accessible(page)
    page.get_by_role("link", name=due).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"London-wide diversity, {due}")
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text("1 of 32")
    members_row = summary.locator(".govuk-summary-list__row", has_text="Members of executive")
    expect(members_row.locator("dd")).to_have_text(str(MEMBERS))
    expect(page.locator("#not-returned").locator("..")).to_contain_text("Camden")
    assert_accessible(page)


def test_a_committee_member_sees_only_the_published_figures(page, live_server):
    from django.core.management import call_command
    from django.utils import timezone

    from cpeg_portal.fiscal import FinancialYear
    from demo.people import DEMO_PASSWORD

    call_command("seed_demo", stdout=io.StringIO())
    # The demo's last complete year: the financial year before today's.
    year = FinancialYear(FinancialYear.containing(timezone.localdate()).start_year - 1)
    sign_in(page, live_server, "committee", DEMO_PASSWORD)
    page.get_by_role("link", name=year.label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Diversity of executive committees, {year.label}"
    )
    ethnicity = page.locator("table", has=page.locator("caption", has_text="Ethnicity"))
    irish = ethnicity.locator("tr", has_text="White: Irish")
    expect(irish.locator("td").first).to_have_text("0")
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    assert_accessible(page)
    london = f"{live_server.url}/diversity/london/{year.start_year}/"
    assert page.goto(london).status == 403
    assert page.goto(f"{live_server.url}/diversity/groups/barnet/").status == 404
