"""The grants admin: the funding manager finds and reads every grants row; nobody changes one.

Status and money move only through the services (which check, lock and audit), so the admin
shows them read-only and refuses a posted change.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from grants.models import (
    AccessFundDrawdown,
    Application,
    ApplicationStatus,
    Award,
    CommitteeMeeting,
    Decision,
    FundingRound,
    Outline,
    RoundStatus,
)
from grants.services.decisions import meeting_record_decisions
from grants.services.documents import document_upload
from grants.services.review import internal_note_add
from grants.services.rounds import access_fund_draw, access_fund_top_up
from tests.grants.decisions_helpers import MEETING_DAY, borough, fund, recommended
from tests.grants.factories import make_application, make_round, staff

pytestmark = pytest.mark.django_db

#: The grants models with pages of their own; the rest are shown inside them (objectives and
#: the access-needs fund in the round, signatures in the outline, the budget, work plan,
#: documents, versions, comments and notes in the application, instalments in the award).
PAGES = [FundingRound, AccessFundDrawdown, Outline, Application, CommitteeMeeting, Decision, Award]

OTHER_ROLES = [role for role in Role if role != Role.FUNDING_MANAGER]

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def changelist(model: type[models.Model]) -> str:
    return reverse(f"admin:grants_{model._meta.model_name}_changelist")


def change(obj: models.Model) -> str:
    return reverse(f"admin:grants_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def year():
    """A round with a funded application, a draft with a document, and the fund drawn on."""
    funding_round = make_round(status=RoundStatus.APPLICATIONS_OPEN)
    manager = staff(Role.FUNDING_MANAGER)
    funded = recommended(funding_round, "barnet", "30000.00")
    fund(funding_round, funded)
    draft = make_application(
        funding_round=funding_round, borough=borough("camden"), status=ApplicationStatus.DRAFT
    )
    document_upload(
        user=draft.created_by,
        application=draft,
        kind="constitution",
        uploaded_file=SimpleUploadedFile("constitution.pdf", PDF_BYTES, "application/pdf"),
    )
    internal_note_add(user=manager, application=funded, body="Chased the bank details by phone.")
    access_fund_top_up(
        user=manager, funding_round=funding_round, amount=Decimal("500.00"), reason="Underspend"
    )
    access_fund_draw(
        user=manager,
        funding_round=funding_round,
        cpeg=funded.cpeg,
        amount=Decimal("300.00"),
        reason="A hearing loop for the public meeting",
    )
    return funding_round


def one_of(model: type[models.Model]) -> models.Model:
    return model._default_manager.order_by("pk").first()


def test_every_grants_model_with_a_page_is_registered_and_no_other():
    registered = {model for model in admin.site._registry if model._meta.app_label == "grants"}
    assert registered == set(PAGES)


@pytest.mark.parametrize("model", PAGES, ids=lambda model: model.__name__)
def test_the_funding_manager_opens_the_list_and_the_page_of_each_model(
    client, user_in_role, year, model
):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    obj = one_of(model)
    listing = client.get(changelist(model))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model._default_manager.count() > 0
    page = client.get(change(obj))
    assert page.status_code == 200
    assert page.context["title"] == f"View {model._meta.verbose_name}"


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("model", PAGES, ids=lambda model: model.__name__)
def test_no_other_role_opens_the_grants_admin(client, user_in_role, year, model, role):
    client.force_login(user_in_role(role))
    assert client.get(changelist(model), follow=True).status_code == 403
    assert client.get(change(one_of(model)), follow=True).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_portal_sign_in(client, year):
    url = change(one_of(Application))
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("model", "posted"),
    [
        pytest.param(
            FundingRound,
            {"status": RoundStatus.CLOSED, "allocable_ceiling": "1400000.00"},
            id="round",
        ),
        pytest.param(Outline, {"status": "disputed", "proposed_sum": "1.00"}, id="outline"),
        pytest.param(
            Application,
            {"status": ApplicationStatus.FUNDED, "recommended_amount": "40000.00"},
            id="application",
        ),
        pytest.param(Decision, {"outcome": "do_not_fund", "amount": ""}, id="decision"),
        pytest.param(Award, {"amount": "99999.00"}, id="award"),
        pytest.param(AccessFundDrawdown, {"amount": "1.00"}, id="drawdown"),
    ],
)
def test_status_and_money_are_read_only(client, user_in_role, year, model, posted):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    obj = one_of(model)
    before = {field: getattr(obj, field) for field in posted}
    page = client.get(change(obj)).content.decode()
    for field in posted:
        assert f'name="{field}"' not in page
    assert client.post(change(obj), posted).status_code == 403
    obj.refresh_from_db()
    assert {field: getattr(obj, field) for field in posted} == before


def test_the_page_shows_the_status_as_its_label(client, user_in_role, year):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    page = client.get(change(Application.objects.get(cpeg__borough__slug="barnet")))
    assert "Funded" in page.content.decode()


@pytest.mark.parametrize("model", PAGES, ids=lambda model: model.__name__)
def test_nothing_is_added_or_deleted_from_the_admin(client, user_in_role, year, model):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    count = model._default_manager.count()
    assert client.get(reverse(f"admin:grants_{model._meta.model_name}_add")).status_code == 403
    delete = reverse(f"admin:grants_{model._meta.model_name}_delete", args=[one_of(model).pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert model._default_manager.count() == count


def test_the_manager_finds_an_application_by_borough(client, user_in_role, year):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    found = client.get(changelist(Application), {"q": "camden"}).context["cl"].result_list
    assert [application.cpeg.borough.slug for application in found] == ["camden"]


def test_the_round_page_links_to_its_history_in_the_audit_log(client, user_in_role, year):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    page = client.get(change(year)).content.decode()
    start = page.index('href="/admin/audit/auditevent/?')
    link = page[start + len('href="') : page.index('"', start + len('href="'))]
    events = client.get(link.replace("&amp;", "&")).context["cl"].result_list
    assert {event.action for event in events} >= {
        "access-needs fund topped up",
        "access-needs fund drawn",
    }
    assert {(event.content_type.model, event.object_id) for event in events} == {
        ("fundinground", year.pk)
    }


def test_the_application_page_lists_documents_without_a_link_to_the_file(
    client, user_in_role, year
):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    draft = Application.objects.get(cpeg__borough__slug="camden")
    page = client.get(change(draft)).content.decode()
    assert "constitution.pdf" in page
    assert settings.MEDIA_URL not in page
    assert draft.documents.get().file.name not in page


def test_the_application_page_shows_internal_notes_to_the_manager(client, user_in_role, year):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    funded = Application.objects.get(cpeg__borough__slug="barnet")
    assert "Chased the bank details by phone." in client.get(change(funded)).content.decode()


def more_of_everything(funding_round: FundingRound) -> None:
    """Two more funded groups (decided at one meeting), more notes, draws and top-ups."""
    manager = staff(Role.FUNDING_MANAGER)
    applications = [recommended(funding_round, slug, "20000.00") for slug in ("croydon", "ealing")]
    meeting_record_decisions(
        user=manager,
        funding_round=funding_round,
        name="Second sitting",
        held_on=MEETING_DAY,
        decisions=[(application, "fund", Decimal("20000.00"), "") for application in applications],
    )
    barnet = Application.objects.get(cpeg__borough__slug="barnet")
    for body in ("Bank details received.", "Chair changed in June."):
        internal_note_add(user=manager, application=barnet, body=body)
    access_fund_top_up(
        user=manager, funding_round=funding_round, amount=Decimal("250.00"), reason="Donation"
    )
    for application in applications:
        access_fund_draw(
            user=manager,
            funding_round=funding_round,
            cpeg=application.cpeg,
            amount=Decimal("100.00"),
            reason="Interpreting",
        )


def queries(client, url: str) -> int:
    client.get(url)  # once to warm the caches (content types, the session's user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# The admin pages' query counts depend on Django's own admin (session, user, paginator,
# filters), so rather than pin a number these tests pin that no count grows with the rows:
# a list or a page with three times as many rows costs exactly the same queries.


@pytest.mark.parametrize("model", PAGES, ids=lambda model: model.__name__)
def test_a_list_costs_the_same_queries_however_many_rows(client, user_in_role, year, model):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    few = queries(client, changelist(model))
    more_of_everything(year)
    assert queries(client, changelist(model)) == few


def test_a_page_costs_the_same_queries_however_many_rows_it_shows(client, user_in_role, year):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    barnet = Application.objects.get(cpeg__borough__slug="barnet")
    first_meeting = one_of(CommitteeMeeting)
    few = [queries(client, change(year)), queries(client, change(barnet))]
    one_decision = queries(client, change(first_meeting))
    more_of_everything(year)
    second_meeting = CommitteeMeeting.objects.get(name="Second sitting")
    assert second_meeting.decisions.count() == 2
    assert [queries(client, change(year)), queries(client, change(barnet))] == few
    assert queries(client, change(second_meeting)) == one_decision
