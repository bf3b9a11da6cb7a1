"""The review pages: the list and its filters, the application as submitted with its
actions, the forms' field messages (nothing saved), and the comparison of versions."""

import html as html_lib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from boroughs.models import Borough
from grants.models import (
    ApplicationStatus,
    BudgetCategory,
    InternalNote,
    ReviewComment,
    RoundStatus,
    SupportingDocument,
)
from tests.grants.factories import make_application, make_round
from tests.grants.review_support import resubmit, set_budget_line, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_in_role, barnet):
    return user_in_role(Role.LINK_OFFICER, username="officer", assigned_boroughs=[barnet])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def application(funding_round, barnet):
    return submitted_application(funding_round, barnet)


def review(application):
    return reverse("grants:application_review", kwargs={"pk": application.pk})


def action(name, application):
    return reverse(f"grants:{name}", kwargs={"pk": application.pk})


def main_text(response) -> str:
    """The page's <main>, tags and <time> elements removed, spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<time[^>]*>.*?</time>", " ", main, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


# The list


def test_the_list_defaults_to_the_newest_round(officer_client, barnet):
    older, newer = make_round(year_start=2010), make_round(year_start=2011)
    make_application(funding_round=older, borough=barnet, status=ApplicationStatus.RECOMMENDED)
    response = officer_client.get(reverse("grants:review_list"))
    assert response.context["funding_round"] == newer
    assert response.context["applications"] == []
    response = officer_client.get(reverse("grants:review_list"), {"round": 2010})
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet"]


def test_the_list_opens_on_the_open_round_not_next_years_being_set_up(
    officer_client, barnet, camden
):
    open_round = make_round(year_start=2011)
    make_round(year_start=2012, status=RoundStatus.SETUP)  # created early, nothing in it
    make_application(funding_round=open_round, borough=barnet)
    make_application(funding_round=open_round, borough=camden, status=ApplicationStatus.RECOMMENDED)
    response = officer_client.get(reverse("grants:review_list"))
    assert response.context["funding_round"] == open_round
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet"]
    assert '<option value="2011" selected>' in response.content.decode()
    assert "1 application waiting for review" in main_text(response)


def test_the_list_opens_on_the_newest_round_with_applications_waiting(officer_client, barnet):
    older = make_round(year_start=2010)
    make_round(year_start=2011)  # open, nothing submitted yet
    make_application(funding_round=older, borough=barnet)  # still waiting for its review
    response = officer_client.get(reverse("grants:review_list"))
    assert response.context["funding_round"] == older
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet"]


def test_with_nothing_waiting_the_list_opens_on_the_newest_round_not_being_set_up(
    officer_client,
):
    make_round(year_start=2010, status=RoundStatus.CLOSED)
    current = make_round(year_start=2011)
    make_round(year_start=2012, status=RoundStatus.SETUP)
    response = officer_client.get(reverse("grants:review_list"))
    assert response.context["funding_round"] == current


def test_the_list_shows_borough_status_money_and_links(officer_client, funding_round, barnet):
    application = make_application(
        funding_round=funding_round,
        borough=barnet,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="38000.50",
    )
    every = {"round": 2011, "status": ""}  # "Any status"
    text = main_text(officer_client.get(reverse("grants:review_list"), every))
    assert "Barnet CPEG-2011-BARNET Recommended £40,000.00 £38,000.50" in text
    assert (
        review(application)
        in officer_client.get(reverse("grants:review_list"), every).content.decode()
    )


def test_the_list_opens_on_what_is_waiting_for_review(
    officer_client, funding_round, barnet, camden
):
    make_application(funding_round=funding_round, borough=barnet)
    make_application(
        funding_round=funding_round, borough=camden, status=ApplicationStatus.RECOMMENDED
    )
    response = officer_client.get(reverse("grants:review_list"))
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet"]
    assert response.context["form"]["status"].value() == "submitted"
    assert '<option value="submitted" selected>' in response.content.decode()
    assert "1 application waiting for review" in main_text(response)
    # "Any status" still shows everything.
    response = officer_client.get(reverse("grants:review_list"), {"round": 2011, "status": ""})
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet", "camden"]
    assert "2 applications" in main_text(response)


def test_the_list_says_when_nothing_is_waiting(officer_client, funding_round, barnet):
    make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.RECOMMENDED
    )
    text = main_text(officer_client.get(reverse("grants:review_list")))
    assert "No application in 2011/12 is waiting for review." in text
    assert "choose “Any status”" in text


def test_assigned_to_me_keeps_the_officers_boroughs(officer_client, funding_round, barnet, camden):
    make_application(funding_round=funding_round, borough=barnet)
    make_application(funding_round=funding_round, borough=camden)
    response = officer_client.get(reverse("grants:review_list"), {"round": 2011, "mine": "on"})
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["barnet"]
    assert "Only boroughs assigned to me" in response.content.decode()


def test_filtering_by_status_and_borough(officer_client, funding_round, barnet, camden):
    make_application(funding_round=funding_round, borough=barnet)
    make_application(
        funding_round=funding_round, borough=camden, status=ApplicationStatus.CHANGES_REQUESTED
    )
    response = officer_client.get(
        reverse("grants:review_list"),
        {"round": 2011, "status": "changes_requested", "borough": "camden"},
    )
    assert [a.cpeg.borough.slug for a in response.context["applications"]] == ["camden"]
    response = officer_client.get(
        reverse("grants:review_list"), {"round": 2011, "status": "submitted", "borough": "camden"}
    )
    assert "No submitted applications in 2011/12 match the filters." in main_text(response)


def test_a_bad_filter_gets_a_field_message(officer_client, funding_round):
    response = officer_client.get(reverse("grants:review_list"), {"round": 1999})
    assert response.context["form"].errors == {"round": ["Choose one of the rounds listed"]}
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_takes_five_queries_however_many_applications(
    officer_client, funding_round, django_assert_num_queries, count
):
    for borough in Borough.objects.select_related("cpeg")[:count]:
        make_application(funding_round=funding_round, borough=borough)
    # 1 session, 1 user; 1 the rounds (the filter and its default), 1 the boroughs (the
    # filter), 1 the applications with their groups and boroughs ("assigned to me" is a
    # subquery). The header's navigation asks nothing more of an officer.
    with django_assert_num_queries(5):
        response = officer_client.get(reverse("grants:review_list"), {"round": 2011, "mine": "on"})
    assert response.status_code == 200
    with django_assert_num_queries(5):
        response = officer_client.get(reverse("grants:review_list"))
    assert len(response.context["applications"]) == count


# The application as submitted


def test_the_page_renders_what_was_submitted_not_later_edits(officer_client, application):
    application.group_summary = "Something the group typed after submitting"
    application.save()
    text = main_text(officer_client.get(review(application)))
    assert "A community group that brings police and residents together." in text
    assert "Something the group typed after submitting" not in text


def test_the_page_shows_the_work_plan_by_objective_and_the_administration_share(
    officer_client, application
):
    text = main_text(officer_client.get(review(application)))
    assert "O3: Reaching diverse communities and young people Work towards O3" in text
    assert "Quarter 2 milestone O3 step 2" in text
    assert "Administration is 30.0% of the budget (£12,000.00 of £40,000.00)." in text


def test_documents_are_listed_and_linked_when_the_download_exists(
    officer_client, application, user_in_role
):
    document = SupportingDocument.objects.create(
        application=application,
        kind=SupportingDocument.Kind.CONSTITUTION,
        file="applications/1/abc",
        original_name="constitution.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=application.created_by,
    )
    resubmit(application)  # the snapshot now lists the document
    html = officer_client.get(review(application)).content.decode()
    assert "Constitution: " in html
    assert "constitution.pdf" in html
    assert f'href="{reverse("grants:document", kwargs={"pk": document.pk})}"' in html


def test_the_actions_are_offered_on_a_submitted_application(officer_client, application):
    html = officer_client.get(review(application)).content.decode()
    for name in ("review_comment_add", "review_request_changes", "review_recommend"):
        assert action(name, application) in html
    assert "Left under the ceiling" in html


@pytest.mark.parametrize(
    "status", [ApplicationStatus.CHANGES_REQUESTED, ApplicationStatus.RECOMMENDED]
)
def test_no_review_action_is_offered_once_decided(officer_client, funding_round, barnet, status):
    application = make_application(funding_round=funding_round, borough=barnet, status=status)
    html = officer_client.get(review(application)).content.decode()
    for name in ("review_comment_add", "review_request_changes", "review_recommend"):
        assert action(name, application) not in html
    assert action("internal_note_add", application) in html  # notes stay open


def test_comments_are_shown_under_their_objective(officer_client, application, officer):
    objective = application.funding_round.objectives.get(code="O2")
    ReviewComment.objects.create(
        application=application, objective=objective, version=1, body="Name the panels.",
        author=officer,
    )  # fmt: skip
    text = main_text(officer_client.get(review(application)))
    o2, o3 = text.index("O2: Engagement"), text.index("O3: Reaching")
    assert o2 < text.index("Name the panels.") < o3


def test_internal_notes_are_marked_as_never_seen_by_the_group(officer_client, application, officer):
    InternalNote.objects.create(application=application, body="Treasurer resigned.", author=officer)
    text = main_text(officer_client.get(review(application)))
    assert "Internal notes" in text
    assert "Internal: the group never sees these" in text
    assert "Treasurer resigned." in text


def test_the_audit_timeline_is_shown(officer_client, application):
    officer_client.post(
        action("review_request_changes", application), {"changes-message": "Fix Q3."}
    )
    text = main_text(officer_client.get(review(application)))
    assert "History" in text
    assert "Changes requested : Submitted → Changes requested" in text  # labels, not values


# Actions, and their field messages


def test_commenting_on_an_objective(officer_client, application):
    objective = application.funding_round.objectives.get(code="O1")
    response = officer_client.post(
        action("review_comment_add", application), {"comment": "O1", "comment-O1-body": "Good."}
    )
    assert response["Location"] == review(application) + "#objective-O1"
    assert ReviewComment.objects.get().objective == objective


def test_an_empty_comment_gets_a_message_beside_its_box_and_saves_nothing(
    officer_client, application
):
    response = officer_client.post(
        action("review_comment_add", application), {"comment": "O4", "comment-O4-body": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#comment-O4-body">Enter your comment</a>' in html
    assert "<title>Error: Review:" in html
    assert not ReviewComment.objects.exists()


def test_a_comment_box_for_no_objective_of_the_round_is_not_read(officer_client, application):
    # Boxes are named by the round's objective codes (O1 to O5): a sixth is not read.
    response = officer_client.post(
        action("review_comment_add", application), {"comment": "O9", "comment-O9-body": "Hi"}
    )
    assert response.context["form"].errors == {"body": ["Enter your comment"]}
    assert response.context["form"].objective is None  # shown beside the general box
    assert not ReviewComment.objects.exists()


def test_requesting_changes_needs_a_message(officer_client, application):
    response = officer_client.post(
        action("review_request_changes", application), {"changes-message": ""}
    )
    assert response.context["form"].errors == {"message": ["Enter what the group needs to change"]}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_requesting_changes_sends_it_back(officer_client, application):
    response = officer_client.post(
        action("review_request_changes", application), {"changes-message": "Cost Q3."}
    )
    assert response["Location"] == review(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            "40000.01",
            "The recommendation (£40,000.01) cannot be more than the £40,000.00 requested",
        ),
        ("-5", "The recommended amount must be £0 or more"),
        ("", "Enter the recommended amount"),
        ("lots", "Enter the recommended amount as a number in pounds, like 1250 or 1250.50"),
        (
            "10.123",
            "Enter the recommended amount in pounds and pence, with no more than 2 decimal places",
        ),
    ],
)
def test_a_bad_recommendation_gets_a_field_message_and_changes_nothing(
    officer_client, application, amount, message
):
    response = officer_client.post(
        action("review_recommend", application),
        {"recommend-amount": amount, "recommend-conditions": "C"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"amount": [message]}
    assert f'<a href="#recommend-amount">{message}</a>' in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.recommended_amount) == ("submitted", None)


def test_recommending_with_conditions(officer_client, application, officer):
    response = officer_client.post(
        action("review_recommend", application),
        {"recommend-amount": "£38,000.50", "recommend-conditions": "Report attendance."},
    )
    assert response["Location"] == review(application)
    application.refresh_from_db()
    assert application.recommended_amount == Decimal("38000.50")
    assert application.recommendation_conditions == "Report attendance."
    text = main_text(officer_client.get(review(application)))
    assert "Recommended £38,000.50" in text
    assert "Recommended £38,000.50 by" in text


def test_the_page_warns_when_the_request_would_go_over_the_ceiling(officer_client, barnet, camden):
    funding_round = make_round(total="100000.00", ceiling="60000.00")
    make_application(
        funding_round=funding_round,
        borough=camden,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="30000.00",
    )
    application = submitted_application(funding_round, barnet)
    text = main_text(officer_client.get(review(application)))
    assert "Left under the ceiling £30,000.00" in text
    assert (
        "Warning Recommending more than £30,000.00 would take the round's recommendations "
        "and awards over its £60,000.00 ceiling." in text
    )


def test_no_ceiling_warning_when_the_request_fits(officer_client, application):
    assert "would take the round" not in main_text(officer_client.get(review(application)))


def test_recommending_over_the_ceiling_warns_after_saving(officer_client, barnet, camden):
    funding_round = make_round(total="100000.00", ceiling="60000.00")
    make_application(
        funding_round=funding_round,
        borough=camden,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="30000.00",
    )
    application = submitted_application(funding_round, barnet)
    response = officer_client.post(
        action("review_recommend", application), {"recommend-amount": "35000"}, follow=True
    )
    text = main_text(response)
    assert (
        "The round's recommendations and awards are now £5,000.00 over its £60,000.00 ceiling."
        in text
    )
    assert "Warning The round's recommendations and awards (£65,000.00) are £5,000.00 over" in text


def test_an_empty_internal_note_gets_a_field_message(officer_client, application):
    response = officer_client.post(action("internal_note_add", application), {"note-body": ""})
    assert response.context["form"].errors == {"body": ["Enter the note"]}
    assert '<a href="#note-body">Enter the note</a>' in response.content.decode()
    assert not InternalNote.objects.exists()


def test_adding_an_internal_note(officer_client, application):
    response = officer_client.post(
        action("internal_note_add", application), {"note-body": "Call him."}
    )
    assert response["Location"] == review(application) + "#internal-notes"
    assert InternalNote.objects.get().body == "Call him."


def test_an_action_refused_for_the_state_shows_why(officer_client, application):
    officer_client.post(
        action("review_request_changes", application), {"changes-message": "Fix it."}
    )
    response = officer_client.post(
        action("review_recommend", application), {"recommend-amount": "10"}
    )
    assert response.status_code == 200
    assert (
        "This application is back with the group for changes, so it cannot be recommended"
        in response.content.decode()
    )


# Versions compared


@pytest.fixture
def two_versions(application, officer_client):
    officer_client.post(
        action("review_request_changes", application), {"changes-message": "Fix it."}
    )
    set_budget_line(application, BudgetCategory.TRAINING, "3500.00")
    return resubmit(application)


def versions(application, **params):
    return reverse("grants:application_versions", kwargs={"pk": application.pk}), params


def test_versions_compare_the_last_two_by_default(officer_client, two_versions):
    path, _ = versions(two_versions)
    response = officer_client.get(path)
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    text = main_text(response)
    assert "Training Changed Amount: £3,000.00 → changed to £3,500.00" in text
    assert "Work plan No changes." in text


def test_the_review_page_links_to_the_versions_once_there_are_two(officer_client, two_versions):
    path, _ = versions(two_versions)
    assert path in officer_client.get(review(two_versions)).content.decode()


def test_versions_can_be_chosen(officer_client, two_versions):
    resubmit(two_versions)  # version 3, the same as version 2
    path, _ = versions(two_versions)
    response = officer_client.get(path, {"a": 3, "b": 1})
    assert (response.context["old"].number, response.context["new"].number) == (1, 3)
    response = officer_client.get(path)
    assert "Nothing changed between version 2 and version 3." in main_text(response)


def test_the_same_version_twice_gets_a_field_message(officer_client, two_versions):
    path, _ = versions(two_versions)
    response = officer_client.get(path, {"a": 2, "b": 2})
    assert response.context["form"].errors == {"b": ["Choose a different version to compare with"]}
    assert response.context["diff"] == []


def test_a_version_that_does_not_exist_gets_a_field_message(officer_client, two_versions):
    path, _ = versions(two_versions)
    response = officer_client.get(path, {"a": 1, "b": 9})
    assert response.context["form"].errors == {"b": ["Choose one of the versions listed"]}


def test_one_version_has_nothing_to_compare(officer_client, application):
    path, _ = versions(application)
    text = main_text(officer_client.get(path))
    assert "Only one version has been submitted, so there is nothing to compare yet." in text


# Nothing typed is lost: the page is one form, and every button saves every box


def test_a_second_recommend_from_a_stale_tab_keeps_its_comment_and_says_why(
    officer_client, application
):
    recommend = {"recommend-amount": "35000", "recommend-conditions": ""}
    officer_client.post(action("review_recommend", application), recommend)
    response = officer_client.post(
        action("review_recommend", application),
        {**recommend, "comment-O2-body": "Typed in a tab opened before."},
    )
    assert response.status_code == 200
    message = (
        "This application was already recommended, so your comment on O2 cannot be added: "
        "only a submitted application can be commented on. Your comment is kept below; you "
        "can add it as an internal note instead."
    )
    assert response.context["objectives"][1]["form"].errors == {"body": [message]}
    page = response.content.decode()
    assert f'<a href="#comment-O2-body">{html_lib.escape(message, quote=False)}</a>' in page
    assert "Typed in a tab opened before." in page
    assert "with your 1 comment" not in page
    assert not ReviewComment.objects.exists()


def test_a_comment_typed_then_recommend_is_saved_with_the_recommendation(
    officer_client, application
):
    response = officer_client.post(
        action("review_recommend", application),
        {
            "comment-O2-body": "Name the panels you attend.",
            "comment-general-body": "A clear application.",
            "recommend-amount": "35000",
            "recommend-conditions": "",
            "changes-message": "",
            "note-body": "",
        },
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED
    comments = ReviewComment.objects.order_by("pk")
    assert [(c.objective and c.objective.code, c.body) for c in comments] == [
        ("O2", "Name the panels you attend."),
        (None, "A clear application."),
    ]
    assert AuditEvent.objects.filter(
        object_id=application.pk, content_type__model="application", action="commented on O2"
    ).exists()
    text = main_text(response)
    assert "Recommended £35,000.00, with your 2 comments" in text
    assert "Name the panels you attend." in text


def test_a_comment_typed_then_request_changes_is_saved_with_the_request(
    officer_client, application
):
    officer_client.post(
        action("review_request_changes", application),
        {"comment-O3-body": "Which schools?", "changes-message": "Cost the outreach."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    bodies = list(ReviewComment.objects.order_by("pk").values_list("objective__code", "body"))
    assert bodies == [("O3", "Which schools?"), (None, "Cost the outreach.")]


def test_a_refused_recommendation_shows_every_box_again_as_typed_and_saves_nothing(
    officer_client, application
):
    response = officer_client.post(
        action("review_recommend", application),
        {
            "comment-O1-body": "Keep this comment.",
            "note-body": "Keep this note.",
            "recommend-amount": "50000",
            "changes-message": "Half-written request",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep this comment.</textarea>" in html
    assert "Keep this note.</textarea>" in html
    assert "Half-written request</textarea>" in html
    assert 'value="50000"' in html
    assert "cannot be more than the £40,000.00 requested" in html
    assert "Enter what the group needs to change" not in html  # not its button
    assert not ReviewComment.objects.exists()
    assert not InternalNote.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_add_comment_saves_every_box_and_keeps_an_unsent_recommendation(
    officer_client, application
):
    response = officer_client.post(
        action("review_comment_add", application),
        {
            "comment": "O1",
            "comment-O1-body": "First.",
            "comment-O4-body": "Second.",
            "recommend-amount": "30000",
        },
    )
    assert response.status_code == 200  # shown again: the amount typed is not thrown away
    assert sorted(ReviewComment.objects.values_list("body", flat=True)) == ["First.", "Second."]
    html = response.content.decode()
    assert 'value="30000"' in html
    assert "it is not sent until you press its button" in html
    assert "There is a problem" not in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_add_note_saves_the_comments_typed_too(officer_client, application):
    response = officer_client.post(
        action("internal_note_add", application),
        {"note-body": "Call the treasurer.", "comment-general-body": "Well set out."},
    )
    assert response["Location"] == review(application) + "#internal-notes"
    assert InternalNote.objects.get().body == "Call the treasurer."
    assert ReviewComment.objects.get().body == "Well set out."


def test_every_review_box_has_a_character_count_and_no_maxlength(officer_client, application):
    html = officer_client.get(review(application)).content.decode()
    for name in (
        "comment-O1-body",
        "comment-general-body",
        "recommend-conditions",
        "changes-message",
        "note-body",
    ):
        box = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', html).group(0)
        assert "maxlength" not in box
        assert f'id="{name}-info"' in html
    assert html.count('data-module="govuk-character-count"') == 9  # 5 objectives + 4


def test_the_buttons_post_the_one_form_to_their_own_actions(officer_client, application):
    html = officer_client.get(review(application)).content.decode()
    assert html.count('id="review-form"') == 1
    # Only the comment boxes' action is the form's; every other button says its own.
    for name in ("review_recommend", "review_request_changes", "internal_note_add"):
        assert f' action="{action(name, application)}"' not in html
    for name in ("review_recommend", "review_request_changes", "internal_note_add"):
        assert f'formaction="{action(name, application)}"' in html


def test_enter_in_the_amount_box_says_which_button_sends_it_and_keeps_the_amount(
    officer_client, application
):
    # Enter in a text box presses the form's first button: the first "Add comment".
    response = officer_client.post(
        action("review_comment_add", application),
        {"comment": "O1", "recommend-amount": "30000"},
    )
    assert response.context["form"].errors == {
        "body": [
            "Enter your comment, or press Recommend or Request changes to send what you typed there"
        ]
    }
    assert 'value="30000"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
