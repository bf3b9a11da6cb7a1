"""Every London-wide page and download, for every role: link officers and the funding
manager only; everyone else signed in gets 403, and an anonymous visitor is sent to sign in.
Committee members see only published, suppressed figures, never these."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

ALLOWED = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}

PAGES = [
    ("index", reverse("diversity:london_index")),
    ("year", reverse("diversity:london_year", kwargs={"year_start": 2011})),
    ("csv", reverse("diversity:london_csv", kwargs={"year_start": 2011})),
    ("xlsx", reverse("diversity:london_xlsx", kwargs={"year_start": 2011})),
]


@pytest.mark.parametrize(("page", "url"), PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_only_link_officers_and_the_funding_manager_may_open_it(
    client, user_in_role, london_2011, page, url, role
):
    client.force_login(user_in_role(role))
    response = client.get(url)
    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize(("page", "url"), PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, london_2011, page, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", [r for r in Role if r not in ALLOWED])
def test_the_refusal_shows_no_figures(client, user_in_role, london_2011, role):
    client.force_login(user_in_role(role))
    response = client.get(reverse("diversity:london_year", kwargs={"year_start": 2011}))
    content = response.content.decode()
    assert "You cannot see this page" in content
    assert "London-wide diversity" not in content


def test_the_urls_are_where_the_brief_puts_them():
    assert [url for _, url in PAGES] == [
        "/diversity/london/",
        "/diversity/london/2011/",
        "/diversity/london/2011/csv/",
        "/diversity/london/2011/xlsx/",
    ]


@pytest.mark.parametrize("year", ["1999", "2100"])
def test_a_year_out_of_range_is_not_found_for_an_officer(client, user_in_role, year):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    assert client.get(f"/diversity/london/{year}/").status_code == 404


def test_a_year_out_of_range_still_sends_an_anonymous_visitor_to_sign_in(client):
    assert client.get("/diversity/london/1999/").status_code == 302
