"""The group's return in the browser's terms: the task list, each section page saving and
going back to it, check your answers, the declaration, the confirmation, the read-only page,
evidence files served as downloads, and the group's list of returns."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from slas.models import EvidenceFile, ReturnStatus, ReviewQuestion, SpendLine
from slas.services import returns as services
from slas.workflows.quarterly_return import QUARTERLY_RETURN, RETURN
from tests.slas.factories import (
    COUNTS,
    filled_return,
    funded_award,
    officer_for,
    return_for,
    secretary_of,
    submitted_return,
)

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


@pytest.fixture
def secretary(barnet):
    return secretary_of(barnet)


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def started(award, secretary):
    return services.return_start(user=secretary, quarterly_return=return_for(award, 2))


def url(name, r, **kwargs):
    return reverse(f"slas:{name}", kwargs={"pk": r.pk, **kwargs})


def test_the_secretary_starts_the_return_from_its_page(as_secretary, award):
    r = return_for(award, 2)
    page = as_secretary.get(url("return", r))
    assert b"Start the return" in page.content
    response = as_secretary.post(url("return_start", r))
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == ReturnStatus.DRAFT
    page = as_secretary.get(url("return", r)).content.decode()
    assert "govuk-task-list" in page
    assert "You have completed 0 of" in page
    assert "Check your answers and submit" in page
    assert "Cannot start yet" in page


def test_a_milestone_page_saves_and_goes_back_to_the_task_list(as_secretary, started):
    report = started.milestone_reports.first()
    page_url = url("return_milestone", started, report_pk=report.pk)
    page = as_secretary.get(page_url).content.decode()
    assert "govuk-radios__conditional" in page
    assert "govuk-character-count" in page
    response = as_secretary.post(
        page_url,
        {
            "outcome": "partly_met",
            "partly_met_what_happened": "Half the sessions ran.",
            "partly_met_next_steps": "The rest in July.",
            "not_met_what_happened": "ignored",
        },
    )
    assert response.status_code == 302
    assert response.url == url("return", started)
    report.refresh_from_db()
    assert (report.outcome, report.what_happened, report.next_steps) == (
        "partly_met",
        "Half the sessions ran.",
        "The rest in July.",
    )
    page = as_secretary.get(page_url).content.decode()
    assert "Half the sessions ran." in page


def test_the_counts_page_saves(as_secretary, started):
    page = as_secretary.get(url("return_counts", started)).content.decode()
    assert page.count('inputmode="numeric"') == 6
    response = as_secretary.post(
        url("return_counts", started), {k: str(v) for k, v in COUNTS.items()}
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.cdrp_meetings == COUNTS["cdrp_meetings"]


def test_the_spend_page_shows_each_line_with_its_variance_in_words(as_secretary, started):
    lines = list(started.spend_lines.all())
    data = {f"spent_{line.pk}": "£0" for line in lines}
    first = lines[0]
    data[f"spent_{first.pk}"] = f"{first.budget - Decimal('120'):.2f}"
    response = as_secretary.post(url("return_spend", started), data)
    assert response.status_code == 302
    page = as_secretary.get(url("return_spend", started)).content.decode()
    assert "£120.00 under budget" in page
    assert "govuk-input__prefix" in page


def test_the_evidence_page_uploads_lists_serves_and_removes_files(as_secretary, started):
    response = as_secretary.post(
        url("return_evidence_add", started), {"file": SimpleUploadedFile("event.png", PNG_BYTES)}
    )
    assert response.status_code == 302
    evidence_file = EvidenceFile.objects.get()
    page = as_secretary.get(url("return_evidence", started)).content.decode()
    assert "event.png" in page
    download = as_secretary.get(reverse("slas:evidence_file", kwargs={"pk": evidence_file.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG_BYTES
    as_secretary.post(reverse("slas:evidence_file_remove", kwargs={"pk": evidence_file.pk}))
    assert not EvidenceFile.objects.exists()
    response = as_secretary.post(url("return_evidence", started), {"evidence": "Minutes."})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.evidence == "Minutes."


def test_the_narrative_page_saves(as_secretary, started):
    response = as_secretary.post(
        url("return_narrative", started),
        {"highlights": "A packed meeting.", "problems": "", "support_wanted": "Advice"},
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.highlights, started.support_wanted, started.narrative_saved) == (
        "A packed meeting.",
        "Advice",
        True,
    )


def test_check_declare_submit_and_confirm_with_the_reference(as_secretary, award):
    r = filled_return(award=award, quarter=2)
    page = as_secretary.get(url("return_check", r)).content.decode()
    assert "Continue to the declaration" in page
    assert "Change" in page
    refused = as_secretary.post(url("return_declaration", r), {})
    assert refused.status_code == 200
    assert "Confirm the declaration to submit the return" in refused.content.decode()
    r.refresh_from_db()
    assert r.status == ReturnStatus.DRAFT
    response = as_secretary.post(url("return_declaration", r), {"declaration": "on"})
    assert response.url == url("return_confirmation", r)
    confirmation = as_secretary.get(response.url).content.decode()
    assert "govuk-panel--confirmation" in confirmation
    assert f"CPEG-{award.funding_round.year_start}-BARNET-Q2" in confirmation
    r.refresh_from_db()
    assert r.status == ReturnStatus.SUBMITTED


def test_the_check_page_lists_what_is_left(as_secretary, started):
    page = as_secretary.get(url("return_check", started)).content.decode()
    assert "You cannot submit the return yet" in page
    assert "Enter the number of CDRP meetings attended" in page


def test_a_submitted_return_is_read_only_with_its_submissions_and_history(client, award, barnet):
    r = submitted_return(award=award, quarter=2)
    for user in (secretary_of(barnet), officer_for(barnet)):
        client.force_login(user)
        page = client.get(url("return", r)).content.decode()
        assert "govuk-task-list" not in page
        assert "Submissions" in page
        assert "History" in page
        assert "Minutes and attendance sheets" in page
        # Read-only: no links to change anything.
        assert url("return_counts", r) not in page
    # Section pages send the secretary back to the return once it is submitted.
    client.force_login(secretary_of(barnet))
    assert client.get(url("return_counts", r)).url == url("return", r)


def test_the_group_answers_questions_on_a_returned_return(as_secretary, award, barnet):
    r = submitted_return(award=award, quarter=2)
    question = ReviewQuestion.objects.create(
        quarterly_return=r, question="Who came?", asked_by=officer_for(barnet)
    )
    QUARTERLY_RETURN.move(r, RETURN, user=officer_for(barnet))
    page = as_secretary.get(url("return", r)).content.decode()
    assert "Answer the link officer&#x27;s questions" in page
    assert "Who came?" in as_secretary.get(url("return_questions", r)).content.decode()
    response = as_secretary.post(
        url("return_question", r, question_pk=question.pk), {"answer": "Forty residents."}
    )
    assert response.url == url("return_questions", r)
    question.refresh_from_db()
    assert question.answer == "Forty residents."


def test_the_groups_list_shows_each_quarter_with_its_state(client, award, barnet, user_in_role):
    filled_return(award=award, quarter=1)
    client.force_login(user_in_role(Role.CHAIR))
    page = client.get(
        reverse(
            "slas:group_returns",
            kwargs={"year": award.funding_round.year_start, "slug": "barnet"},
        )
    ).content.decode()
    for quarter in (1, 2, 3, 4):
        assert f"Quarter {quarter} return" in page
    assert "Draft" in page
    assert "Not started" in page


def test_a_spend_line_needing_a_reason_says_the_figure_on_the_page(as_secretary, award):
    from slas.workflows.quarterly_return import ACCEPT

    q1 = submitted_return(award=award, quarter=1, spent=Decimal("500.00"))
    QUARTERLY_RETURN.move(q1, ACCEPT, user=officer_for(award.cpeg.borough))
    q2 = services.return_start(
        user=secretary_of(award.cpeg.borough), quarterly_return=return_for(award, 2)
    )
    lines = list(SpendLine.objects.filter(quarterly_return=q2))
    page = as_secretary.get(url("return_spend", q2)).content.decode()
    assert "lower than the £500.00 reported for quarter 1" in page
    data = {f"spent_{line.pk}": "600" for line in lines}
    data[f"spent_{lines[0].pk}"] = "400"
    response = as_secretary.post(url("return_spend", q2), data)
    assert response.status_code == 200
    assert "is lower than the £500.00 reported for quarter 1" in response.content.decode()


def test_an_accepted_return_shows_its_ratings_the_versions_and_a_way_to_correct_it(client, barnet):
    from slas.services.review import review_accept
    from tests.slas.factories import all_ratings, officer_for, secretary_of, submitted_return

    award = funded_award(borough=barnet)
    submitted = submitted_return(award=award, quarter=1)
    accepted = review_accept(
        user=officer_for(barnet),
        quarterly_return=submitted,
        ratings=all_ratings(submitted, final="amber"),
    )
    client.force_login(secretary_of(barnet))
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert "Ratings" in page
    assert page.count(">Amber</strong>") == 6  # five objectives and overall, as words
    assert "Suggested Green; The officer saw it happen." in page
    assert reverse("slas:versions", kwargs={"pk": accepted.pk}) in page
    assert reverse("slas:correction_start", kwargs={"pk": accepted.pk}) in page
