"""The round's exports page: a link to each download, the 360Giving one only for the funding
manager, and what each file holds."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.grants.exports_builders import build_round_2011
from tests.grants.factories import make_round

pytestmark = pytest.mark.django_db

URL = reverse("grants:exports", kwargs={"year": 2011})
DOWNLOADS = [
    "/funding/rounds/2011/exports/applications.csv",
    "/funding/rounds/2011/exports/applications.xlsx",
    "/funding/rounds/2011/exports/awards.csv",
    "/funding/rounds/2011/exports/awards.xlsx",
]
GIVING_360 = "/funding/rounds/2011/exports/360giving.json"


@pytest.fixture
def round_2011():
    return build_round_2011()


def page(client, user_in_role, role, url=URL) -> str:
    client.force_login(user_in_role(role))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_is_where_the_brief_puts_it():
    assert URL == "/funding/rounds/2011/exports/"


def test_the_page_links_to_every_download_for_a_link_officer(client, user_in_role, round_2011):
    content = page(client, user_in_role, Role.LINK_OFFICER)
    assert "<title>Exports – funding round 2011/12 – CPEG Portal</title>" in content
    for url in DOWNLOADS:
        assert f'href="{url}"' in content
    assert GIVING_360 not in content
    assert "360Giving" not in content


def test_the_funding_manager_also_gets_the_360giving_download(client, user_in_role, round_2011):
    content = page(client, user_in_role, Role.FUNDING_MANAGER)
    for url in [*DOWNLOADS, GIVING_360]:
        assert f'href="{url}"' in content


def test_the_page_says_how_many_rows_each_file_holds(client, user_in_role, round_2011):
    content = page(client, user_in_role, Role.LINK_OFFICER)
    # Barnet, Brent and Camden submitted; Bexley's draft is not counted.
    assert "One row for each application submitted in the round (3 so far)" in content
    assert "One row for each award in the round (2 so far)" in content


def test_without_awards_there_is_nothing_to_publish(client, user_in_role):
    make_round(year_start=2012)
    content = page(
        client, user_in_role, Role.FUNDING_MANAGER, reverse("grants:exports", kwargs={"year": 2012})
    )
    assert "There are no awards in 2012/13 yet, so there is nothing to publish." in content
    assert "360giving.json" not in content


def test_the_page_has_a_back_link(client, user_in_role, round_2011):
    content = page(client, user_in_role, Role.LINK_OFFICER)
    assert 'class="govuk-back-link"' in content
