"""Gaps in the permission tests: the access tests for outlines, applications and decisions
send GETs for every role, and POSTs only for another borough. These POST good data to the
pages that change something, anonymously and as each role that may not, and check that
nothing changes: no row written and no audit event recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import (
    Award,
    BrokeringContact,
    BudgetLine,
    CommitteeMeeting,
    Outline,
    OutlineStatus,
    Signature,
    SupportingDocument,
)
from grants.services import applications as application_services
from tests.factories import audit_mark, audited_since
from tests.grants.decisions_helpers import borough, fund, recommended
from tests.grants.factories import fill_application, make_outline
from tests.grants.outlines_support import borough_people, dispute, start

pytestmark = pytest.mark.django_db

ALL_BUT = {role: [r for r in Role if r != role] for role in Role}
OUTLINE_FORM = {"position": "Changed.", "proposed_activities": "Changed.", "proposed_sum": "1"}


def contact_form():
    return {
        "contacted_on_0": "27",
        "contacted_on_1": "3",
        "contacted_on_2": "2011",
        "contact_with": "Borough Commander",
        "notes": "Met to discuss.",
    }


def role_ids(role):
    return role.value


# Outlines


@pytest.fixture
def people(barnet):
    return borough_people(barnet)


@pytest.fixture
def draft(outlines_round, people, barnet):
    return start(outlines_round, people, barnet)


def outline_url(name, outline):
    return reverse(f"grants:{name}", kwargs={"pk": outline.pk})


@pytest.mark.parametrize("role", ALL_BUT[Role.SECRETARY], ids=role_ids)
def test_only_the_secretary_writes_the_outline_by_posting(
    client, user_in_role, outlines_round, role
):
    client.force_login(user_in_role(role))
    mark = audit_mark()
    url = reverse("grants:outline_start", kwargs={"year": 2011, "slug": "barnet"})
    assert client.post(url, OUTLINE_FORM).status_code in (302, 404)
    assert not Outline.objects.exists()
    assert not audited_since(mark).exists()


@pytest.mark.parametrize("role", ALL_BUT[Role.SECRETARY], ids=role_ids)
def test_only_the_secretary_edits_the_outline_by_posting(client, user_in_role, draft, role):
    audited = AuditEvent.objects.count()
    client.force_login(user_in_role(role))
    assert client.post(outline_url("outline_edit", draft), OUTLINE_FORM).status_code in (302, 404)
    saved = Outline.objects.get()
    assert (saved.version, saved.position) == (1, draft.position)
    assert AuditEvent.objects.count() == audited


@pytest.mark.parametrize(
    "role",
    [Role.SECRETARY, Role.LINK_OFFICER, Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER],
    ids=role_ids,
)
def test_only_signatories_decline_by_posting(client, user_in_role, draft, role):
    client.force_login(user_in_role(role))
    response = client.post(outline_url("outline_decline", draft), {"version": 1, "reason": "No"})
    assert response.status_code in (302, 404)
    assert not Signature.objects.exists()
    assert Outline.objects.get().status == OutlineStatus.DRAFT


@pytest.mark.parametrize(
    "role",
    [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER, Role.COMMITTEE_MEMBER],
    ids=role_ids,
)
def test_only_mpa_staff_log_brokering_contacts_by_posting(
    client, user_in_role, draft, people, role
):
    disputed = dispute(draft, people)
    client.force_login(user_in_role(role))
    response = client.post(outline_url("brokering_contact_add", disputed), contact_form())
    assert response.status_code in (302, 404)
    assert not BrokeringContact.objects.exists()


OUTLINE_POSTS = [
    ("outline_edit", OutlineStatus.DRAFT, OUTLINE_FORM),
    ("outline_sign", OutlineStatus.DRAFT, {"version": 1}),
    ("outline_decline", OutlineStatus.DRAFT, {"version": 1, "reason": "No"}),
    ("brokering_contact_add", OutlineStatus.DISPUTED, contact_form()),
    ("brokering_outcome", OutlineStatus.DISPUTED, {"outcome": "agreed", "notes": "Agreed."}),
]


@pytest.mark.parametrize(
    ("name", "state", "data"), OUTLINE_POSTS, ids=[p[0] for p in OUTLINE_POSTS]
)
def test_an_anonymous_post_to_an_outline_page_goes_to_sign_in_and_changes_nothing(
    client, outlines_round, barnet, name, state, data
):
    outline = make_outline(funding_round=outlines_round, cpeg=barnet.cpeg, status=state)
    # The outline's own history (signatures given, a decline) is the services' set-up.
    signatures = list(Signature.objects.values_list("pk", flat=True))
    mark = audit_mark()
    response = client.post(outline_url(name, outline), data)
    assert response["Location"].startswith(reverse("login"))
    saved = Outline.objects.get()
    assert (saved.status, saved.version) == (state, 1)
    assert list(Signature.objects.values_list("pk", flat=True)) == signatures
    assert not BrokeringContact.objects.exists()
    assert not audited_since(mark).exists()


def test_an_anonymous_post_to_start_an_outline_goes_to_sign_in(client, outlines_round):
    url = reverse("grants:outline_start", kwargs={"year": 2011, "slug": "barnet"})
    assert client.post(url, OUTLINE_FORM)["Location"].startswith(reverse("login"))
    assert not Outline.objects.exists()


# Applications


@pytest.fixture
def application(funding_round, barnet):
    outline = make_outline(funding_round=funding_round, cpeg=barnet.cpeg)
    return fill_application(
        application_services.application_start(user=outline.created_by, outline=outline)
    )


def application_posts(application):
    objective = application.funding_round.objectives.get(code="O1")
    activity = application.activities.get(objective=objective)
    budget = {f"amount_{line.category}": "1" for line in application.budget_lines.all()}
    return [
        ("activity_add", {"activity_pk": None}, {"objective": objective.pk, "title": "New"}),
        (
            "activity_edit",
            {"activity_pk": activity.pk},
            {"objective": objective.pk, "title": "Renamed"},
        ),
        ("application_budget", {}, {**budget, "requested_amount": "7"}),
        (
            "application_documents",
            {},
            {"kind": "constitution", "file": SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n")},
        ),
    ]


def application_as_it_was(application) -> tuple:
    return (
        sorted(application.activities.values_list("title", flat=True)),
        sorted(BudgetLine.objects.values_list("category", "amount")),
        SupportingDocument.objects.count(),
    )


def post_each_section(client, application):
    statuses = []
    for name, extra, data in application_posts(application):
        kwargs = {"pk": application.pk}
        if extra.get("activity_pk"):
            kwargs["activity_pk"] = extra["activity_pk"]
        statuses.append(client.post(reverse(f"grants:{name}", kwargs=kwargs), data).status_code)
    return statuses


@pytest.mark.parametrize("role", ALL_BUT[Role.SECRETARY], ids=role_ids)
def test_nobody_but_the_secretary_changes_activities_budget_or_documents(
    client, user_in_role, application, role
):
    before = application_as_it_was(application)
    audited = AuditEvent.objects.count()
    client.force_login(user_in_role(role))
    assert set(post_each_section(client, application)) <= {302, 404}
    assert application_as_it_was(application) == before
    assert AuditEvent.objects.count() == audited


def test_an_anonymous_post_to_each_section_goes_to_sign_in_and_changes_nothing(client, application):
    before = application_as_it_was(application)
    audited = AuditEvent.objects.count()
    assert set(post_each_section(client, application)) == {302}
    assert application_as_it_was(application) == before
    assert AuditEvent.objects.count() == audited


# Decisions


def interim_data():
    return {
        "cpeg": borough("brent").cpeg.pk,
        "amount": "2000",
        "reason": "No work plan yet",
        "awarded_on_0": "1",
        "awarded_on_1": "6",
        "awarded_on_2": "2011",
    }


@pytest.mark.parametrize("role", ALL_BUT[Role.FUNDING_MANAGER], ids=role_ids)
def test_only_the_manager_awards_interim_funding_by_posting(
    client, user_in_role, funding_round, role
):
    client.force_login(user_in_role(role))
    url = reverse("grants:interim_award_create", kwargs={"year": 2011})
    assert client.post(url, interim_data()).status_code == 403
    assert not Award.objects.exists()


def test_anonymous_posts_to_the_decisions_pages_go_to_sign_in_and_change_nothing(
    client, funding_round
):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    audited = AuditEvent.objects.count()
    posts = [
        (reverse("grants:interim_award_create", kwargs={"year": 2011}), interim_data()),
        (reverse("grants:meeting_create", kwargs={"year": 2011}), {"name": "x"}),
        (
            reverse("grants:award_instalments", kwargs={"pk": award.pk}),
            {"q1": "10000", "q2": "0", "q3": "0", "q4": "0"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data)["Location"].startswith(reverse("login"))
    assert Award.objects.count() == 1
    assert CommitteeMeeting.objects.count() == 1
    assert AuditEvent.objects.count() == audited


def test_the_secretary_makes_the_same_posts_so_the_refusals_above_are_real(client, application):
    before = application_as_it_was(application)
    client.force_login(application.created_by)
    assert set(post_each_section(client, application)) == {302}
    assert application_as_it_was(application) != before
    assert SupportingDocument.objects.count() == 1
