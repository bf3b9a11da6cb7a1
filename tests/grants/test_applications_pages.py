"""The application's pages: the task list and its statuses, each section saving as the
secretary goes, check your answers, the declaration with its error summary, the confirmation,
the read-only view and the link officer's comments."""

import mimetypes
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.models import Role
from grants.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    Milestone,
)
from grants.selectors.applications import TaskStatus, application_detail, application_progress
from grants.services import applications as services
from grants.services import review
from tests.factories import UserFactory
from tests.grants.factories import BUDGET, fill_application, make_outline

pytestmark = pytest.mark.django_db


def url(name, application, **kwargs):
    return reverse(f"grants:{name}", kwargs={"pk": application.pk, **kwargs})


def statuses(application):
    progress = application_progress(application_detail(pk=application.pk))
    return {task.key: task.status for task in progress.tasks}


def budget_data(**overrides):
    data = {f"amount_{category}": amount for category, amount in BUDGET.items()}
    data["requested_amount"] = "40000"
    return {**data, **overrides}


def activity_data(objective, **overrides):
    data = {
        "objective": objective.pk,
        "title": f"Work towards {objective.code}",
        "q1_milestone": "Two public meetings, 80 residents",
        "q2_milestone": "Two public meetings",
        "q3_not_this_quarter": "on",
        "q4_milestone": "Annual general meeting",
    }
    return {**data, **overrides}


# Starting


def test_the_secretary_starts_from_the_outline_and_lands_on_the_task_list(
    client, outline, secretary
):
    client.force_login(secretary)
    response = client.post(reverse("grants:application_start", kwargs={"pk": outline.pk}))
    application = Application.objects.get()
    assert response["Location"] == url("application", application)
    again = client.post(reverse("grants:application_start", kwargs={"pk": outline.pk}))
    assert again["Location"] == url("application", application)


def test_starting_before_the_outline_is_agreed_explains_why(client, funding_round, camden):
    outline = make_outline(funding_round=funding_round, cpeg=camden.cpeg, status="draft")
    client.force_login(outline.created_by)
    response = client.post(
        reverse("grants:application_start", kwargs={"pk": outline.pk}), follow=True
    )
    assert "The outline must be agreed" in response.content.decode()
    assert not Application.objects.exists()


# The task list


def test_a_new_application_shows_every_section_not_started(signed_in, application):
    response = signed_in.get(url("application", application))
    page = response.content.decode()
    assert "You have completed 0 of 3 sections." in page
    assert "Still to do: About the group, Work plan, Budget." in page
    assert statuses(application) == {
        "about": TaskStatus.NOT_STARTED,
        "activities": TaskStatus.NOT_STARTED,
        "budget": TaskStatus.NOT_STARTED,
        "documents": TaskStatus.NOT_STARTED,
        "check": TaskStatus.CANNOT_START,
    }
    assert "govuk-task-list__status--cannot-start-yet" in page


def test_sections_move_from_in_progress_to_completed(signed_in, application):
    signed_in.post(url("application_about", application), {"group_summary": "We meet."})
    assert statuses(application)["about"] == TaskStatus.IN_PROGRESS
    signed_in.post(
        url("application_about", application),
        {"group_summary": "We meet.", "meeting_arrangements": "Monthly", "bank_account_name": "X"},
    )
    assert statuses(application)["about"] == TaskStatus.COMPLETED

    objectives = list(application.funding_round.objectives.all())
    signed_in.post(url("activity_add", application), activity_data(objectives[0]))
    assert statuses(application)["activities"] == TaskStatus.IN_PROGRESS
    for objective in objectives[1:]:
        signed_in.post(url("activity_add", application), activity_data(objective))
    assert statuses(application)["activities"] == TaskStatus.COMPLETED

    signed_in.post(url("application_budget", application), budget_data(requested_amount="1"))
    assert statuses(application)["budget"] == TaskStatus.IN_PROGRESS
    signed_in.post(url("application_budget", application), budget_data())
    assert statuses(application)["budget"] == TaskStatus.COMPLETED
    assert statuses(application)["check"] == TaskStatus.NOT_STARTED
    page = signed_in.get(url("application", application)).content.decode()
    assert "You have completed 3 of 3 sections." in page


def test_check_and_submit_opens_once_every_section_is_started(signed_in, application):
    signed_in.post(url("application_about", application), {"group_summary": "We meet."})
    objective = application.funding_round.objectives.first()
    signed_in.post(url("activity_add", application), activity_data(objective))
    assert statuses(application)["check"] == TaskStatus.CANNOT_START
    signed_in.post(url("application_budget", application), budget_data(requested_amount="1"))
    assert statuses(application)["check"] == TaskStatus.NOT_STARTED


def reasons(application):
    progress = application_progress(application_detail(pk=application.pk))
    return {task.key: list(task.reasons) for task in progress.tasks if task.reasons}


def test_a_section_in_progress_says_what_it_still_lacks(signed_in, application):
    signed_in.post(url("application_about", application), {"group_summary": "We meet."})
    o1, o2, *_ = application.funding_round.objectives.all()
    signed_in.post(
        url("activity_add", application),
        activity_data(o1, q2_milestone="", q4_milestone="", title="Public meetings"),
    )
    signed_in.post(url("activity_add", application), activity_data(o2))
    signed_in.post(
        url("application_budget", application),
        budget_data(amount_training="", amount_other="", requested_amount="40000"),
    )
    assert reasons(application) == {
        "about": [
            "Still to answer: how and where the group meets and the name on the bank account"
        ],
        "activities": [
            "No activity yet for O3, O4 and O5",
            "“Public meetings” has no milestone for quarters 2 and 4",
        ],
        "budget": [
            "No amount yet for training and other",
            "The budget lines add up to £35,500.00: £4,500.00 less than the £40,000.00 requested",
        ],
    }
    page = signed_in.get(url("application", application)).content.decode()
    assert "“Public meetings” has no milestone for quarters 2 and 4" in page
    assert "£4,500.00 less than the £40,000.00 requested" in page


def test_a_request_below_the_lines_says_by_how_much(signed_in, application):
    signed_in.post(url("application_budget", application), budget_data(requested_amount="39000"))
    assert reasons(application)["budget"] == [
        "The budget lines add up to £40,000.00: £1,000.00 more than the £39,000.00 requested"
    ]


def test_completed_and_not_started_sections_give_no_reasons(signed_in, complete, application):
    assert reasons(complete) == {}
    assert "Still to answer" not in signed_in.get(url("application", complete)).content.decode()


def test_saving_a_section_returns_to_the_task_list_with_a_success_banner(signed_in, application):
    response = signed_in.post(
        url("application_about", application), {"group_summary": "We meet."}, follow=True
    )
    assert response.redirect_chain == [(url("application", application), 302)]
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "About the group saved" in page


# Sections: field messages, nothing saved


def test_an_activity_with_both_a_milestone_and_not_this_quarter_is_refused(signed_in, application):
    objective = application.funding_round.objectives.first()
    response = signed_in.post(
        url("activity_add", application), activity_data(objective, q3_milestone="Something")
    )
    assert response.context["form"].errors == {
        "q3_milestone": [
            "Either describe the quarter 3 milestone or choose “not this quarter”, not both"
        ]
    }
    assert not application.activities.exists()


def test_an_activity_without_objective_or_title_gets_field_messages(signed_in, application):
    response = signed_in.post(url("activity_add", application), {})
    assert response.context["form"].errors == {
        "objective": ["Choose the objective this activity works towards"],
        "title": ["Enter the activity's title"],
    }
    assert "There is a problem" in response.content.decode()


def test_the_add_activity_page_starts_with_the_objective_asked_for(signed_in, application):
    objective = application.funding_round.objectives.get(code="O3")
    response = signed_in.get(url("activity_add", application) + f"?objective={objective.pk}")
    assert response.context["form"].initial == {"objective": objective.pk}


@pytest.mark.parametrize("asked", ["²", "x", "-1"])
def test_an_objective_asked_for_that_is_not_a_number_is_ignored(signed_in, application, asked):
    response = signed_in.get(url("activity_add", application), {"objective": asked})
    assert response.status_code == 200
    assert response.context["form"].initial == {}


def test_changing_an_activity_shows_its_answers_and_saves_them(signed_in, application):
    objective = application.funding_round.objectives.first()
    signed_in.post(url("activity_add", application), activity_data(objective))
    activity = application.activities.get()
    edit = url("activity_edit", application, activity_pk=activity.pk)
    form = signed_in.get(edit).context["form"]
    assert form.initial["q3_not_this_quarter"] is True
    assert form.initial["q1_milestone"] == "Two public meetings, 80 residents"
    response = signed_in.post(edit, activity_data(objective, title="Renamed"))
    assert response["Location"] == url("application_activities", application)
    activity.refresh_from_db()
    assert activity.title == "Renamed"


def test_removing_an_activity_asks_first_then_removes_it_and_its_milestones(signed_in, application):
    objective = application.funding_round.objectives.first()
    signed_in.post(url("activity_add", application), activity_data(objective))
    activity = application.activities.get()
    remove = url("activity_delete", application, activity_pk=activity.pk)
    work_plan = signed_in.get(url("application_activities", application)).content.decode()
    assert f'href="{remove}"' in work_plan  # a link to the question, not a button that deletes

    response = signed_in.get(remove)
    page = response.content.decode()
    assert "Are you sure you want to remove “Work towards O1”?" in page
    assert "Two public meetings, 80 residents" in page  # what will be deleted
    assert "Not this quarter" in page
    assert "Yes, remove the activity" in page
    assert application.activities.exists()

    response = signed_in.post(remove, follow=True)
    assert response.redirect_chain == [(url("application_activities", application), 302)]
    assert "Activity “Work towards O1” removed" in response.content.decode()
    assert not application.activities.exists()
    assert not Milestone.objects.exists()


def test_the_question_for_an_activity_already_removed_is_404(signed_in, application):
    objective = application.funding_round.objectives.first()
    signed_in.post(url("activity_add", application), activity_data(objective))
    activity = application.activities.get()
    remove = url("activity_delete", application, activity_pk=activity.pk)
    signed_in.post(remove)
    assert signed_in.get(remove).status_code == 404
    assert signed_in.post(remove).status_code == 404


def test_another_applications_activity_is_404(signed_in, application, funding_round, camden):
    other = fill_application(
        services.application_start(
            user=(o := make_outline(funding_round=funding_round, cpeg=camden.cpeg)).created_by,
            outline=o,
        )
    )
    activity = other.activities.first()
    assert (
        signed_in.get(url("activity_edit", application, activity_pk=activity.pk)).status_code == 404
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_training", "-5", "The amount for training must be £0 or more"),
        ("amount_outreach", "12.345", "Enter the amount for outreach in pounds and pence, "
         "with no more than 2 decimal places"),
        ("requested_amount", "lots", "Enter the amount requested as a number in pounds, "
         "like 1250 or 1250.50"),
    ],
)  # fmt: skip
def test_a_bad_amount_gets_a_field_message_and_nothing_is_saved(
    signed_in, application, field, value, message
):
    response = signed_in.post(url("application_budget", application), budget_data(**{field: value}))
    assert response.context["form"].errors == {field: [message]}
    assert not BudgetLine.objects.exists()
    application.refresh_from_db()
    assert application.requested_amount is None


def test_the_budget_page_shows_the_total_and_administration_share(signed_in, application):
    signed_in.post(url("application_budget", application), budget_data(requested_amount="41000"))
    page = signed_in.get(url("application_budget", application)).content.decode()
    assert "£40,000.00" in page  # the total of the lines
    assert "£41,000.00" in page  # the request
    assert "30.0%" in page  # £12,000 of £40,000 on administration
    assert "does not equal the total of the budget lines" in page


def test_every_amount_has_a_pound_prefix_and_the_page_a_running_total(signed_in, application):
    signed_in.post(url("application_budget", application), budget_data(requested_amount="41000"))
    response = signed_in.get(url("application_budget", application))
    page = response.content.decode()
    amounts = [f"id_amount_{category}" for category in BudgetCategory] + ["id_requested_amount"]
    for box in amounts:
        prefixed = (
            r'<div class="govuk-input__wrapper">\s*'
            r'<div class="govuk-input__prefix" aria-hidden="true">£</div>\s*'
            rf'<input [^>]*id="{box}"'
        )
        assert re.search(prefixed, page), box
    assert len(re.findall("govuk-input__prefix", page)) == len(amounts)
    total = page[page.index('id="budget-total"') :]
    total = total[: total.index("</div>")]
    assert ">£40,000.00</strong>" in total
    assert (
        "The budget lines add up to £40,000.00: £1,000.00 less than the £41,000.00 requested. "
        "They must be equal before you submit."
    ) in total
    # The total sits between the lines and the request; the script is this page's alone.
    assert page.index("id_amount_other") < page.index('id="budget-total"')
    assert page.index('id="budget-total"') < page.index('id="id_requested_amount"')
    assert '<script type="module" src="/static/grants/budget-total.js"></script>' in page
    about = signed_in.get(url("application_about", application)).content.decode()
    assert "budget-total.js" not in about


def test_the_running_total_script_is_a_static_file_browsers_run_as_a_module():
    found = finders.find("grants/budget-total.js")
    assert found, "static/grants/budget-total.js is missing"
    # Browsers run a module only if it is served as JavaScript.
    assert mimetypes.guess_type(found)[0] == "text/javascript"
    with open(found, encoding="utf-8") as script:
        assert "data-budget-line" in script.read()


def test_saving_half_a_budget_keeps_what_was_entered_and_says_what_is_left(signed_in, application):
    response = signed_in.post(
        url("application_budget", application),
        {"amount_administration": "12000", "description_administration": "Minutes secretary"},
        follow=True,
    )
    assert response.redirect_chain == [(url("application", application), 302)]
    page = response.content.decode()
    assert (
        "Budget saved. Before you submit: 6 lines have no amount yet; the amount requested is "
        "not given yet."
    ) in page
    line = BudgetLine.objects.get()
    assert (line.category, line.amount, line.description) == (
        BudgetCategory.ADMINISTRATION,
        Decimal("12000.00"),
        "Minutes secretary",
    )
    assert statuses(application)["budget"] == TaskStatus.IN_PROGRESS
    form = signed_in.get(url("application_budget", application)).context["form"]
    assert form.initial["amount_administration"] == Decimal("12000.00")
    assert "amount_training" not in form.initial


def test_saving_a_budget_that_does_not_add_up_says_by_how_much(signed_in, application):
    response = signed_in.post(
        url("application_budget", application), budget_data(requested_amount="41000"), follow=True
    )
    assert (
        "Budget saved. Before you submit: the budget lines add up to £40,000.00: £1,000.00 less "
        "than the £41,000.00 requested."
    ) in response.content.decode()
    application.refresh_from_db()
    assert application.requested_amount == Decimal("41000.00")


def test_saving_a_budget_that_adds_up_just_says_saved(signed_in, application):
    response = signed_in.post(url("application_budget", application), budget_data(), follow=True)
    assert "Budget saved</" in response.content.decode()
    assert "Before you submit" not in response.content.decode()


def test_a_line_that_says_what_it_pays_for_without_an_amount_is_refused_beside_the_amount(
    signed_in, application
):
    response = signed_in.post(
        url("application_budget", application),
        budget_data(amount_other="", description_other="Stationery"),
    )
    assert response.context["form"].errors == {
        "amount_other": [
            "Enter the amount for other (0 if it needs nothing), or leave what it pays for empty"
        ]
    }
    assert not BudgetLine.objects.exists()


def test_amounts_may_be_written_with_pound_signs_and_commas(signed_in, application):
    signed_in.post(
        url("application_budget", application),
        budget_data(amount_administration="£12,000.00", requested_amount="£40,000"),
    )
    application.refresh_from_db()
    assert application.requested_amount == Decimal("40000.00")


# Check your answers, the declaration and the confirmation


def test_check_your_answers_shows_every_answer_with_change_links(signed_in, complete):
    page = signed_in.get(url("application_check", complete)).content.decode()
    assert "Check your answers before submitting your application" in page
    assert "Work towards O5" in page
    assert "30.0%" in not_diversity(page)  # administration: £12,000 of £40,000
    assert url("application_budget", complete) in page
    assert url("activity_edit", complete, activity_pk=complete.activities.first().pk) in page
    assert "You cannot submit the application yet" not in page


def not_diversity(page: str) -> str:
    """These pages never show diversity figures."""
    for word in ("ethnicity", "Ethnicity", "diversity return", "sexual orientation"):
        assert word not in page
    return page


def test_check_your_answers_lists_what_is_left_with_links(signed_in, application):
    page = signed_in.get(url("application_check", application)).content.decode()
    assert "You cannot submit the application yet" in page
    objective = application.funding_round.objectives.get(code="O2")
    assert f"{url('activity_add', application)}?objective={objective.pk}" in page
    assert "Add an activity for objective O2: Engagement with local partners" in page


def test_check_your_answers_offers_the_declaration_only_when_it_can_be_submitted(
    signed_in, complete, application
):
    ready = signed_in.get(url("application_check", complete)).content.decode()
    assert "Continue to the declaration" in ready
    assert f'href="{url("application_declaration", complete)}"' in ready

    BudgetLine.objects.filter(application=complete, category=BudgetCategory.OTHER).update(
        amount=Decimal("1000.00")
    )
    not_ready = signed_in.get(url("application_check", complete)).content.decode()
    assert "You cannot submit the application yet" in not_ready
    assert "Continue to the declaration" not in not_ready
    assert url("application_declaration", complete) not in not_ready
    assert "Return to the task list" in not_ready


def test_submitting_with_problems_shows_an_error_summary_linking_each_to_its_page(
    signed_in, complete
):
    BudgetLine.objects.filter(application=complete, category=BudgetCategory.OTHER).update(
        amount=Decimal("1000.00")
    )
    response = signed_in.post(url("application_declaration", complete), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        f'<a href="{url("application_budget", complete)}#id_requested_amount">The amount '
        "requested (£40,000.00) must equal the total of the budget lines (£39,500.00)</a>"
    ) in page
    assert f'<a href="{url("application_declaration", complete)}#id_declaration">' in page
    assert response.context["form"].errors == {
        "declaration": ["Confirm the declaration to submit the application"]
    }
    assert "<title>Error: Declaration" in page
    complete.refresh_from_db()
    assert complete.status == ApplicationStatus.DRAFT
    assert not ApplicationVersion.objects.exists()


def test_submitting_a_complete_application_shows_the_confirmation_with_the_reference(
    signed_in, complete
):
    response = signed_in.post(
        url("application_declaration", complete), {"declaration": "on"}, follow=True
    )
    assert response.redirect_chain == [(url("application_confirmation", complete), 302)]
    page = response.content.decode()
    assert "govuk-panel--confirmation" in page
    assert "CPEG-2011-BARNET" in page


def test_the_confirmation_of_an_unsubmitted_application_goes_to_the_task_list(
    signed_in, application
):
    response = signed_in.get(url("application_confirmation", application))
    assert response["Location"] == url("application", application)


# After submission


@pytest.fixture
def submitted(complete, secretary):
    return services.application_submit(
        user=secretary, application=complete, declaration_confirmed=True
    )


def test_after_submission_the_group_sees_a_read_only_version(signed_in, submitted):
    response = signed_in.get(url("application", submitted))
    assert response.templates[0].name == "grants/applications/application.html"
    page = not_diversity(response.content.decode())
    assert "Submitted" in page
    assert "CPEG-2011-BARNET" in page
    assert "Work towards O1" in page
    assert url("application_about", submitted) not in page  # no Change links


def test_after_submission_the_sections_cannot_be_changed(signed_in, submitted):
    response = signed_in.post(url("application_about", submitted), {"group_summary": "New"})
    assert response["Location"] == url("application", submitted)
    submitted.refresh_from_db()
    assert submitted.group_summary != "New"


@pytest.fixture
def changes_requested(submitted, barnet):
    officer = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[barnet])
    o3 = submitted.funding_round.objectives.get(code="O3")
    review.review_comment_add(
        user=officer, application=submitted, objective=o3, body="Say which schools."
    )
    review.internal_note_add(user=officer, application=submitted, body="Chair is new.")
    # The message sending it back is the general comment on version 1.
    review.review_request_changes(user=officer, application=submitted, message="Nearly there.")
    submitted.refresh_from_db()
    return submitted


def test_when_changes_are_requested_the_group_sees_the_comments_by_objective_not_the_notes(
    signed_in, changes_requested
):
    page = signed_in.get(url("application", changes_requested)).content.decode()
    assert "Changes requested" in page
    assert "The application as a whole" in page
    assert "O3: Reaching diverse communities and young people" in page
    assert "Say which schools." in page
    assert page.index("Nearly there.") < page.index("Say which schools.")
    assert "Chair is new." not in page


def test_the_chair_sees_the_comments_too_but_not_the_notes(client, user_in_role, changes_requested):
    client.force_login(user_in_role(Role.CHAIR))
    page = client.get(url("application", changes_requested)).content.decode()
    assert "Say which schools." in page
    assert "Chair is new." not in page


def test_the_group_edits_and_resubmits_after_changes_are_requested(signed_in, changes_requested):
    assert signed_in.get(url("application_about", changes_requested)).status_code == 200
    signed_in.post(
        url("application_about", changes_requested),
        {"group_summary": "Revised", "meeting_arrangements": "Monthly", "bank_account_name": "X"},
    )
    response = signed_in.post(
        url("application_declaration", changes_requested), {"declaration": "on"}
    )
    assert response["Location"] == url("application_confirmation", changes_requested)
    changes_requested.refresh_from_db()
    assert changes_requested.status == ApplicationStatus.SUBMITTED
    assert changes_requested.submitted_version == 2
    version = changes_requested.versions.get(number=2)
    assert version.snapshot["about"]["group_summary"] == "Revised"


# Query counts


def test_the_task_list_takes_a_fixed_number_of_queries(
    signed_in, complete, django_assert_num_queries
):
    url_ = url("application", complete)
    signed_in.get(url_)  # the first request caches content types and the like
    # 1 session, 1 user (with group and borough), 1 application with round, group, borough
    # and outline, 1 objectives, 1 activities (with objectives), 1 milestones, 1 budget lines,
    # 1 documents, 1 the audit timeline, and 1 the current round for the navigation: the same
    # for five activities as for fifty.
    with django_assert_num_queries(10):
        response = signed_in.get(url_)
    assert response.status_code == 200


def test_check_your_answers_takes_a_fixed_number_of_queries(
    signed_in, complete, django_assert_num_queries
):
    url_ = url("application_check", complete)
    signed_in.get(url_)
    # 1 session, 1 user, 1 application, 1 objectives, 1 activities, 1 milestones,
    # 1 budget lines, 1 documents, and 1 the current round for the navigation: every section
    # is read from what was prefetched.
    with django_assert_num_queries(9):
        response = signed_in.get(url_)
    assert response.status_code == 200
