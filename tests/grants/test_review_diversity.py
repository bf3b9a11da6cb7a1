"""Diversity figures never appear on review pages (DESIGN.md, "Why counts, not people"):
special category data stays apart from funding assessment. The borough's return here has
distinctive numbers and categories, and none of them reaches an officer's review pages."""

import html
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from diversity.models import ReturnStatus
from grants.models import BudgetCategory
from tests.diversity.conftest import census_2011, make_return  # noqa: F401 (fixtures)
from tests.grants.review_support import resubmit, send_back, set_budget_line, submitted_application

pytestmark = pytest.mark.django_db

MEMBERS, FIRST, SECOND = 47, 29, 18
WORDS = [
    "Bangladeshi",
    "Gypsy or Irish Traveller",
    "Sikh",
    "Buddhist",
    "Ethnicity",
    "Religion or belief",
    "Sexual orientation",
    "Gender identity",
    "Prefer not to say",
    "executive committee",
    "diversity",
]


@pytest.fixture
def barnet_application(funding_round, barnet, make_return):  # noqa: F811
    for year_start, status in ((2011, ReturnStatus.ACCEPTED), (2012, ReturnStatus.SUBMITTED)):
        make_return(
            barnet,
            members=MEMBERS,
            year_start=year_start,
            status=status,
            counts={
                "ethnicity": {"asian-bangladeshi": FIRST, "white-gypsy-or-irish-traveller": SECOND},
                "religion": {"sikh": FIRST, "buddhist": SECOND},
            },
        )
    application = submitted_application(funding_round, barnet)
    send_back(application)
    set_budget_line(application, BudgetCategory.OTHER, "1000.00")
    return resubmit(application)  # two versions, so that the comparison has something to show


def main_html(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def words_and_numbers(main: str) -> str:
    """The text a reader sees in <main>, without <time> elements (whose minutes could be
    any number)."""
    main = re.sub(r"<time[^>]*>.*?</time>", " ", main, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.mark.parametrize("page", ["review_list", "application_review", "application_versions"])
@pytest.mark.parametrize("role", [Role.LINK_OFFICER, Role.FUNDING_MANAGER])
def test_no_diversity_figure_or_link_reaches_a_review_page(
    client, user_in_role, barnet, barnet_application, page, role
):
    client.force_login(user_in_role(role, assigned_boroughs=[barnet]))
    url = (
        reverse("grants:review_list")
        if page == "review_list"
        else reverse(f"grants:{page}", kwargs={"pk": barnet_application.pk})
    )
    response = client.get(url)
    assert response.status_code == 200
    main = main_html(response)
    text = words_and_numbers(main)
    assert "Barnet" in text  # the page is about the borough whose return exists
    for word in WORDS:
        assert word.lower() not in text.lower(), word
    for number in (MEMBERS, FIRST, SECOND):
        assert not re.search(rf"(?<![\d,.£]){number}(?![\d,.])", text), number
    assert "/diversity/" not in main
    # The only way to diversity pages is the site's navigation (London-wide aggregates, for
    # staff on every page), never the borough's return.
    hrefs = re.findall(r'href="(/diversity/[^"]*)"', response.content.decode())
    assert hrefs == [reverse("diversity:london_index")]
