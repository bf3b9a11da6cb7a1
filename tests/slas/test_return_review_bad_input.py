"""Bad input on every field of the review pages: the message says how to fix it, stands next
to the field (and in the error summary), and nothing is saved."""

import pytest
from django.urls import reverse

from slas.models import MAX_NARRATIVE, MilestoneOutcome, QuarterlyReturn, Rating, ReturnStatus
from slas.services.review import review_accept
from tests.factories import audit_mark, audited_since
from tests.slas.factories import (
    all_ratings,
    funded_award,
    officer_for,
    reports_with,
    return_in,
)

pytestmark = pytest.mark.django_db

M, P, N = MilestoneOutcome.MET, MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET
TOO_LONG = "x" * (MAX_NARRATIVE + 1)


@pytest.fixture
def submitted(barnet):
    r = return_in(ReturnStatus.SUBMITTED, award=funded_award(borough=barnet), quarter=2)
    reports_with(r, [M, P, N, M, M])
    return r


@pytest.fixture
def officer(client, barnet):
    user = officer_for(barnet)
    client.force_login(user)
    return user


def unchanged(r, mark):
    fresh = QuarterlyReturn.objects.get(pk=r.pk)
    assert fresh.status == r.status
    assert not fresh.questions.exists()
    assert not Rating.objects.filter(quarterly_return=r).exists()
    assert not audited_since(mark).exists()


def field_error(response, field_id: str, message: str, href: str = "") -> None:
    """The message is beside the field (its error message block) and in the summary, linked."""
    text = response.text
    assert response.status_code == 200
    beside = text.split(f'id="{field_id}_1_error"', 1)
    assert len(beside) == 2, f"no error beside {field_id}"
    assert message in beside[1].split("</span>", 2)[1]
    assert f'href="#{href or field_id}"' in text
    if href:
        assert f'id="{href}"' in text  # the link leads somewhere


def rating_post(r, overrides=None):
    data = {}
    for key, (final, reason) in all_ratings(r).items():
        prefix = f"rating-{'overall' if key is None else key}"
        data[f"{prefix}-rating"], data[f"{prefix}-reason"] = final, reason
    data.update(overrides or {})
    return data


def post(client, name, r, data):
    return client.post(reverse(name, kwargs={"pk": r.pk}), data)


# Questions


def test_no_question_at_all(client, submitted, officer):
    mark = audit_mark()
    response = post(client, "slas:review_return", submitted, {"question-overall-text": " "})
    field_error(response, "question-overall-text", "Enter at least one question for the group")
    unchanged(submitted, mark)


def test_a_question_too_long(client, submitted, officer):
    report = submitted.milestone_reports.order_by("pk")[0]
    mark = audit_mark()
    response = post(
        client,
        "slas:review_return",
        submitted,
        {f"question-{report.pk}-text": TOO_LONG, "question-overall-text": "Fine."},
    )
    field_error(
        response,
        f"question-{report.pk}-text",
        "Your question on “Work towards O1” must be 5,000 characters or fewer",
    )
    unchanged(submitted, mark)
    # What was typed in the other box is kept.
    assert "Fine." in response.text


def test_an_overall_question_too_long(client, submitted, officer):
    mark = audit_mark()
    response = post(client, "slas:review_return", submitted, {"question-overall-text": TOO_LONG})
    field_error(
        response,
        "question-overall-text",
        "Your question on the return overall must be 5,000 characters or fewer",
    )
    unchanged(submitted, mark)


# Ratings


def test_a_rating_missing(client, submitted, officer):
    o1 = submitted.funding_round.objectives.get(code="O1")
    data = rating_post(submitted)
    del data[f"rating-{o1.pk}-rating"]
    mark = audit_mark()
    response = post(client, "slas:review_accept", submitted, data)
    field_error(
        response,
        f"rating-{o1.pk}-rating",
        "Choose a rating for objective O1",
        href=f"id_rating-{o1.pk}-rating_1",
    )
    unchanged(submitted, mark)


def test_a_rating_that_is_not_offered(client, submitted, officer):
    data = rating_post(submitted, {"rating-overall-rating": "purple"})
    mark = audit_mark()
    response = post(client, "slas:review_accept", submitted, data)
    field_error(
        response,
        "rating-overall-rating",
        "Choose a rating for the quarter overall",
        href="id_rating-overall-rating_1",
    )
    unchanged(submitted, mark)


def test_an_override_without_a_reason(client, submitted, officer):
    o3 = submitted.funding_round.objectives.get(code="O3")
    data = rating_post(submitted, {f"rating-{o3.pk}-rating": "amber"})
    mark = audit_mark()
    response = post(client, "slas:review_accept", submitted, data)
    field_error(
        response,
        f"rating-{o3.pk}-reason",
        "Say why you rate objective O3 Amber when the portal suggests Red",
    )
    unchanged(submitted, mark)
    # The officer's choice is kept on the page, not reset to the suggestion.
    form = next(f for f in response.context["review_forms"].ratings if f.key == str(o3.pk))
    assert form["rating"].value() == "amber"


def test_an_override_reason_too_long(client, submitted, officer):
    data = rating_post(
        submitted, {"rating-overall-rating": "green", "rating-overall-reason": TOO_LONG}
    )
    mark = audit_mark()
    response = post(client, "slas:review_accept", submitted, data)
    field_error(
        response,
        "rating-overall-reason",
        "The reason for the rating of the quarter overall must be 5,000 characters or fewer",
    )
    unchanged(submitted, mark)


# Corrections


@pytest.fixture
def accepted(submitted, barnet):
    return review_accept(
        user=officer_for(barnet), quarterly_return=submitted, ratings=all_ratings(submitted)
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why the return needs correcting"),
        ("   ", "Enter why the return needs correcting"),
        (TOO_LONG, "The reason must be 5,000 characters or fewer"),
    ],
)
def test_a_correction_reason(client, accepted, officer, reason, message):
    mark = audit_mark()
    response = post(client, "slas:correction_start", accepted, {"reason": reason})
    field_error(response, "id_reason", message)
    assert not QuarterlyReturn.objects.filter(corrects=accepted).exists()
    assert not audited_since(mark).exists()
