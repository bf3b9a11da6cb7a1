"""Bad input on every field of the return's pages gets its own message beside the field, in
the error summary, and saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from slas.models import COUNT_FIELDS, EvidenceFile, QuarterlyReturn, ReviewQuestion
from slas.services import returns as services
from slas.workflows.quarterly_return import QUARTERLY_RETURN, RETURN
from tests.slas.factories import (
    COUNTS,
    funded_award,
    officer_for,
    return_for,
    secretary_of,
    submitted_return,
)

pytestmark = pytest.mark.django_db


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


def state(r):
    """Everything the pages could change."""
    r = QuarterlyReturn.objects.get(pk=r.pk)
    return (
        r.status,
        [getattr(r, name) for name in COUNT_FIELDS],
        r.evidence,
        r.highlights,
        r.problems,
        r.support_wanted,
        r.narrative_saved,
        list(r.milestone_reports.values_list("outcome", "what_happened", "next_steps")),
        list(r.spend_lines.values_list("spent_to_date", "lower_reason")),
        r.evidence_files.count(),
        list(r.questions.values_list("answer", flat=True)),
    )


def assert_refused(response, *messages):
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "govuk-error-message" in page
    for message in messages:
        assert message.replace("'", "&#x27;") in page, message


COUNT_NOUN = "The number of CDRP meetings attended"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the number of CDRP meetings attended"),
        ("abc", f"{COUNT_NOUN} must be a whole number"),
        ("1.5", f"{COUNT_NOUN} must be a whole number"),
        ("-1", f"{COUNT_NOUN} must be 0 or more"),
        ("100001", f"{COUNT_NOUN} must be 100,000 or fewer"),
        ("1e3", f"{COUNT_NOUN} must be a whole number"),
    ],
)
def test_each_bad_count_gets_its_message_and_saves_nothing(as_secretary, started, typed, message):
    before = state(started)
    data = {name: str(value) for name, value in COUNTS.items()}
    data["cdrp_meetings"] = typed
    response = as_secretary.post(url("return_counts", started), data)
    assert_refused(response, message)
    assert '<a href="#id_cdrp_meetings">' in response.content.decode()
    assert state(started) == before


def test_every_count_has_its_own_message(as_secretary, started):
    response = as_secretary.post(url("return_counts", started), {})
    assert_refused(
        response,
        "Enter the number of public meetings and engagement events held",
        "Enter the total attendance at public meetings and engagement events",
        "Enter the number of CDRP meetings attended",
        "Enter the number of Safer Neighbourhoods panel meetings attended",
        "Enter the number of outreach events held",
        "Enter the number of young people (under 25) engaged",
    )


def test_attendance_without_meetings_is_refused_by_the_service_beside_the_box(
    as_secretary, started
):
    before = state(started)
    data = {name: str(value) for name, value in COUNTS.items()}
    data.update(public_meetings="0", public_attendance="5")
    response = as_secretary.post(url("return_counts", started), data)
    assert_refused(response, "Total attendance must be 0 when no public meetings")
    assert state(started) == before


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Select whether the milestone was met"]),
        ({"outcome": "exceeded"}, ["Select whether the milestone was met"]),
        ({"outcome": "partly_met"}, ["Say what happened", "Say what happens next"]),
        (
            {"outcome": "not_met", "not_met_what_happened": "x" * 5001, "not_met_next_steps": "y"},
            ["What happened must be 5,000 characters or fewer"],
        ),
    ],
)
def test_a_milestone_needs_an_outcome_and_an_explanation(as_secretary, started, data, messages):
    report = started.milestone_reports.first()
    before = state(started)
    response = as_secretary.post(url("return_milestone", started, report_pk=report.pk), data)
    assert_refused(response, *messages)
    assert state(started) == before


def test_the_outcome_error_links_to_the_first_radio(as_secretary, started):
    report = started.milestone_reports.first()
    response = as_secretary.post(url("return_milestone", started, report_pk=report.pk), {})
    page = response.content.decode()
    assert '<a href="#id_outcome_0">' in page
    assert 'id="id_outcome_0"' in page


@pytest.mark.parametrize(
    ("typed", "ending"),
    [
        ("", "Enter the spend to date on "),
        ("abc", "as a number in pounds, like 1250 or 1250.50"),
        ("-1", "must be £0 or more"),
        ("1.005", "with no more than 2 decimal places"),
    ],
)
def test_bad_spend_gets_its_message_and_saves_nothing(as_secretary, started, typed, ending):
    lines = list(started.spend_lines.all())
    data = {f"spent_{line.pk}": "10" for line in lines}
    data[f"spent_{lines[0].pk}"] = typed
    before = state(started)
    response = as_secretary.post(url("return_spend", started), data)
    assert_refused(response, ending)
    assert f'<a href="#id_spent_{lines[0].pk}">' in response.content.decode()
    assert state(started) == before


def test_evidence_text_is_required_and_capped(as_secretary, started):
    before = state(started)
    assert_refused(
        as_secretary.post(url("return_evidence", started), {"evidence": "  "}),
        "Describe the evidence of what the group did this quarter",
    )
    assert_refused(
        as_secretary.post(url("return_evidence", started), {"evidence": "x" * 5001}),
        "The evidence must be 5,000 characters or fewer",
    )
    assert state(started) == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select a file"),
        (SimpleUploadedFile("virus.png", b"MZ\x90\x00" + b"\x00" * 40), "must be a PDF"),
        (SimpleUploadedFile("empty.png", b""), "The selected file is empty"),
    ],
)
def test_a_bad_file_gets_its_message_and_saves_nothing(as_secretary, started, upload, message):
    data = {"file": upload} if upload is not None else {}
    response = as_secretary.post(url("return_evidence_add", started), data)
    assert_refused(response, message)
    assert not EvidenceFile.objects.exists()


def test_highlights_are_required_and_every_box_is_capped(as_secretary, started):
    before = state(started)
    response = as_secretary.post(
        url("return_narrative", started),
        {"highlights": "", "problems": "p" * 5001, "support_wanted": "s" * 5001},
    )
    assert_refused(
        response,
        "Enter the quarter's highlights",
        "The problems must be 5,000 characters or fewer",
        "The support wanted must be 5,000 characters or fewer",
    )
    assert state(started) == before


def test_an_answer_is_required(as_secretary, award, barnet):
    r = submitted_return(award=award, quarter=2)
    question = ReviewQuestion.objects.create(
        quarterly_return=r, question="Who came?", asked_by=officer_for(barnet)
    )
    r = QUARTERLY_RETURN.move(r, RETURN, user=officer_for(barnet))
    before = state(r)
    for typed, message in (("", "Enter your answer"), ("a" * 5001, "5,000 characters or fewer")):
        response = as_secretary.post(
            url("return_question", r, question_pk=question.pk), {"answer": typed}
        )
        assert_refused(response, message)
    assert state(r) == before


def test_submitting_an_incomplete_return_lists_what_is_left_and_changes_nothing(
    as_secretary, started
):
    before = state(started)
    response = as_secretary.post(url("return_declaration", started), {"declaration": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the quarter&#x27;s highlights" in page
    assert url("return_narrative", started) + "#id_highlights" in page
    assert state(started) == before
