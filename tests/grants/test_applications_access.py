"""Every application page, for anonymous visitors, every role and another borough's users.

The application is the group's: its secretary edits it, its chair reads it. Police and
council partners sign the outline but never see the application. MPA staff see it only once
submitted, and read it on the review page. Anyone who may not see it gets 404.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from grants.models import Application, ApplicationStatus
from grants.services import applications as services
from grants.services import documents
from tests.grants.factories import fill_application, make_outline

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
MPA_STAFF = {Role.LINK_OFFICER, Role.FUNDING_MANAGER}

# (url name, kind): the kind decides who gets what (see ``expected``).
PAGES = [
    ("application", "application"),
    ("application_about", "edit"),
    ("application_activities", "edit"),
    ("activity_add", "edit"),
    ("activity_edit", "edit"),
    ("application_budget", "edit"),
    ("application_documents", "edit"),
    ("application_check", "edit"),
    ("application_declaration", "edit"),
    ("application_confirmation", "confirmation"),
    ("document", "document"),
    ("activity_delete", "edit"),  # GET asks "Are you sure…", POST removes
    ("document_delete", "document_post_only"),
]


def expected(kind: str, role: Role, submitted: bool) -> int:
    """The status a GET answers with."""
    may_see = role in (Role.SECRETARY, Role.CHAIR) or (role in MPA_STAFF and submitted)
    if not may_see:
        return 404
    may_edit = role == Role.SECRETARY and not submitted
    return {
        # The group's task list or read-only view; staff are sent to the review page.
        "application": 302 if role in MPA_STAFF else 200,
        # Pages that change the application send everyone but its editor to its page.
        "edit": 200 if may_edit else 302,
        "confirmation": 200 if submitted else 302,
        "document": 200,
        "document_post_only": 405,
    }[kind]


@pytest.fixture(params=[False, True], ids=["draft", "submitted"])
def submitted(request):
    return request.param


@pytest.fixture
def application(funding_round, barnet, submitted):
    outline = make_outline(funding_round=funding_round, cpeg=barnet.cpeg)
    secretary = outline.created_by
    application = fill_application(services.application_start(user=secretary, outline=outline))
    documents.document_upload(
        user=secretary,
        application=application,
        kind="constitution",
        uploaded_file=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    if submitted:
        services.application_submit(
            user=secretary, application=application, declaration_confirmed=True
        )
    return application


def page_url(name: str, application: Application) -> str:
    if name in ("document", "document_delete"):
        return reverse(f"grants:{name}", kwargs={"pk": application.documents.get().pk})
    if name in ("activity_edit", "activity_delete"):
        activity = application.activities.first()
        return reverse(f"grants:{name}", kwargs={"pk": application.pk, "activity_pk": activity.pk})
    return reverse(f"grants:{name}", kwargs={"pk": application.pk})


def user_for(role, user_in_role, application):
    if role == Role.SECRETARY:
        return application.created_by  # the secretary who started it
    return user_in_role(role)


@pytest.mark.parametrize(("name", "kind"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, application, name, kind):
    response = client.get(page_url(name, application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kind"), PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_of_the_borough_and_the_mpa(
    client, user_in_role, application, submitted, name, kind, role
):
    client.force_login(user_for(role, user_in_role, application))
    response = client.get(page_url(name, application))
    assert response.status_code == expected(kind, role, submitted)


def test_mpa_staff_get_404_for_a_draft_and_the_review_page_once_submitted(
    client, user_in_role, application, submitted
):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    response = client.get(page_url("application", application))
    if not submitted:
        assert response.status_code == 404
        return
    assert response["Location"] == reverse(
        "grants:application_review", kwargs={"pk": application.pk}
    )


@pytest.mark.parametrize(("name", "kind"), PAGES)
@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_get_404(
    client, user_in_role, camden, application, name, kind, role
):
    client.force_login(user_in_role(role, borough=camden))
    assert client.get(page_url(name, application)).status_code == 404
    assert client.post(page_url(name, application)).status_code == 404


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECRETARY])
def test_nobody_but_the_secretary_changes_anything(
    client, user_in_role, application, submitted, role
):
    client.force_login(user_in_role(role))
    client.post(page_url("application_about", application), {"group_summary": "Changed"})
    client.post(page_url("activity_delete", application))
    client.post(page_url("document_delete", application))
    client.post(page_url("application_declaration", application), {"declaration": "on"})
    application.refresh_from_db()
    assert application.group_summary != "Changed"
    assert application.activities.count() == 5
    assert application.documents.count() == 1
    assert application.status == (
        ApplicationStatus.SUBMITTED if submitted else ApplicationStatus.DRAFT
    )


# Starting an application: a POST from the group's page for the round


@pytest.fixture
def outline(funding_round, barnet):
    return make_outline(funding_round=funding_round, cpeg=barnet.cpeg)


START_STATUS = {
    Role.SECRETARY: 302,  # to the new application
    Role.CHAIR: 403,  # sees the outline, may not start the application
    Role.POLICE_PARTNER: 403,
    Role.COUNCIL_PARTNER: 403,
    Role.LINK_OFFICER: 403,
    Role.FUNDING_MANAGER: 403,
    Role.COMMITTEE_MEMBER: 404,  # may not see the outline at all
}


@pytest.mark.parametrize("role", list(Role))
def test_who_may_start_an_application(client, user_in_role, outline, role):
    user = outline.created_by if role == Role.SECRETARY else user_in_role(role)
    client.force_login(user)
    url = reverse("grants:application_start", kwargs={"pk": outline.pk})
    assert client.post(url).status_code == START_STATUS[role]
    assert Application.objects.exists() == (role == Role.SECRETARY)
    assert client.get(url).status_code == 405


def test_starting_anonymously_goes_to_sign_in(client, outline):
    response = client.post(reverse("grants:application_start", kwargs={"pk": outline.pk}))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_cannot_start_it(client, user_in_role, camden, outline, role):
    client.force_login(user_in_role(role, borough=camden))
    response = client.post(reverse("grants:application_start", kwargs={"pk": outline.pk}))
    assert response.status_code == 404
    assert not Application.objects.exists()
