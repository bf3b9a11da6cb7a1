"""The review pages as people use them: the list opening on what waits, the filters, the
return beside its milestones with the rule and the suggestions as words in tags, returning
with questions, accepting with an override, each version with what changed, and a correction."""

import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Instalment, InstalmentStatus
from slas.models import MilestoneOutcome, QuarterlyReturn, Rag, Rating, ReturnStatus
from slas.ratings import RULE_TEXT
from slas.services.review import review_accept
from tests.factories import UserFactory
from tests.slas.factories import (
    all_ratings,
    funded_award,
    officer_for,
    reports_with,
    return_in,
    secretary_of,
    submission_of,
)

pytestmark = pytest.mark.django_db

M, P, N = MilestoneOutcome.MET, MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


@pytest.fixture
def submitted(award):
    r = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(r, [M, P, N, M, M])
    return r


@pytest.fixture
def officer(client, barnet):
    user = officer_for(barnet)
    client.force_login(user)
    return user


def page(client, name, r, **kwargs):
    return client.get(reverse(name, kwargs={"pk": r.pk}), **kwargs)


# The list


def test_the_list_opens_on_returns_waiting_in_the_officers_boroughs(client, submitted, officer):
    elsewhere = UserFactory(
        role=Role.LINK_OFFICER, assigned_boroughs=[Borough.objects.get(slug="camden")]
    )
    response = client.get(reverse("slas:review_list"))
    assert [row["return"] for row in response.context["rows"]] == [submitted]
    assert "1 return waiting for review" in response.text
    client.force_login(elsewhere)
    response = client.get(reverse("slas:review_list"))
    assert response.context["rows"] == []
    assert "is waiting for review" in response.text


def test_the_manager_sees_every_borough_waiting(client, submitted):
    client.force_login(UserFactory(role=Role.FUNDING_MANAGER))
    response = client.get(reverse("slas:review_list"))
    assert [row["return"] for row in response.context["rows"]] == [submitted]


def test_the_filters_choose_quarter_state_borough_and_overdue(client, submitted, officer, award):
    draft = return_in(ReturnStatus.DRAFT, award=award, quarter=3)
    QuarterlyReturn.objects.filter(pk=draft.pk).update(time_state="overdue", days_overdue=3)
    base = reverse("slas:review_list") + f"?round={award.funding_round.year_start}"

    def listed(query):
        return [row["return"].pk for row in client.get(base + query).context["rows"]]

    assert listed("&state=submitted") == [submitted.pk]
    assert set(listed("&state=")) == set(
        QuarterlyReturn.objects.filter(award=award).values_list("pk", flat=True)
    )
    assert listed("&quarter=3&state=draft") == [draft.pk]
    assert listed("&state=&borough=camden") == []
    assert listed("&state=&overdue=on") == [
        r.pk for r in QuarterlyReturn.objects.filter(award=award, time_state="overdue")
    ]
    # A draft is listed for staff, but not linked: its contents are the group's own.
    rows = client.get(base + "&quarter=3&state=draft").context["rows"]
    assert rows[0]["url"] == ""
    assert "Overdue by 3 days" in client.get(base + "&quarter=3&state=draft").text


def test_the_overdue_filter_does_not_list_a_correction_being_written(
    client, submitted, officer, award
):
    import datetime

    from slas.services.review import return_correction_start
    from slas.services.schedule import returns_update_time_states

    accepted = review_accept(
        user=officer, quarterly_return=submitted, ratings=all_ratings(submitted)
    )
    correction = return_correction_start(user=officer, quarterly_return=accepted, reason="R.")
    returns_update_time_states(today=accepted.due_on + datetime.timedelta(days=30))
    base = reverse("slas:review_list") + f"?round={award.funding_round.year_start}"
    listed = [row["return"].pk for row in client.get(base + "&state=&overdue=on").context["rows"]]
    assert correction.pk not in listed
    assert listed  # the quarters after it are overdue by then


def test_a_filter_that_is_not_listed_gets_its_message(client, submitted, officer):
    response = client.get(reverse("slas:review_list") + "?round=1999&quarter=9&state=lost")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "round": ["Choose a round listed"],
        "quarter": ["Choose a quarter listed"],
        "state": ["Choose a state listed"],
    }
    assert "There is a problem" in response.text


# The review page


def test_the_review_page_shows_the_rule_and_each_suggestion_as_a_word_in_a_tag(
    client, submitted, officer
):
    response = page(client, "slas:review", submitted)
    text = response.text
    assert RULE_TEXT in text
    assert '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in text
    assert "O2 step 2" in text  # the SLA's words for the milestone
    assert "The hall was booked out." in text  # the group's
    assert "History" in text  # the staff-only timeline
    # The radios start on the suggestion.
    o2 = submitted.funding_round.objectives.get(code="O2")
    form = next(f for f in response.context["review_forms"].ratings if f.key == str(o2.pk))
    assert form["rating"].value() == Rag.AMBER


def test_returning_with_questions_from_the_page(client, submitted, officer):
    report = submitted.milestone_reports.order_by("pk")[1]
    response = client.post(
        reverse("slas:review_return", kwargs={"pk": submitted.pk}),
        {f"question-{report.pk}-text": "Which meetings were held?", "question-overall-text": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.RETURNED
    assert list(submitted.questions.values_list("milestone_report_id", "question")) == [
        (report.pk, "Which meetings were held?")
    ]


def rating_post(r, overrides=None):
    data = {}
    for key, (final, reason) in all_ratings(r).items():
        prefix = f"rating-{'overall' if key is None else key}"
        data[f"{prefix}-rating"], data[f"{prefix}-reason"] = final, reason
    data.update(overrides or {})
    return data


def test_accepting_with_an_override_from_the_page(client, submitted, officer, award):
    o2 = submitted.funding_round.objectives.get(code="O2")
    response = client.post(
        reverse("slas:review_accept", kwargs={"pk": submitted.pk}),
        rating_post(
            submitted,
            {f"rating-{o2.pk}-rating": "green", f"rating-{o2.pk}-reason": "Held a week late."},
        ),
    )
    assert response.status_code == 302
    rating = Rating.objects.get(quarterly_return=submitted, objective=o2)
    assert (rating.suggested, rating.final, rating.override_reason) == (
        Rag.AMBER,
        Rag.GREEN,
        "Held a week late.",
    )
    assert Instalment.objects.get(award=award, quarter=3).status == InstalmentStatus.READY
    text = page(client, "slas:review", submitted).text
    assert "Held a week late." in text
    assert "First rating" in text


@pytest.mark.parametrize(("before", "said"), [("scheduled", True), ("ready", False)])
def test_the_release_is_mentioned_only_when_accepting_made_it_ready(
    client, submitted, officer, award, before, said
):
    Instalment.objects.filter(award=award, quarter=3).update(status=before)
    response = client.post(
        reverse("slas:review_accept", kwargs={"pk": submitted.pk}), rating_post(submitted)
    )
    assert response.status_code == 302
    text = client.get(response["Location"]).text
    assert ("instalment can now be released" in text) is said
    assert "Return accepted" in text


def test_an_accepted_return_shows_the_change_since_last_quarter(client, award, barnet, officer):
    q1 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=1)
    reports_with(q1, [M, M, M, M, N])
    review_accept(user=officer, quarterly_return=q1, ratings=all_ratings(q1))
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(q2, [N, M, M, M, M])
    review_accept(user=officer, quarterly_return=q2, ratings=all_ratings(q2))
    text = page(client, "slas:review", q2).text
    assert "Down from Green" in text
    assert "Up from Red" in text
    assert "No change" in text
    assert "Accept the return" not in text  # frozen: no forms


# Versions


def test_the_versions_page_shows_what_changed_between_submissions(client, submitted, officer):
    submission_of(
        submitted,
        1,
        {
            "counts": {"young_people": 12},
            "milestones": [{"milestone": 7, "title": "Youth forum", "outcome": "Partly met"}],
        },
    )
    submission_of(
        submitted,
        2,
        {
            "counts": {"young_people": 40},
            "milestones": [{"milestone": 7, "title": "Youth forum", "outcome": "Met"}],
        },
    )
    text = page(client, "slas:versions", submitted).text
    assert "Counts: Young people" in text
    assert "Milestones: Youth forum: Outcome" in text
    assert "Partly met" in text
    assert "What changed since submission 1" in text


def test_the_group_reads_its_versions_too(client, submitted, barnet):
    submission_of(submitted, 1, {"highlights": "A forum."})
    client.force_login(secretary_of(barnet))
    assert "A forum." not in page(client, "slas:versions", submitted).text  # first: no diff
    assert "Submission 1" in page(client, "slas:versions", submitted).text


# Corrections


def test_the_secretary_starts_a_correction_and_the_accepted_version_stays(
    client, submitted, barnet
):
    accepted = review_accept(
        user=officer_for(barnet), quarterly_return=submitted, ratings=all_ratings(submitted)
    )
    client.force_login(secretary_of(barnet))
    response = client.post(
        reverse("slas:correction_start", kwargs={"pk": accepted.pk}),
        {"reason": "We counted one meeting twice."},
    )
    assert response.status_code == 302
    correction = QuarterlyReturn.objects.get(corrects=accepted)
    assert (correction.version, correction.status) == (2, ReturnStatus.DRAFT)
    assert QuarterlyReturn.objects.get(pk=accepted.pk).status == ReturnStatus.ACCEPTED


def test_the_officer_asks_for_a_correction_from_the_review_page(client, submitted, officer):
    accepted = review_accept(
        user=officer, quarterly_return=submitted, ratings=all_ratings(submitted)
    )
    assert "Ask for a correction of this return" in page(client, "slas:review", accepted).text
    client.post(
        reverse("slas:correction_start", kwargs={"pk": accepted.pk}),
        {"reason": "The spend looks doubled."},
    )
    text = page(client, "slas:review", accepted).text
    assert "has been started as version 2" in text
    assert "Ask for a correction of this return" not in text
