"""Who may open each of the return's pages, role by role: the group's secretary writes it; its
chair reads it; staff read it once submitted (404 while it is the group's draft); police and
council partners, committee members and another borough answer 404, exactly as if the
return did not exist. Pages that change it send a reader back to the return."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from slas.models import EvidenceFile, ReturnStatus, ReviewQuestion
from slas.services import returns as services
from slas.workflows.quarterly_return import QUARTERLY_RETURN, RETURN
from tests.factories import UserFactory
from tests.slas.factories import (
    funded_award,
    officer_for,
    return_for,
    secretary_of,
    submitted_return,
)

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

SECTION_PAGES = (
    "return_evidence",
    "return_evidence_add",
    "return_counts",
    "return_spend",
    "return_narrative",
    "return_questions",
    "return_check",
    "return_declaration",
)


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


def with_file(r):
    services.return_add_evidence_file(
        user=secretary_of(r.cpeg.borough),
        quarterly_return=r,
        upload=SimpleUploadedFile("event.png", PNG_BYTES),
    )
    return r


@pytest.fixture
def draft(award):
    r = services.return_start(
        user=secretary_of(award.cpeg.borough), quarterly_return=return_for(award, 2)
    )
    return with_file(r)


@pytest.fixture
def returned(award):
    r = submitted_return(award=award, quarter=2)
    officer = officer_for(award.cpeg.borough)
    ReviewQuestion.objects.create(quarterly_return=r, question="Who came?", asked_by=officer)
    r = QUARTERLY_RETURN.move(r, RETURN, user=officer)
    return with_file(r)


def pages(r):
    """Every page of the return, by name, with its address."""
    report = r.milestone_reports.first()
    file_pk = EvidenceFile.objects.filter(quarterly_return=r).first().pk
    urls = {name: reverse(f"slas:{name}", kwargs={"pk": r.pk}) for name in SECTION_PAGES}
    urls["return"] = reverse("slas:return", kwargs={"pk": r.pk})
    urls["return_milestone"] = reverse(
        "slas:return_milestone", kwargs={"pk": r.pk, "report_pk": report.pk}
    )
    urls["return_confirmation"] = reverse("slas:return_confirmation", kwargs={"pk": r.pk})
    urls["evidence_file"] = reverse("slas:evidence_file", kwargs={"pk": file_pk})
    question = r.questions.first()
    if question:
        urls["return_question"] = reverse(
            "slas:return_question", kwargs={"pk": r.pk, "question_pk": question.pk}
        )
    return urls


def user_for(who, barnet, camden):
    if who == "secretary":
        return secretary_of(barnet)
    if who == "other_secretary":
        return secretary_of(camden)
    if who == "officer":
        return officer_for(barnet)
    if who == "unassigned_officer":
        return UserFactory(role=Role.LINK_OFFICER)
    roles = {
        "chair": Role.CHAIR,
        "police": Role.POLICE_PARTNER,
        "council": Role.COUNCIL_PARTNER,
        "manager": Role.FUNDING_MANAGER,
        "committee": Role.COMMITTEE_MEMBER,
    }
    role = roles[who]
    cpeg = barnet.cpeg if role in (Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER) else None
    return UserFactory(role=role, cpeg=cpeg)


NOBODY = ("police", "council", "other_secretary", "committee")
STAFF = ("officer", "unassigned_officer", "manager")


@pytest.mark.parametrize("who", [*NOBODY, *STAFF])
def test_a_draft_is_404_to_everyone_outside_the_group(client, draft, barnet, camden, who):
    client.force_login(user_for(who, barnet, camden))
    for name, address in pages(draft).items():
        assert client.get(address).status_code == 404, name
    assert client.post(pages(draft)["return_counts"], {}).status_code == 404
    file_pk = EvidenceFile.objects.get(quarterly_return=draft).pk
    remove = reverse("slas:evidence_file_remove", kwargs={"pk": file_pk})
    assert client.post(remove).status_code == 404
    assert client.post(reverse("slas:return_start", kwargs={"pk": draft.pk})).status_code == 404
    assert EvidenceFile.objects.filter(quarterly_return=draft).exists()


@pytest.mark.parametrize("who", NOBODY)
def test_a_submitted_return_is_404_to_partners_committee_and_other_boroughs(
    client, returned, barnet, camden, who
):
    client.force_login(user_for(who, barnet, camden))
    for name, address in pages(returned).items():
        assert client.get(address).status_code == 404, name


@pytest.mark.parametrize("who", [*STAFF, "chair"])
def test_staff_and_the_chair_read_a_submitted_return_and_change_nothing(
    client, returned, barnet, camden, who
):
    client.force_login(user_for(who, barnet, camden))
    urls = pages(returned)
    assert client.get(urls["return"]).status_code == 200
    assert client.get(urls["evidence_file"]).status_code == 200
    for name in (*SECTION_PAGES, "return_milestone", "return_question"):
        response = client.get(urls[name])
        assert (response.status_code, response.url) == (302, urls["return"]), name
    response = client.post(urls["return_counts"], {"cdrp_meetings": "1"})
    assert response.status_code == 302
    file_pk = EvidenceFile.objects.get(quarterly_return=returned).pk
    client.post(reverse("slas:evidence_file_remove", kwargs={"pk": file_pk}))
    assert EvidenceFile.objects.filter(quarterly_return=returned).exists()
    assert client.post(reverse("slas:return_start", kwargs={"pk": returned.pk})).status_code == 403


def test_the_chair_reads_a_draft_but_cannot_change_it(client, draft, barnet, camden):
    client.force_login(user_for("chair", barnet, camden))
    urls = pages(draft)
    assert client.get(urls["return"]).status_code == 200
    assert client.get(urls["return_counts"]).status_code == 302


def test_the_secretary_opens_every_page_of_a_returned_return(client, returned, barnet):
    client.force_login(secretary_of(barnet))
    for name, address in pages(returned).items():
        expected = 302 if name == "return_confirmation" else 200
        assert client.get(address).status_code == expected, name


def test_the_secretary_opens_every_page_of_a_draft(client, draft, barnet):
    client.force_login(secretary_of(barnet))
    for name, address in pages(draft).items():
        if name == "return_questions":
            continue  # a draft has no questions: the page lists none
        expected = 302 if name == "return_confirmation" else 200
        assert client.get(address).status_code == expected, name


def test_signed_out_people_are_sent_to_sign_in(client, draft):
    for name, address in pages(draft).items():
        response = client.get(address)
        assert response.status_code == 302, name
        assert "login" in response.url or "sign-in" in response.url, name


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("chair", 200),
        ("police", 404),
        ("council", 404),
        ("other_secretary", 404),
        ("officer", 404),
        ("manager", 404),
        ("committee", 404),
    ],
)
def test_the_groups_list_of_returns(client, award, barnet, camden, who, status):
    client.force_login(user_for(who, barnet, camden))
    address = reverse(
        "slas:group_returns", kwargs={"year": award.funding_round.year_start, "slug": "barnet"}
    )
    assert client.get(address).status_code == status


def test_a_return_that_does_not_exist_is_404(client, barnet):
    client.force_login(secretary_of(barnet))
    assert client.get(reverse("slas:return", kwargs={"pk": 999999})).status_code == 404


def test_a_not_started_return_is_404_to_staff_and_offers_the_secretary_the_start(
    client, award, barnet
):
    r = return_for(award, 3)
    client.force_login(officer_for(barnet))
    assert client.get(reverse("slas:return", kwargs={"pk": r.pk})).status_code == 404
    client.force_login(secretary_of(barnet))
    assert b"Start the return" in client.get(reverse("slas:return", kwargs={"pk": r.pk})).content
    assert r.status == ReturnStatus.NOT_STARTED
