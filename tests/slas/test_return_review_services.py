"""The officer's review services: return with questions, accept with ratings (which makes
the next instalment ready), and the correction of an accepted return as a new version.
Every refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants.models import Instalment, InstalmentStatus
from slas.models import (
    ANSWER_DAYS,
    MAX_NARRATIVE,
    EvidenceFile,
    MilestoneOutcome,
    QuarterlyReturn,
    Rag,
    Rating,
    ReturnStatus,
    ReviewQuestion,
    SpendLine,
    TimeState,
)
from slas.ratings import RULE_VERSION
from slas.services.returns import return_remove_evidence_file
from slas.services.review import (
    return_correction_start,
    review_accept,
    review_return_with_questions,
)
from slas.timing import time_state
from tests.factories import UserFactory, audit_mark, audited_since
from tests.slas.factories import (
    all_ratings,
    funded_award,
    officer_for,
    reports_with,
    return_in,
    secretary_of,
)

pytestmark = pytest.mark.django_db

M, P, N = MilestoneOutcome.MET, MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


@pytest.fixture
def officer(barnet):
    return officer_for(barnet)


@pytest.fixture
def submitted(award):
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(q2, [M, P, N, M, M])
    return q2


def snapshot(r: QuarterlyReturn) -> dict:
    """Everything about a return and its rows, to show a refusal changed nothing."""
    r = QuarterlyReturn.objects.get(pk=r.pk)
    return {
        "return": model_to_dict(r),
        "updated_at": r.updated_at,
        "reports": list(r.milestone_reports.values()),
        "questions": list(r.questions.values()),
        "ratings": list(r.ratings.values()),
        "spend": list(r.spend_lines.values()),
        "files": list(r.evidence_files.values()),
        "instalments": list(Instalment.objects.filter(award=r.award).values()),
    }


def refused(call, r, **kwargs) -> ValidationError:
    before, mark = snapshot(r), audit_mark()
    with pytest.raises(ValidationError) as caught:
        call(quarterly_return=r, **kwargs)
    assert snapshot(r) == before
    assert not audited_since(mark).exists()
    return caught.value


# Return with questions


def test_returning_with_questions_gives_the_group_fourteen_days(submitted, officer):
    today = datetime.date(2011, 11, 1)
    r = review_return_with_questions(
        user=officer,
        quarterly_return=submitted,
        questions={None: "Any photos?"},
        today=today,
    )
    r.refresh_from_db()
    assert r.status == ReturnStatus.RETURNED
    assert r.answer_due_on == today + datetime.timedelta(days=ANSWER_DAYS)
    assert r.returned_at is not None
    assert (r.time_state, r.time_state_on) == (TimeState.OPEN, today)  # 14 days off


def test_empty_boxes_are_not_questions(submitted, officer):
    report = submitted.milestone_reports.order_by("pk")[0]
    review_return_with_questions(
        user=officer, quarterly_return=submitted, questions={report.pk: "  ", None: "Why?"}
    )
    assert list(ReviewQuestion.objects.values_list("milestone_report_id", "question")) == [
        (None, "Why?")
    ]


def test_each_question_is_kept_on_its_milestone_or_overall(submitted, officer):
    report = submitted.milestone_reports.order_by("pk")[1]
    review_return_with_questions(
        user=officer,
        quarterly_return=submitted,
        questions={report.pk: "Which events were held?", None: "Any photos?"},
    )
    assert set(ReviewQuestion.objects.values_list("milestone_report_id", "question")) == {
        (report.pk, "Which events were held?"),
        (None, "Any photos?"),
    }


def test_returning_with_no_question_is_refused(submitted, officer):
    error = refused(review_return_with_questions, submitted, user=officer, questions={None: "   "})
    assert error.message_dict == {"questions": ["Enter at least one question for the group"]}


def test_a_question_over_the_limit_is_refused_beside_its_box(submitted, officer):
    report = submitted.milestone_reports.first()
    error = refused(
        review_return_with_questions,
        submitted,
        user=officer,
        questions={report.pk: "x" * (MAX_NARRATIVE + 1), None: "Fine."},
    )
    assert list(error.message_dict) == [f"question_{report.pk}"]
    assert "5,000 characters or fewer" in error.message_dict[f"question_{report.pk}"][0]


def test_a_question_on_another_returns_milestone_is_refused(submitted, officer, award):
    other = return_in(ReturnStatus.SUBMITTED, award=award, quarter=1)
    foreign = reports_with(other, [M])[0]
    error = refused(
        review_return_with_questions, submitted, user=officer, questions={foreign.pk: "Why?"}
    )
    assert "not in this return" in error.message_dict["questions"][0]


def test_only_staff_return_a_return(submitted, barnet):
    error = refused(
        review_return_with_questions,
        submitted,
        user=secretary_of(barnet),
        questions={None: "Why?"},
    )
    assert error.messages == ["Only a link officer or the funding manager can return a return."]


def test_a_draft_cannot_be_returned(award, officer):
    draft = return_in(ReturnStatus.DRAFT, award=award, quarter=2)
    error = refused(review_return_with_questions, draft, user=officer, questions={None: "Why?"})
    assert error.messages == ["A return that is draft cannot be returned with questions."]


# Accept with ratings


def test_accepting_keeps_suggestion_final_reason_and_rule_version(submitted, officer):
    ratings = all_ratings(submitted)
    o2 = submitted.funding_round.objectives.get(code="O2")
    assert ratings[o2.pk][0] == Rag.AMBER
    ratings[o2.pk] = (Rag.GREEN, "The second meeting was held a week late.")
    r = review_accept(user=officer, quarterly_return=submitted, ratings=ratings)
    r.refresh_from_db()
    assert (r.status, r.accepted_by, r.time_state) == (
        ReturnStatus.ACCEPTED,
        officer,
        TimeState.HANDED_IN,
    )
    assert r.accepted_at is not None
    rows = {rating.objective_id: rating for rating in Rating.objects.filter(quarterly_return=r)}
    assert len(rows) == 6  # five objectives and overall
    assert (rows[o2.pk].suggested, rows[o2.pk].final, rows[o2.pk].override_reason) == (
        Rag.AMBER,
        Rag.GREEN,
        "The second meeting was held a week late.",
    )
    assert rows[None].suggested == rows[None].final == Rag.AMBER  # 3.5 of 5
    assert {row.rule_version for row in rows.values()} == {RULE_VERSION}
    assert {row.rated_by for row in rows.values()} == {officer}


def test_accepting_makes_the_next_quarters_instalment_ready(submitted, officer, award):
    review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))
    statuses = dict(Instalment.objects.filter(award=award).values_list("quarter", "status"))
    assert statuses[3] == InstalmentStatus.READY
    assert statuses[4] == InstalmentStatus.SCHEDULED


def test_accepting_quarter_four_with_no_fifth_instalment_is_fine(award, officer):
    q4 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=4)
    reports_with(q4, [M, M, M, M, M])
    review_accept(user=officer, quarterly_return=q4, ratings=all_ratings(q4))
    assert QuarterlyReturn.objects.get(pk=q4.pk).status == ReturnStatus.ACCEPTED


def test_an_override_without_a_reason_is_refused_naming_the_objective(submitted, officer):
    ratings = all_ratings(submitted)
    o3 = submitted.funding_round.objectives.get(code="O3")
    ratings[o3.pk] = (Rag.AMBER, "  ")
    error = refused(review_accept, submitted, user=officer, ratings=ratings)
    assert error.message_dict == {
        f"reason_{o3.pk}": ["Say why you rate objective O3 Amber when the portal suggests Red"]
    }


def test_a_missing_rating_is_refused(submitted, officer):
    ratings = all_ratings(submitted)
    del ratings[None]
    error = refused(review_accept, submitted, user=officer, ratings=ratings)
    assert error.message_dict == {"rating_overall": ["Choose a rating for the quarter overall"]}


def test_a_rating_that_is_not_a_rating_is_refused(submitted, officer):
    ratings = all_ratings(submitted)
    o1 = submitted.funding_round.objectives.get(code="O1")
    ratings[o1.pk] = ("purple", "")
    error = refused(review_accept, submitted, user=officer, ratings=ratings)
    assert error.message_dict == {f"rating_{o1.pk}": ["Choose a rating for objective O1"]}


def test_an_overlong_override_reason_is_refused(submitted, officer):
    ratings = all_ratings(submitted)
    ratings[None] = (Rag.GREEN, "x" * (MAX_NARRATIVE + 1))
    error = refused(review_accept, submitted, user=officer, ratings=ratings)
    assert "5,000 characters or fewer" in error.message_dict["reason_overall"][0]


def test_only_staff_accept(submitted, barnet):
    error = refused(
        review_accept, submitted, user=secretary_of(barnet), ratings=all_ratings(submitted)
    )
    assert error.messages == ["Only a link officer or the funding manager can accept a return."]


def test_a_returned_return_cannot_be_accepted(submitted, officer):
    review_return_with_questions(user=officer, quarterly_return=submitted, questions={None: "?"})
    error = refused(review_accept, submitted, user=officer, ratings=all_ratings(submitted))
    assert error.messages == ["A return that is returned with questions cannot be accepted."]


def test_asking_to_accept_an_accepted_return_is_refused_to_anyone_but_staff(
    submitted, officer, barnet
):
    review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))
    error = refused(
        review_accept, submitted, user=secretary_of(barnet), ratings=all_ratings(submitted)
    )
    assert error.messages == ["Only a link officer or the funding manager can accept a return."]


def test_accepting_says_whether_it_made_the_next_instalment_ready(submitted, officer, award):
    accepted = review_accept(
        user=officer, quarterly_return=submitted, ratings=all_ratings(submitted)
    )
    assert accepted.next_instalment_made_ready is True
    again = review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))
    assert again.next_instalment_made_ready is False


def test_accepting_twice_changes_nothing(submitted, officer):
    review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))
    before, mark = snapshot(submitted), audit_mark()
    review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))
    assert snapshot(submitted) == before
    assert not audited_since(mark).exists()


# Corrections


@pytest.fixture
def accepted(submitted, officer):
    """The quarter 2 return with spend and an evidence file, accepted."""
    QuarterlyReturn.objects.filter(pk=submitted.pk).update(
        public_meetings=3, young_people=40, evidence="Minutes attached.", highlights="A forum."
    )
    SpendLine.objects.create(
        quarterly_return=submitted,
        category="venue_hire",
        budget=Decimal("8000.00"),
        spent_to_date=Decimal("2500.50"),
    )
    evidence = EvidenceFile(
        quarterly_return=submitted,
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=5,
        uploaded_by=officer,
    )
    evidence.file.save("minutes", ContentFile(b"%PDF-"), save=False)
    evidence.save()
    return review_accept(user=officer, quarterly_return=submitted, ratings=all_ratings(submitted))


def test_a_correction_is_a_new_version_and_the_accepted_one_never_changes(accepted, barnet):
    before = snapshot(accepted)
    mark = audit_mark()
    correction = return_correction_start(
        user=secretary_of(barnet), quarterly_return=accepted, reason="We miscounted."
    )
    assert snapshot(accepted) == before
    correction.refresh_from_db()
    assert (correction.version, correction.corrects, correction.status, correction.due_on) == (
        2,
        accepted,
        ReturnStatus.DRAFT,
        accepted.due_on,
    )
    assert (correction.public_meetings, correction.young_people, correction.evidence) == (
        3,
        40,
        "Minutes attached.",
    )
    copied = ["milestone_id", "outcome", "what_happened", "next_steps"]
    assert list(correction.milestone_reports.values(*copied)) == list(
        accepted.milestone_reports.values(*copied)
    )
    spend = ["category", "budget", "spent_to_date", "lower_reason"]
    assert list(correction.spend_lines.values(*spend)) == list(accepted.spend_lines.values(*spend))
    assert list(correction.evidence_files.values_list("file", "original_name")) == list(
        accepted.evidence_files.values_list("file", "original_name")
    )
    assert not correction.ratings.exists()
    assert not correction.questions.exists()
    audited = {(event.object_id, event.reason) for event in audited_since(mark)}
    why = "Started by the group: We miscounted."
    assert audited == {(accepted.pk, why), (correction.pk, why)}


def test_staff_may_ask_for_a_correction(accepted, officer):
    correction = return_correction_start(
        user=officer, quarterly_return=accepted, reason="The counts look doubled."
    )
    assert correction.version == 2


def test_asking_twice_returns_the_open_correction(accepted, officer, barnet):
    first = return_correction_start(user=officer, quarterly_return=accepted, reason="One.")
    again = return_correction_start(
        user=secretary_of(barnet), quarterly_return=accepted, reason="Two."
    )
    assert again.pk == first.pk
    assert QuarterlyReturn.objects.filter(corrects=accepted).count() == 1


def test_a_correction_needs_a_reason(accepted, officer):
    error = refused(return_correction_start, accepted, user=officer, reason="  ")
    assert error.message_dict == {"reason": ["Enter why the return needs correcting"]}
    assert not QuarterlyReturn.objects.filter(corrects=accepted).exists()


def test_only_an_accepted_return_is_corrected(submitted, officer):
    error = refused(return_correction_start, submitted, user=officer, reason="Why not.")
    assert "Only an accepted return can be corrected" in error.messages[0]


@pytest.mark.parametrize("role", [Role.CHAIR, Role.POLICE_PARTNER, Role.COMMITTEE_MEMBER])
def test_only_the_secretary_or_staff_correct(accepted, barnet, role):
    fields = {"cpeg": barnet.cpeg} if role != Role.COMMITTEE_MEMBER else {}
    user = UserFactory(role=role, **fields)
    refused(return_correction_start, accepted, user=user, reason="Please.")
    assert not QuarterlyReturn.objects.filter(corrects=accepted).exists()


def test_another_boroughs_secretary_cannot_correct(accepted, camden):
    refused(return_correction_start, accepted, user=secretary_of(camden), reason="Please.")
    assert not QuarterlyReturn.objects.filter(corrects=accepted).exists()


def test_removing_a_file_from_a_correction_keeps_the_accepted_versions_file(
    accepted, barnet, client, django_capture_on_commit_callbacks
):
    secretary = secretary_of(barnet)
    correction = return_correction_start(user=secretary, quarterly_return=accepted, reason="R.")
    kept = accepted.evidence_files.get()
    with django_capture_on_commit_callbacks(execute=True):
        return_remove_evidence_file(user=secretary, evidence_file=correction.evidence_files.get())
    assert not correction.evidence_files.exists()
    assert kept.file.storage.exists(kept.file.name)
    with kept.file.open("rb") as stored:
        assert stored.read() == b"%PDF-"
    client.force_login(secretary)
    download = client.get(reverse("slas:evidence_file", kwargs={"pk": kept.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-"


def test_a_correction_being_written_is_never_overdue(accepted, officer):
    correction = return_correction_start(user=officer, quarterly_return=accepted, reason="R.")
    long_after = accepted.due_on + datetime.timedelta(days=400)
    assert time_state(correction, today=long_after, days_before=7) == (TimeState.OPEN, 0)


def test_the_correction_is_time_stamped_today(accepted, officer):
    correction = return_correction_start(user=officer, quarterly_return=accepted, reason="R.")
    assert correction.time_state_on == timezone.localdate()


def test_a_version_already_corrected_and_accepted_is_not_corrected_again(accepted, officer):
    correction = return_correction_start(user=officer, quarterly_return=accepted, reason="R.")
    QuarterlyReturn.objects.filter(pk=correction.pk).update(status=ReturnStatus.ACCEPTED)
    error = refused(return_correction_start, accepted, user=officer, reason="Again.")
    assert "correct the latest accepted version" in error.messages[0]


def test_a_correction_is_reviewed_again_and_the_earlier_version_stays_visible(
    accepted, officer, barnet
):
    from slas.workflows.quarterly_return import QUARTERLY_RETURN, SUBMIT

    before = snapshot(accepted)
    correction = return_correction_start(
        user=secretary_of(barnet), quarterly_return=accepted, reason="A count was wrong."
    )
    correction = QUARTERLY_RETURN.move(correction, SUBMIT, user=secretary_of(barnet))
    review_accept(user=officer, quarterly_return=correction, ratings=all_ratings(correction))
    assert QuarterlyReturn.objects.get(pk=correction.pk).status == ReturnStatus.ACCEPTED
    assert Rating.objects.filter(quarterly_return=correction).count() == 6
    assert snapshot(accepted) == before
