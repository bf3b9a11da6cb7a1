"""Gaps in the review pages' bad-input tests: over-long text in each of the link officer's
forms, a general comment without a body, and conditions on a recommendation. Each message is
beside its box on the review page, and nothing is saved or audited."""

import pytest
from django.urls import reverse

from accounts.models import Role
from grants.models import ApplicationStatus, InternalNote, ReviewComment
from tests.factories import audit_mark, audited_since
from tests.grants.review_support import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, user_in_role, barnet):
    client.force_login(
        user_in_role(Role.LINK_OFFICER, username="officer", assigned_boroughs=[barnet])
    )
    return client


@pytest.fixture
def application(funding_round, barnet):
    application = submitted_application(funding_round, barnet)
    _HANDED_OVER[application.pk] = audit_mark()  # its history so far: started and submitted
    return application


#: application pk -> the last audit row its set-up wrote.
_HANDED_OVER: dict[int, int] = {}


def action(name, application):
    return reverse(f"grants:{name}", kwargs={"pk": application.pk})


def nothing_changed(application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.recommended_amount is None
    assert not ReviewComment.objects.exists()
    assert not InternalNote.objects.exists()
    assert not audited_since(_HANDED_OVER[application.pk]).filter(object_id=application.pk).exists()


@pytest.mark.parametrize(
    ("name", "data", "field", "anchor", "message"),
    [
        (
            "review_request_changes",
            {"changes-message": "x" * 5001},
            "message",
            "changes-message",
            "The message must be 5,000 characters or fewer",
        ),
        (
            "review_recommend",
            {"recommend-amount": "30000", "recommend-conditions": "x" * 5001},
            "conditions",
            "recommend-conditions",
            "The conditions must be 5,000 characters or fewer",
        ),
        (
            "internal_note_add",
            {"note-body": "x" * 5001},
            "body",
            "note-body",
            "The note must be 5,000 characters or fewer",
        ),
        (
            "review_comment_add",
            {"comment-general-body": "x" * 5001},
            "body",
            "comment-general-body",
            "Your comment must be 5,000 characters or fewer",
        ),
        (
            "review_comment_add",
            {"comment": "general", "comment-general-body": "  "},
            "body",
            "comment-general-body",
            "Enter your comment",
        ),
    ],
    ids=["changes", "recommend", "note", "comment too long", "comment blank"],
)
def test_bad_input_is_shown_beside_its_box_on_the_review_page_and_saves_nothing(
    officer_client, application, name, data, field, anchor, message
):
    response = officer_client.post(action(name, application), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert f'<a href="#{anchor}">{message}</a>' in response.content.decode()
    nothing_changed(application)


def test_the_request_changes_message_is_kept_with_its_error_when_shown_again(
    officer_client, application
):
    response = officer_client.post(
        action("review_request_changes", application), {"changes-message": ""}
    )
    assert response.context["request_changes_form"].errors == {
        "message": ["Enter what the group needs to change"]
    }
    nothing_changed(application)


def test_a_recommendation_too_large_is_refused_beside_the_amount(officer_client, application):
    response = officer_client.post(
        action("review_recommend", application), {"recommend-amount": "1" + "0" * 15}
    )
    assert response.context["form"].errors == {
        "amount": ["The recommended amount is too large: check the number"]
    }
    nothing_changed(application)


#: 5,000 characters as the character count counts them (each new line one), 5,018 as the
#: browser sends them (each new line CR LF): ten paragraphs.
LONG_WITH_PARAGRAPHS = "\r\n\r\n".join(["x" * 498] * 10) + "xx"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("review_comment_add", {"comment": "general", "comment-general-body": "{}"}),
        ("review_comment_add", {"comment": "O2", "comment-O2-body": "{}"}),
        ("review_request_changes", {"changes-message": "{}"}),
        ("review_recommend", {"recommend-amount": "30000", "recommend-conditions": "{}"}),
        ("internal_note_add", {"note-body": "{}"}),
    ],
    ids=["comment", "objective comment", "changes", "recommend conditions", "note"],
)
def test_new_lines_count_once_in_every_review_box_as_the_character_count_counts_them(
    officer_client, application, name, data
):
    assert len(LONG_WITH_PARAGRAPHS) == 5018
    typed = LONG_WITH_PARAGRAPHS.replace("\r\n", "\n")
    assert len(typed) == 5000
    data = {key: LONG_WITH_PARAGRAPHS if value == "{}" else value for key, value in data.items()}
    response = officer_client.post(action(name, application), data)
    assert response.status_code == 302, response.context["error_items"]
    application.refresh_from_db()
    saved = [
        *ReviewComment.objects.values_list("body", flat=True),
        *InternalNote.objects.values_list("body", flat=True),
        application.recommendation_conditions,
    ]
    assert typed in saved
