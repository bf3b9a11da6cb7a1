"""The group's return, through its services: starting it, each section's rules, evidence
files, answers to questions and submitting. Every refusal changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from audit.models import AuditEvent
from slas.models import (
    COUNT_FIELDS,
    EvidenceFile,
    MilestoneReport,
    QuarterlyReturn,
    ReturnStatus,
    ReturnSubmission,
    ReviewQuestion,
    SlaMilestone,
    SpendLine,
    TimeState,
)
from slas.selectors.returns import return_detail, return_problems, return_snapshot
from slas.services import returns as services
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN, RETURN
from tests.factories import UserFactory
from tests.slas.factories import (
    COUNTS,
    filled_return,
    funded_award,
    officer_for,
    return_for,
    return_in,
    secretary_of,
    submitted_return,
)

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


@pytest.fixture
def secretary(barnet):
    return secretary_of(barnet)


@pytest.fixture
def started(award, secretary):
    return services.return_start(user=secretary, quarterly_return=return_for(award, 2))


def snapshot_of(quarterly_return):
    """Everything a refusal must leave as it was."""
    r = QuarterlyReturn.objects.get(pk=quarterly_return.pk)
    return (
        r.status,
        [getattr(r, name) for name in COUNT_FIELDS],
        r.evidence,
        r.highlights,
        r.problems,
        r.support_wanted,
        r.narrative_saved,
        list(
            MilestoneReport.objects.filter(quarterly_return=r).values_list(
                "outcome", "what_happened", "next_steps"
            )
        ),
        list(
            SpendLine.objects.filter(quarterly_return=r).values_list(
                "spent_to_date", "lower_reason"
            )
        ),
        EvidenceFile.objects.filter(quarterly_return=r).count(),
        ReturnSubmission.objects.filter(quarterly_return=r).count(),
    )


# Starting


def test_starting_makes_a_draft_with_a_report_per_milestone_due_and_a_line_per_budget_line(
    award, secretary
):
    not_due = SlaMilestone.objects.filter(award=award, quarter=2).first()
    SlaMilestone.objects.filter(pk=not_due.pk).update(not_due=True)
    r = services.return_start(user=secretary, quarterly_return=return_for(award, 2))
    assert r.status == ReturnStatus.DRAFT
    due = SlaMilestone.objects.filter(award=award, quarter=2, not_due=False)
    assert set(r.milestone_reports.values_list("milestone_id", flat=True)) == set(
        due.values_list("pk", flat=True)
    )
    assert due.count() == SlaMilestone.objects.filter(award=award, quarter=2).count() - 1
    budget = award.decision.application.budget_lines.all()
    assert {(line.category, line.budget) for line in r.spend_lines.all()} == {
        (line.category, line.amount) for line in budget
    }
    assert r.time_state_on is not None


def test_starting_twice_adds_nothing(started, secretary):
    again = services.return_start(user=secretary, quarterly_return=started)
    assert again.status == ReturnStatus.DRAFT
    assert again.milestone_reports.count() == started.milestone_reports.count()
    assert again.spend_lines.count() == started.spend_lines.count()


def test_starting_a_draft_made_by_someone_else_only_adds_the_missing_rows(award, secretary):
    r = return_in(ReturnStatus.DRAFT, award=award, quarter=3)
    assert not r.milestone_reports.exists()
    r = services.return_start(user=secretary, quarterly_return=r)
    assert (
        r.milestone_reports.count() == SlaMilestone.objects.filter(award=award, quarter=3).count()
    )
    assert r.spend_lines.exists()


@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.POLICE_PARTNER, Role.LINK_OFFICER, Role.FUNDING_MANAGER]
)
def test_only_the_secretary_starts_the_return(award, user_in_role, role):
    r = return_for(award, 2)
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        services.return_start(user=user_in_role(role), quarterly_return=r)
    r.refresh_from_db()
    assert r.status == ReturnStatus.NOT_STARTED
    assert not r.milestone_reports.exists()


def test_another_boroughs_secretary_cannot_start_it(award, camden):
    with pytest.raises(ValidationError):
        services.return_start(user=secretary_of(camden), quarterly_return=return_for(award, 2))


# Milestones


def test_a_met_milestone_keeps_no_explanation(started, secretary):
    report = started.milestone_reports.first()
    saved = services.return_save_milestone(
        user=secretary, report=report, outcome="met", what_happened="x", next_steps="y"
    )
    assert (saved.outcome, saved.what_happened, saved.next_steps) == ("met", "", "")


@pytest.mark.parametrize("outcome", ["partly_met", "not_met"])
def test_partly_met_and_not_met_need_what_happened_and_what_next(started, secretary, outcome):
    report = started.milestone_reports.first()
    before = snapshot_of(started)
    with pytest.raises(ValidationError) as refused:
        services.return_save_milestone(user=secretary, report=report, outcome=outcome)
    assert refused.value.message_dict == {
        "what_happened": ["Say what happened"],
        "next_steps": ["Say what happens next"],
    }
    assert snapshot_of(started) == before
    saved = services.return_save_milestone(
        user=secretary, report=report, outcome=outcome, what_happened="A", next_steps="B"
    )
    assert (saved.outcome, saved.what_happened, saved.next_steps) == (outcome, "A", "B")


def test_an_unknown_outcome_or_an_overlong_text_is_refused(started, secretary):
    report = started.milestone_reports.first()
    before = snapshot_of(started)
    with pytest.raises(ValidationError) as refused:
        services.return_save_milestone(
            user=secretary,
            report=report,
            outcome="exceeded",
            what_happened="x" * 5001,
        )
    assert refused.value.message_dict == {
        "outcome": ["Select whether the milestone was met"],
        "what_happened": ["What happened must be 5,000 characters or fewer"],
    }
    assert snapshot_of(started) == before


# Counts


def test_counts_are_saved(started, secretary):
    r = services.return_save_counts(user=secretary, quarterly_return=started, counts=COUNTS)
    assert {name: getattr(r, name) for name in COUNT_FIELDS} == COUNTS


def test_each_count_has_its_own_message_and_nothing_is_saved(started, secretary):
    before = snapshot_of(started)
    counts = {
        "public_meetings": None,
        "public_attendance": -1,
        "cdrp_meetings": 100_001,
        "snp_meetings": 100_000,
        "outreach_events": 0,
        "young_people": "12",
    }
    with pytest.raises(ValidationError) as refused:
        services.return_save_counts(user=secretary, quarterly_return=started, counts=counts)
    assert refused.value.message_dict == {
        "public_meetings": ["Enter the number of public meetings and engagement events held"],
        "public_attendance": [
            "The total attendance at public meetings and engagement events must be 0 or more"
        ],
        "cdrp_meetings": ["The number of CDRP meetings attended must be 100,000 or fewer"],
        "young_people": ["The number of young people (under 25) engaged must be a whole number"],
    }
    assert snapshot_of(started) == before


def test_attendance_with_no_meetings_held_is_refused(started, secretary):
    counts = {**COUNTS, "public_meetings": 0, "public_attendance": 10}
    with pytest.raises(ValidationError) as refused:
        services.return_save_counts(user=secretary, quarterly_return=started, counts=counts)
    assert list(refused.value.message_dict) == ["public_attendance"]


# Spend


def test_spend_is_saved_in_pounds_and_pence(started, secretary):
    lines = list(started.spend_lines.all())
    services.return_save_spend(
        user=secretary,
        quarterly_return=started,
        spend={line.pk: (Decimal("10.50"), "") for line in lines},
    )
    assert {line.spent_to_date for line in SpendLine.objects.filter(quarterly_return=started)} == {
        Decimal("10.50")
    }


def test_bad_spend_gets_a_message_per_line_and_saves_nothing(started, secretary):
    first, second, third, *rest = started.spend_lines.all()
    before = snapshot_of(started)
    spend = {
        first.pk: (None, ""),
        second.pk: (Decimal("-1"), ""),
        third.pk: (Decimal("1.005"), ""),
        **{line.pk: (Decimal("1"), "") for line in rest},
    }
    with pytest.raises(ValidationError) as refused:
        services.return_save_spend(user=secretary, quarterly_return=started, spend=spend)
    errors = refused.value.message_dict
    assert errors[f"spent_{first.pk}"][0].startswith("Enter the spend to date on ")
    assert errors[f"spent_{second.pk}"][0].endswith("must be £0 or more")
    assert "no more than 2 decimal places" in errors[f"spent_{third.pk}"][0]
    assert len(errors) == 3
    assert snapshot_of(started) == before


def accept(quarterly_return):
    return QUARTERLY_RETURN.move(
        quarterly_return, ACCEPT, user=officer_for(quarterly_return.cpeg.borough)
    )


def test_spend_lower_than_the_last_accepted_quarter_needs_a_reason(award, secretary):
    accept(submitted_return(award=award, quarter=1, spent=Decimal("500.00")))
    q2 = services.return_start(user=secretary, quarterly_return=return_for(award, 2))
    line, *rest = q2.spend_lines.all()
    spend = {line.pk: (Decimal("400.00"), ""), **{o.pk: (Decimal("600"), "") for o in rest}}
    before = snapshot_of(q2)
    with pytest.raises(ValidationError) as refused:
        services.return_save_spend(user=secretary, quarterly_return=q2, spend=spend)
    assert refused.value.message_dict == {
        f"reason_{line.pk}": [
            f"Say why spend to date on {line.get_category_display().lower()} is lower than "
            "the £500.00 reported for quarter 1"
        ]
    }
    assert snapshot_of(q2) == before
    spend[line.pk] = (Decimal("400.00"), "A refund for a cancelled booking.")
    services.return_save_spend(user=secretary, quarterly_return=q2, spend=spend)
    line.refresh_from_db()
    assert line.lower_reason == "A refund for a cancelled booking."


def test_a_submitted_but_not_accepted_quarter_asks_no_reason(award, secretary):
    submitted_return(award=award, quarter=1, spent=Decimal("500.00"))
    q2 = services.return_start(user=secretary, quarterly_return=return_for(award, 2))
    services.return_save_spend(
        user=secretary,
        quarterly_return=q2,
        spend={line.pk: (Decimal("1.00"), "") for line in q2.spend_lines.all()},
    )
    saved = list(q2.spend_lines.values_list("spent_to_date", "lower_reason"))
    assert saved
    assert saved == [(Decimal("1.00"), "")] * len(saved)


# Evidence and narrative


def test_evidence_and_highlights_are_required(started, secretary):
    before = snapshot_of(started)
    with pytest.raises(ValidationError) as refused:
        services.return_save_narrative(
            user=secretary, quarterly_return=started, evidence=" ", highlights=""
        )
    assert refused.value.message_dict == {
        "evidence": ["Describe the evidence of what the group did this quarter"],
        "highlights": ["Enter the quarter's highlights"],
    }
    assert snapshot_of(started) == before
    r = services.return_save_narrative(
        user=secretary, quarterly_return=started, evidence="Minutes", highlights="A good quarter"
    )
    assert (r.evidence, r.highlights, r.narrative_saved) == ("Minutes", "A good quarter", True)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo.txt", PNG_BYTES, "image/png"),
        ("minutes.pdf", PDF_BYTES, "application/pdf"),
    ],
)
def test_evidence_files_are_recognised_by_content(started, secretary, name, data, content_type):
    evidence_file = services.return_add_evidence_file(
        user=secretary, quarterly_return=started, upload=SimpleUploadedFile(name, data)
    )
    assert (evidence_file.content_type, evidence_file.original_name) == (content_type, name)
    assert AuditEvent.objects.filter(action="added an evidence file", reason=name).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 20, "The selected file must be a PDF, DOCX, XLSX, ODT, JPEG or PNG"),
        (b"", "The selected file is empty"),
    ],
)
def test_other_files_are_refused(started, secretary, data, message):
    with pytest.raises(ValidationError) as refused:
        services.return_add_evidence_file(
            user=secretary, quarterly_return=started, upload=SimpleUploadedFile("photo.png", data)
        )
    assert refused.value.message_dict == {"file": [message]}
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_limit_is_refused(started, secretary, settings):
    settings.GRANTS_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="or smaller"):
        services.return_add_evidence_file(
            user=secretary, quarterly_return=started, upload=SimpleUploadedFile("p.png", PNG_BYTES)
        )
    assert not EvidenceFile.objects.exists()


def test_a_file_goes_from_storage_when_its_service_rolls_back(
    started, secretary, monkeypatch, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path

    def fail(**kwargs):
        raise RuntimeError("the audit failed")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.return_add_evidence_file(
            user=secretary, quarterly_return=started, upload=SimpleUploadedFile("p.png", PNG_BYTES)
        )
    assert not EvidenceFile.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_removing_a_file_is_audited_and_asking_twice_does_nothing(started, secretary):
    evidence_file = services.return_add_evidence_file(
        user=secretary, quarterly_return=started, upload=SimpleUploadedFile("p.png", PNG_BYTES)
    )
    services.return_remove_evidence_file(user=secretary, evidence_file=evidence_file)
    services.return_remove_evidence_file(user=secretary, evidence_file=evidence_file)
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.filter(action="removed an evidence file").count() == 1


# Who and when


def test_nothing_changes_once_submitted(award, secretary):
    r = submitted_return(award=award, quarter=2)
    before = snapshot_of(r)
    with pytest.raises(ValidationError, match="submitted: it cannot be changed"):
        services.return_save_counts(user=secretary, quarterly_return=r, counts=COUNTS)
    with pytest.raises(ValidationError):
        services.return_save_narrative(user=secretary, quarterly_return=r, highlights="Later")
    assert snapshot_of(r) == before


def test_a_chair_cannot_change_the_return(started, user_in_role):
    chair = user_in_role(Role.CHAIR)
    before = snapshot_of(started)
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        services.return_save_counts(user=chair, quarterly_return=started, counts=COUNTS)
    assert snapshot_of(started) == before


def test_a_return_not_started_cannot_be_filled_in(award, secretary):
    with pytest.raises(ValidationError, match="Start the quarter 2 return"):
        services.return_save_counts(
            user=secretary, quarterly_return=return_for(award, 2), counts=COUNTS
        )


# Submitting


def test_submitting_refuses_with_every_problem_and_changes_nothing(started, secretary):
    before = snapshot_of(started)
    with pytest.raises(services.ReturnSubmitRefused) as refused:
        services.return_submit(
            user=secretary, quarterly_return=started, declaration_confirmed=False
        )
    messages = refused.value.messages
    assert any(m.startswith("Say whether milestone") for m in messages)
    assert "Describe the evidence of what the group did this quarter" in messages
    assert "Enter the number of CDRP meetings attended" in messages
    assert "Enter the quarter's highlights" in messages
    assert "Confirm the declaration to submit the return" in messages
    assert snapshot_of(started) == before


def test_submitting_keeps_a_snapshot_and_moves_with_the_time_state(award, secretary):
    r = filled_return(award=award, quarter=2, outcome="partly_met")
    r = services.return_submit(user=secretary, quarterly_return=r, declaration_confirmed=True)
    assert r.status == ReturnStatus.SUBMITTED
    assert r.time_state == TimeState.HANDED_IN
    assert (r.submitted_by, r.submitted_at is not None) == (secretary, True)
    submission = ReturnSubmission.objects.get(quarterly_return=r)
    assert submission.number == 1
    content = submission.content
    assert content["counts"] == COUNTS
    assert content["evidence"] == "Minutes and attendance sheets of every meeting."
    assert {m["outcome"] for m in content["milestones"].values()} == {"partly_met"}
    assert all(m["what_happened"] for m in content["milestones"].values())
    assert content["spend"]
    assert content["highlights"]
    assert content == return_snapshot(return_detail(pk=r.pk))
    assert AuditEvent.objects.filter(action="submitted", object_id=r.pk).count() == 1


def test_submitting_twice_writes_one_submission(award, secretary):
    r = submitted_return(award=award, quarter=2)
    again = services.return_submit(user=secretary, quarterly_return=r, declaration_confirmed=True)
    assert again.status == ReturnStatus.SUBMITTED
    assert ReturnSubmission.objects.filter(quarterly_return=r).count() == 1


def test_questions_are_answered_while_returned_and_needed_to_resubmit(award, secretary):
    r = submitted_return(award=award, quarter=2)
    officer = officer_for(award.cpeg.borough)
    question = ReviewQuestion.objects.create(
        quarterly_return=r, question="How many came to the May meeting?", asked_by=officer
    )
    with pytest.raises(ValidationError, match="returned with questions"):
        services.return_answer_question(user=secretary, question=question, answer="40")
    r = QUARTERLY_RETURN.move(r, RETURN, user=officer)
    with pytest.raises(services.ReturnSubmitRefused, match="question 1"):
        services.return_submit(user=secretary, quarterly_return=r, declaration_confirmed=True)
    with pytest.raises(ValidationError) as refused:
        services.return_answer_question(user=secretary, question=question, answer="  ")
    assert refused.value.message_dict == {"answer": ["Enter your answer"]}
    services.return_answer_question(user=secretary, question=question, answer="About 40.")
    r = services.return_submit(user=secretary, quarterly_return=r, declaration_confirmed=True)
    assert r.status == ReturnStatus.SUBMITTED
    numbers = list(r.submissions.values_list("number", flat=True))
    assert numbers == [1, 2]
    latest = r.submissions.get(number=2).content
    assert next(iter(latest["answers"].values()))["answer"] == "About 40."
    assert AuditEvent.objects.filter(action="answered a question").count() == 1


def test_the_problems_list_is_empty_for_a_filled_return(award):
    r = filled_return(award=award, quarter=2)
    assert return_problems(return_detail(pk=r.pk), declaration_confirmed=True) == []


def test_a_committee_member_cannot_submit(award):
    r = filled_return(award=award, quarter=2)
    with pytest.raises(ValidationError):
        services.return_submit(
            user=UserFactory(role=Role.COMMITTEE_MEMBER),
            quarterly_return=r,
            declaration_confirmed=True,
        )
    assert not ReturnSubmission.objects.exists()


def test_a_return_holds_at_most_twenty_files(started, secretary):
    for n in range(services.MAX_FILES):
        services.return_add_evidence_file(
            user=secretary,
            quarterly_return=started,
            upload=SimpleUploadedFile(f"p{n}.png", PNG_BYTES),
        )
    with pytest.raises(ValidationError) as refused:
        services.return_add_evidence_file(
            user=secretary, quarterly_return=started, upload=SimpleUploadedFile("x.png", PNG_BYTES)
        )
    assert refused.value.message_dict == {
        "file": ["A return can have up to 20 files: remove one to add another"]
    }
    assert EvidenceFile.objects.filter(quarterly_return=started).count() == services.MAX_FILES


def test_a_correction_in_draft_is_filled_in_like_the_first_version(award, secretary):
    q1 = accept(submitted_return(award=award, quarter=1))
    correction = QuarterlyReturn.objects.create(
        award=award,
        funding_round=award.funding_round,
        cpeg=award.cpeg,
        quarter=1,
        version=2,
        corrects=q1,
        due_on=q1.due_on,
        status=ReturnStatus.DRAFT,
    )
    correction = services.return_start(user=secretary, quarterly_return=correction)
    assert correction.status == ReturnStatus.DRAFT
    assert correction.reference.endswith("-Q1-V2")
    assert correction.milestone_reports.count() == q1.milestone_reports.count()
    assert correction.spend_lines.count() == q1.spend_lines.count()


def test_the_latest_accepted_version_of_the_earlier_quarter_sets_the_figure(award, secretary):
    q1 = accept(submitted_return(award=award, quarter=1, spent=Decimal("500.00")))
    correction = QuarterlyReturn.objects.create(
        award=award,
        funding_round=award.funding_round,
        cpeg=award.cpeg,
        quarter=1,
        version=2,
        corrects=q1,
        due_on=q1.due_on,
        status=ReturnStatus.DRAFT,
    )
    correction = services.return_start(user=secretary, quarterly_return=correction)
    SpendLine.objects.filter(quarterly_return=correction).update(spent_to_date=Decimal("300.00"))
    QuarterlyReturn.objects.filter(pk=correction.pk).update(status=ReturnStatus.ACCEPTED)
    q2 = services.return_start(user=secretary, quarterly_return=return_for(award, 2))
    assert services.previous_spend(q2)[0] == 1
    assert set(services.previous_spend(q2)[1].values()) == {Decimal("300.00")}
    # £400 is more than the corrected £300: no reason needed.
    services.return_save_spend(
        user=secretary,
        quarterly_return=q2,
        spend={line.pk: (Decimal("400.00"), "") for line in q2.spend_lines.all()},
    )
