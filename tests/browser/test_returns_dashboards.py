"""The quarterly returns' dashboards in Chromium, checked with axe-core: the funding manager's
grid (states, ratings and links) and downloads, and the committee member's grid of accepted
ratings; and the secretary's home page with the group's returns."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from slas.models import QuarterlyReturn, Rag, ReturnStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.slas.factories import funded_award, return_in, secretary_of
from tests.slas.test_dashboards import accepted, counts

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _round_with_returns():
    barnet = Borough.objects.get(slug="barnet")
    award = funded_award(borough=barnet)
    counts(accepted(award, 1, Rag.GREEN, O1=Rag.GREEN, O2=Rag.AMBER), 2, 120, 1, 3, 1, 40)
    accepted(award, 2, Rag.AMBER, O1=Rag.RED, O2=Rag.AMBER)
    returned = return_in(ReturnStatus.RETURNED, award=award, quarter=3)
    QuarterlyReturn.objects.filter(pk=returned.pk).update(time_state="overdue", days_overdue=3)
    return barnet


def test_the_funding_manager_reads_the_grid_and_downloads_the_returns(page, live_server):
    _round_with_returns()
    manager = UserFactory(username="grid-manager", role=Role.FUNDING_MANAGER)
    sign_in(page, live_server, manager.username, PASSWORD)
    page.get_by_role("link", name="Returns").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly returns")
    barnet = page.get_by_role("row").filter(has_text="Barnet").first
    expect(barnet).to_contain_text("Amber (Down from Green)")
    expect(barnet).to_contain_text("Overdue by 3 days")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the returns as CSV").click()
    assert download.value.suggested_filename == "cpeg-returns-2011-12.csv"


def test_a_committee_member_reads_the_accepted_ratings(page, live_server):
    _round_with_returns()
    member = UserFactory(username="grid-member", role=Role.COMMITTEE_MEMBER)
    sign_in(page, live_server, member.username, PASSWORD)
    page.get_by_role("button", name="See the groups' ratings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups' performance")
    expect(page.get_by_role("row").filter(has_text="Barnet").first).to_contain_text(
        "Amber (Down from Green)"
    )
    expect(page.get_by_text("Returned with questions")).to_have_count(0)
    assert_accessible(page)


def test_the_secretary_sees_the_group_s_returns_on_the_home_page(page, live_server):
    barnet = _round_with_returns()
    secretary = secretary_of(barnet)
    sign_in(page, live_server, secretary.username, PASSWORD)
    returns = page.locator("#quarterly-returns")
    expect(returns).to_contain_text("Quarter 1 return accepted: Green – read it")
    expect(returns).to_contain_text(
        "Quarter 3 return returned with questions, answers overdue by 3 days: answer them"
    )
    assert_accessible(page)
