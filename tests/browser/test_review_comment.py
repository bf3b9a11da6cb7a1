"""A review comment survives Recommend (issue #9): an officer types a comment on an objective,
then, without pressing "Add comment", recommends an amount. The comment is saved with the
recommendation and is on the application afterwards. Every page is checked with axe-core."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, ReviewComment
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import make_round
from tests.grants.review_support import submitted_application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_comment_typed_then_recommend_is_kept(page, live_server):
    barnet = Borough.objects.select_related("cpeg").get(slug="barnet")
    application = submitted_application(make_round(), barnet)
    officer = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[barnet])
    sign_in(page, live_server, officer.username, PASSWORD)

    page.goto(f"{live_server.url}/funding/review/")
    expect(page.locator("table caption")).to_have_text("1 application waiting for review")
    page.locator("table").get_by_role("link", name="Barnet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(barnet.cpeg.name)
    assert_accessible(page)

    page.get_by_label("Your comment on O3").fill("Say which schools the outreach will reach.")
    page.get_by_label("Recommended amount, in pounds").fill("36000")
    page.get_by_role("button", name="Recommend", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Recommended £36,000.00, with your 1 comment")
    comments = page.locator("main")
    expect(comments).to_contain_text("Say which schools the outreach will reach.")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Recommended")
    assert_accessible(page)

    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.RECOMMENDED
    assert application.recommended_amount == Decimal("36000.00")
    comment = ReviewComment.objects.get(application=application)
    assert (comment.objective.code, comment.body, comment.author) == (
        "O3",
        "Say which schools the outreach will reach.",
        officer,
    )
