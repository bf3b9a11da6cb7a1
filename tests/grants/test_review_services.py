"""The review services: comments, a request for changes, a recommendation and internal
notes — each rule, each refusal, the audit rows and the e-mail."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import (
    ApplicationStatus,
    InternalNote,
    ReviewComment,
)
from grants.services.review import (
    internal_note_add,
    review_comment_add,
    review_comments_add,
    review_recommend,
    review_request_changes,
)
from grants.workflows.application import APPLICATION, RECOMMEND, REQUEST_CHANGES
from tests.grants.factories import make_application, make_round
from tests.grants.review_support import resubmit, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_in_role, barnet):
    return user_in_role(Role.LINK_OFFICER, username="officer", assigned_boroughs=[barnet])


@pytest.fixture
def application(funding_round, barnet):
    application = submitted_application(funding_round, barnet)
    _HANDED_OVER[application.pk] = AuditEvent.objects.latest("pk").pk
    yield application
    _HANDED_OVER.pop(application.pk, None)


def audit_rows(application):
    """The application's audit rows since the builder handed it to the officer (its own
    history, started and submitted by the group, is not what these tests look at)."""
    return list(
        AuditEvent.objects.filter(
            object_id=application.pk,
            content_type__model="application",
            pk__gt=_HANDED_OVER.get(application.pk, 0),
        )
        .order_by("pk")
        .values_list("action", "from_state", "to_state", "reason")
    )


#: application pk -> the last audit row the builder wrote for it.
_HANDED_OVER: dict[int, int] = {}


# The transition table


def test_only_a_submitted_application_can_be_sent_back_or_recommended():
    assert {
        name: (APPLICATION.transition(name).sources, APPLICATION.transition(name).target)
        for name in (REQUEST_CHANGES, RECOMMEND)
    } == {
        "request_changes": ({"submitted"}, "changes_requested"),
        "recommend": ({"submitted"}, "recommended"),
    }


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (ApplicationStatus.SUBMITTED, {"request_changes", "recommend"}),
        (ApplicationStatus.CHANGES_REQUESTED, set()),
        (ApplicationStatus.RECOMMENDED, set()),
        (ApplicationStatus.DRAFT, set()),
    ],
)
def test_the_page_is_offered_what_the_table_allows(funding_round, barnet, officer, status, actions):
    application = make_application(funding_round=funding_round, borough=barnet, status=status)
    assert {t.name for t in APPLICATION.actions_for(officer, application)} == actions


# Comments


def test_a_comment_on_an_objective_records_the_version_commented_on(officer, application):
    application = resubmit(resubmit(application))  # versions 2 and 3
    assert application.submitted_version == 3
    _HANDED_OVER[application.pk] = AuditEvent.objects.latest("pk").pk
    objective = application.funding_round.objectives.get(code="O2")
    comment = review_comment_add(
        user=officer, application=application, objective=objective, body="  More on the CDRP.  "
    )
    assert (comment.objective, comment.version, comment.body, comment.author) == (
        objective,
        3,
        "More on the CDRP.",
        officer,
    )
    assert audit_rows(application) == [("commented on O2", "", "", "More on the CDRP.")]


def test_a_general_comment_has_no_objective(officer, application):
    comment = review_comment_add(user=officer, application=application, body="Well set out.")
    assert comment.objective is None


def test_the_same_comment_twice_is_kept_once(officer, application):
    objective = application.funding_round.objectives.first()
    first = review_comment_add(user=officer, application=application, objective=objective, body="A")
    second = review_comment_add(
        user=officer, application=application, objective=objective, body="A"
    )
    assert first == second
    assert ReviewComment.objects.count() == 1


def test_an_empty_comment_is_refused_beside_the_field(officer, application):
    with pytest.raises(ValidationError) as refused:
        review_comment_add(user=officer, application=application, body="   ")
    assert refused.value.message_dict == {"body": ["Enter your comment"]}
    assert not ReviewComment.objects.exists()


def test_a_comment_on_another_rounds_objective_is_refused(officer, application):
    other_round = make_round(year_start=2012)
    with pytest.raises(ValidationError) as refused:
        review_comment_add(
            user=officer,
            application=application,
            objective=other_round.objectives.first(),
            body="Hello",
        )
    assert refused.value.message_dict == {"objective": ["Choose one of this round's objectives"]}


@pytest.mark.parametrize(
    "status", [ApplicationStatus.CHANGES_REQUESTED, ApplicationStatus.RECOMMENDED]
)
def test_comments_are_only_taken_on_a_submitted_application(funding_round, barnet, officer, status):
    application = make_application(funding_round=funding_round, borough=barnet, status=status)
    # An application sent back already holds the officer's message as a comment.
    before = list(ReviewComment.objects.values_list("pk", flat=True))
    with pytest.raises(
        ValidationError, match="so it cannot be commented on: only a submitted application can"
    ):
        review_comment_add(user=officer, application=application, body="Hello")
    assert list(ReviewComment.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    "role", [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COMMITTEE_MEMBER]
)
def test_only_mpa_staff_may_comment(user_in_role, application, role):
    with pytest.raises(ValidationError, match="You cannot review this application"):
        review_comment_add(user=user_in_role(role), application=application, body="Hello")


def test_staff_cannot_review_a_draft_nobody_has_submitted(funding_round, barnet, officer):
    draft = make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.DRAFT
    )
    with pytest.raises(ValidationError, match="You cannot review this application"):
        review_comment_add(user=officer, application=draft, body="Hello")


# Requesting changes


def test_requesting_changes_sends_the_application_back_with_the_message_as_a_comment(
    officer, application
):
    review_request_changes(user=officer, application=application, message="Cost the outreach.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    comment = ReviewComment.objects.get()
    assert (comment.objective, comment.version, comment.body) == (None, 1, "Cost the outreach.")
    assert audit_rows(application) == [
        ("changes requested", "submitted", "changes_requested", "Cost the outreach.")
    ]


def test_requesting_changes_emails_the_secretary_and_chair_with_a_link(
    officer, application, user_in_role, camden, django_capture_on_commit_callbacks, mailoutbox
):
    chair = user_in_role(Role.CHAIR, username="chair-barnet")
    user_in_role(Role.POLICE_PARTNER, username="police-barnet")
    user_in_role(Role.SECRETARY, camden, username="secretary-camden")
    with django_capture_on_commit_callbacks(execute=True):
        review_request_changes(user=officer, application=application, message="Cost the outreach.")
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == sorted([chair.email, application.created_by.email])
    assert email.subject == "Changes requested to your 2011/12 funding application"
    assert "Cost the outreach." in email.body
    assert f"/funding/applications/{application.pk}/" in email.body


def test_requesting_changes_needs_a_message(officer, application):
    with pytest.raises(ValidationError) as refused:
        review_request_changes(user=officer, application=application, message=" ")
    assert refused.value.message_dict == {"message": ["Enter what the group needs to change"]}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not ReviewComment.objects.exists()
    assert audit_rows(application) == []


def test_requesting_the_same_changes_twice_does_nothing_more(
    officer, application, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        review_request_changes(user=officer, application=application, message="Fix it.")
        review_request_changes(user=officer, application=application, message="Fix it.")
    assert ReviewComment.objects.count() == 1
    assert len(audit_rows(application)) == 1
    assert len(mailoutbox) == 1


def test_requesting_different_changes_after_sending_back_is_refused(officer, application):
    review_request_changes(user=officer, application=application, message="Fix it.")
    with pytest.raises(
        ValidationError, match="is back with the group for changes, so it cannot be sent back"
    ):
        review_request_changes(user=officer, application=application, message="And this.")
    assert ReviewComment.objects.count() == 1


def test_a_draft_cannot_be_sent_back(funding_round, barnet, officer):
    application = make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.DRAFT
    )
    with pytest.raises(
        ValidationError,
        match="This application is still a draft, so it cannot be sent back for changes",
    ):
        review_request_changes(user=officer, application=application, message="Fix it.")


def test_the_group_sees_the_comments_on_the_version_it_resubmits_from(officer, application):
    objective = application.funding_round.objectives.get(code="O3")
    review_comment_add(user=officer, application=application, objective=objective, body="Youth?")
    review_request_changes(user=officer, application=application, message="See my comments.")
    assert set(
        ReviewComment.objects.filter(application=application, version=1).values_list(
            "body", flat=True
        )
    ) == {"Youth?", "See my comments."}


# Recommending


def test_recommending_records_the_amount_conditions_who_and_when(officer, application):
    result = review_recommend(
        user=officer,
        application=application,
        amount=Decimal("38000.50"),
        conditions="Quarterly attendance figures.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED
    assert application.recommended_amount == Decimal("38000.50")
    assert application.recommendation_conditions == "Quarterly attendance figures."
    assert application.recommended_by == officer
    assert application.recommended_at is not None
    assert result.over_ceiling_by == Decimal("0.00")
    assert not result.over_ceiling
    assert audit_rows(application) == [
        (
            "recommended",
            "submitted",
            "recommended",
            "£38,000.50 recommended of the £40,000.00 requested. "
            "Conditions: Quarterly attendance figures.",
        )
    ]


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("40000.00")])
def test_anything_from_nothing_to_the_full_request_may_be_recommended(officer, application, amount):
    review_recommend(user=officer, application=application, amount=amount)
    application.refresh_from_db()
    assert application.recommended_amount == amount


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            Decimal("40000.01"),
            "The recommendation (£40,000.01) cannot be more than the £40,000.00 requested",
        ),
        (Decimal("-1"), "The recommended amount must be £0 or more"),
        (None, "Enter the recommended amount"),
        (Decimal("1.005"), "Enter the recommended amount in pounds and pence, like 1250.50"),
    ],
)
def test_a_bad_recommendation_is_refused_beside_the_amount_and_nothing_changes(
    officer, application, amount, message
):
    with pytest.raises(ValidationError) as refused:
        review_recommend(user=officer, application=application, amount=amount)
    assert refused.value.message_dict == {"amount": [message]}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.recommended_amount is None
    assert application.recommended_by is None
    assert audit_rows(application) == []


def test_recommending_a_draft_is_refused(funding_round, barnet, officer):
    application = make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.DRAFT
    )
    with pytest.raises(
        ValidationError, match="This application is still a draft, so it cannot be recommended"
    ):
        review_recommend(user=officer, application=application, amount=Decimal("100"))
    application.refresh_from_db()
    assert application.recommended_amount is None


def test_recommending_while_changes_are_requested_is_refused(funding_round, barnet, officer):
    application = make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.CHANGES_REQUESTED
    )
    with pytest.raises(
        ValidationError, match="is back with the group for changes, so it cannot be recommended"
    ):
        review_recommend(user=officer, application=application, amount=Decimal("100"))


def test_the_same_recommendation_twice_does_nothing_more(officer, application):
    first = review_recommend(
        user=officer, application=application, amount=Decimal("30000"), conditions="C"
    )
    second = review_recommend(
        user=officer, application=application, amount=Decimal("30000.00"), conditions="C"
    )
    assert second.application.recommended_amount == first.application.recommended_amount
    assert len(audit_rows(application)) == 1


def test_a_different_recommendation_after_recommending_is_refused_clearly(officer, application):
    review_recommend(user=officer, application=application, amount=Decimal("30000"))
    with pytest.raises(
        ValidationError, match="is already recommended, so it cannot be recommended"
    ):
        review_recommend(user=officer, application=application, amount=Decimal("20000"))
    application.refresh_from_db()
    assert application.recommended_amount == Decimal("30000.00")


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR, Role.COMMITTEE_MEMBER])
def test_only_mpa_staff_may_recommend(user_in_role, application, role):
    with pytest.raises(ValidationError, match="You cannot review this application"):
        review_recommend(user=user_in_role(role), application=application, amount=Decimal("1"))


def test_the_funding_manager_may_recommend_too(user_in_role, application):
    manager = user_in_role(Role.FUNDING_MANAGER, username="manager")
    review_recommend(user=manager, application=application, amount=Decimal("1"))
    application.refresh_from_db()
    assert application.recommended_by == manager


def test_recommending_past_the_ceiling_is_allowed_but_reported(barnet, camden, officer):
    funding_round = make_round(total="100000.00", ceiling="60000.00")
    make_application(
        funding_round=funding_round,
        borough=camden,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="30000.00",
    )
    application = submitted_application(funding_round, barnet)
    result = review_recommend(user=officer, application=application, amount=Decimal("35000"))
    assert result.over_ceiling
    assert result.over_ceiling_by == Decimal("5000.00")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED


def test_recommending_up_to_the_ceiling_is_not_over_it(barnet, camden, officer):
    funding_round = make_round(total="100000.00", ceiling="60000.00")
    make_application(
        funding_round=funding_round,
        borough=camden,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="30000.00",
    )
    application = submitted_application(funding_round, barnet)
    result = review_recommend(user=officer, application=application, amount=Decimal("30000"))
    assert result.over_ceiling_by == Decimal("0.00")


def test_after_a_resubmission_the_application_may_be_recommended(officer, application):
    review_request_changes(user=officer, application=application, message="Fix it.")
    resubmit(application)
    review_recommend(user=officer, application=application, amount=Decimal("100"))
    application.refresh_from_db()
    assert (application.status, application.submitted_version) == ("recommended", 2)


# Internal notes


def test_an_internal_note_is_kept_with_its_author_and_not_in_the_timeline(officer, application):
    note = internal_note_add(user=officer, application=application, body=" Chair is new. ")
    assert (note.body, note.author) == ("Chair is new.", officer)
    assert audit_rows(application) == []


@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED, ApplicationStatus.FUNDED],
)
def test_notes_may_be_added_at_any_stage_after_submission(funding_round, barnet, officer, status):
    application = make_application(funding_round=funding_round, borough=barnet, status=status)
    internal_note_add(user=officer, application=application, body="Noted.")
    assert InternalNote.objects.count() == 1


def test_an_empty_note_is_refused_beside_the_field(officer, application):
    with pytest.raises(ValidationError) as refused:
        internal_note_add(user=officer, application=application, body="")
    assert refused.value.message_dict == {"body": ["Enter the note"]}


def test_the_same_note_twice_is_kept_once(officer, application):
    internal_note_add(user=officer, application=application, body="Noted.")
    internal_note_add(user=officer, application=application, body="Noted.")
    assert InternalNote.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.SECRETARY, Role.CHAIR, Role.COUNCIL_PARTNER, Role.COMMITTEE_MEMBER]
)
def test_only_mpa_staff_may_add_internal_notes(user_in_role, application, role):
    with pytest.raises(ValidationError, match="You cannot add notes"):
        internal_note_add(user=user_in_role(role), application=application, body="Hi")
    assert not InternalNote.objects.exists()


# Comments typed on the page, saved with the action the button asked for


def test_recommending_saves_the_comments_typed_with_it_first_and_audits_them(officer, application):
    o2 = application.funding_round.objectives.get(code="O2")
    review_recommend(
        user=officer,
        application=application,
        amount=Decimal("30000"),
        comments=[(o2, "Good links with the panels."), (None, "  ")],
        note="Checked the accounts.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED
    comment = ReviewComment.objects.get()
    assert (comment.objective, comment.version, comment.body) == (
        o2,
        1,
        "Good links with the panels.",
    )
    assert InternalNote.objects.get().body == "Checked the accounts."
    assert [row[0] for row in audit_rows(application)] == ["commented on O2", "recommended"]


def test_a_refused_recommendation_saves_none_of_the_comments_typed_with_it(officer, application):
    with pytest.raises(ValidationError) as refused:
        review_recommend(
            user=officer,
            application=application,
            amount=Decimal("40000.01"),
            comments=[(None, "Well set out.")],
            note="A note",
        )
    assert "amount" in refused.value.message_dict
    assert not ReviewComment.objects.exists()
    assert not InternalNote.objects.exists()
    assert audit_rows(application) == []


def test_requesting_changes_saves_the_comments_typed_with_it_beside_the_message(
    officer, application
):
    o3 = application.funding_round.objectives.get(code="O3")
    review_request_changes(
        user=officer,
        application=application,
        message="Cost the outreach.",
        comments=[(o3, "Which schools?")],
    )
    bodies = list(ReviewComment.objects.order_by("pk").values_list("objective__code", "body"))
    assert bodies == [("O3", "Which schools?"), (None, "Cost the outreach.")]
    assert [row[0] for row in audit_rows(application)] == ["commented on O3", "changes requested"]


def test_a_refused_request_for_changes_saves_none_of_the_comments(officer, application):
    with pytest.raises(ValidationError):
        review_request_changes(
            user=officer, application=application, message=" ", comments=[(None, "Hello")]
        )
    assert not ReviewComment.objects.exists()


def test_adding_the_comments_typed_saves_every_box_and_refuses_none(officer, application):
    o1, o2 = application.funding_round.objectives.filter(code__in=["O1", "O2"]).order_by("code")
    count = review_comments_add(
        user=officer, application=application, comments=[(o1, "One"), (o2, "Two"), (None, "")]
    )
    assert count == 2
    assert sorted(ReviewComment.objects.values_list("body", flat=True)) == ["One", "Two"]
    with pytest.raises(ValidationError) as refused:
        review_comments_add(user=officer, application=application, comments=[(None, "  ")])
    assert refused.value.message_dict == {"body": ["Enter your comment"]}


def test_recommending_twice_with_a_new_comment_refuses_the_comment_clearly(officer, application):
    # A second "Recommend" with the same amount, from a tab opened before the first: the
    # comment typed in it cannot be added once recommended, and is not dropped silently.
    review_recommend(user=officer, application=application, amount=Decimal("30000"))
    with pytest.raises(ValidationError) as refused:
        review_recommend(
            user=officer,
            application=application,
            amount=Decimal("30000"),
            comments=[(None, "Typed in the other tab.")],
        )
    assert refused.value.message_dict == {
        "body": [
            "This application was already recommended, so your comment cannot be added: only "
            "a submitted application can be commented on. Your comment is kept below; you can "
            "add it as an internal note instead."
        ]
    }
    assert not ReviewComment.objects.exists()


def test_recommending_twice_with_the_comments_already_saved_does_nothing_more(officer, application):
    o2 = application.funding_round.objectives.get(code="O2")
    typed = [(o2, "Good links with the panels.")]
    for _ in range(2):  # the same page sent twice
        review_recommend(
            user=officer,
            application=application,
            amount=Decimal("30000"),
            comments=typed,
            note="Checked the accounts.",
        )
    assert ReviewComment.objects.get().body == "Good links with the panels."
    assert InternalNote.objects.get().body == "Checked the accounts."
    assert [row[0] for row in audit_rows(application)] == ["commented on O2", "recommended"]


def test_recommending_twice_saves_a_new_internal_note_typed_with_it(officer, application):
    review_recommend(user=officer, application=application, amount=Decimal("30000"))
    review_recommend(
        user=officer, application=application, amount=Decimal("30000"), note="Late note."
    )
    assert InternalNote.objects.get().body == "Late note."


def test_requesting_the_same_changes_twice_with_a_new_comment_refuses_the_comment(
    officer, application
):
    review_request_changes(user=officer, application=application, message="Cost it.")
    with pytest.raises(ValidationError) as refused:
        review_request_changes(
            user=officer,
            application=application,
            message="Cost it.",
            comments=[(None, "Typed in the other tab.")],
        )
    assert "already sent back for changes" in refused.value.message_dict["body"][0]
    assert ReviewComment.objects.filter(body="Typed in the other tab.").exists() is False
