"""Every review page, for anonymous visitors, every role and another borough's users.

The list is for MPA staff: anyone else signed in gets 403. An application's review pages
answer 404 to anyone who is not MPA staff — the group included, so internal notes never reach
a page the group can open — and to staff for a draft nobody has submitted."""

import pytest
from django.urls import reverse

from accounts.models import Role
from grants.models import ApplicationStatus, InternalNote
from tests.grants.factories import make_application
from tests.grants.review_support import submitted_application

pytestmark = pytest.mark.django_db

STAFF = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}
BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
APPLICATION_PAGES = ["application_review", "application_versions"]
ACTIONS = ["review_comment_add", "review_request_changes", "review_recommend", "internal_note_add"]
SECRET = "Chair under investigation: do not share"


@pytest.fixture
def application(funding_round, barnet, user_in_role):
    application = submitted_application(funding_round, barnet)
    InternalNote.objects.create(
        application=application, body=SECRET, author=user_in_role(Role.LINK_OFFICER)
    )
    return application


def url(name, application=None):
    if name == "review_list":
        return reverse("grants:review_list")
    return reverse(f"grants:{name}", kwargs={"pk": application.pk})


def test_the_urls_are_where_the_brief_puts_them(application):
    pk = application.pk
    assert [url(name, application) for name in ["review_list", *APPLICATION_PAGES]] == [
        "/funding/review/",
        f"/funding/applications/{pk}/review/",
        f"/funding/applications/{pk}/versions/",
    ]


@pytest.mark.parametrize("name", ["review_list", *APPLICATION_PAGES, *ACTIONS])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, application, name):
    for response in (client.get(url(name, application)), client.post(url(name, application))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
def test_the_list_is_for_mpa_staff_only(client, user_in_role, application, role):
    client.force_login(user_in_role(role))
    response = client.get(url("review_list"))
    assert response.status_code == (200 if role in STAFF else 403)


@pytest.mark.parametrize("name", APPLICATION_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_an_applications_pages_are_for_mpa_staff_only(
    client, user_in_role, application, name, role
):
    client.force_login(user_in_role(role))
    response = client.get(url(name, application))
    assert response.status_code == (200 if role in STAFF else 404)
    if role not in STAFF:
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("role", list(Role))
def test_the_actions_take_posts_from_mpa_staff_only(client, user_in_role, application, name, role):
    client.force_login(user_in_role(role))
    get, post = client.get(url(name, application)), client.post(url(name, application), {})
    if role in STAFF:
        # A GET is not an action; an empty POST is shown the review page with the field message.
        assert (get.status_code, post.status_code) == (405, 200)
        assert post.context["form"].errors
    else:
        assert (get.status_code, post.status_code) == (404, 404)


@pytest.mark.parametrize("name", ["review_list", *APPLICATION_PAGES, *ACTIONS])
@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_are_refused(client, user_in_role, camden, application, name, role):
    client.force_login(user_in_role(role, borough=camden))
    expected = 403 if name == "review_list" else 404
    assert client.get(url(name, application)).status_code == expected
    assert client.post(url(name, application)).status_code == expected


@pytest.mark.parametrize("name", [*APPLICATION_PAGES, *ACTIONS])
@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_cannot_open_a_draft_nobody_has_submitted(
    client, user_in_role, funding_round, camden, name, role
):
    draft = make_application(
        funding_round=funding_round, borough=camden, status=ApplicationStatus.DRAFT
    )
    client.force_login(user_in_role(role))
    assert client.get(url(name, draft)).status_code == 404
    assert client.post(url(name, draft)).status_code == 404


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR])
def test_the_group_cannot_add_comments_or_notes(client, user_in_role, application, role):
    client.force_login(user_in_role(role))
    client.post(url("review_comment_add", application), {"comment-general-body": "Please"})
    client.post(url("internal_note_add", application), {"note-body": "Note"})
    assert not application.review_comments.exists()
    assert application.internal_notes.count() == 1
