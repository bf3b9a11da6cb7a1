"""The application's services: who may start and change it, what each section saves, and what
submitting checks, writes, audits and sends."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import (
    Activity,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    Milestone,
    OutlineStatus,
    RoundStatus,
)
from grants.services import applications as services
from grants.services.applications import LineAnswer, SubmissionRefused
from grants.services.review import review_request_changes
from tests.factories import UserFactory
from tests.grants.factories import BUDGET, advance, make_outline, make_round

pytestmark = pytest.mark.django_db

FOUR_QUARTERS = {1: "Two meetings", 2: "Two meetings", 3: None, 4: "Annual meeting"}


@pytest.fixture
def officer(barnet):
    return UserFactory(
        username="officer-barnet", role=Role.LINK_OFFICER, assigned_boroughs=[barnet]
    )


def objective(application, code):
    return application.funding_round.objectives.get(code=code)


def budget(**overrides):
    amounts = {**BUDGET, **overrides}
    return {category: LineAnswer(Decimal(amount)) for category, amount in amounts.items()}


def submit(user, application, declaration=True):
    return services.application_submit(
        user=user, application=application, declaration_confirmed=declaration
    )


# Starting


def test_the_secretary_starts_a_draft_once_the_outline_is_agreed_and_it_is_audited(
    application, secretary
):
    assert application.status == ApplicationStatus.DRAFT
    assert application.created_by == secretary
    event = AuditEvent.objects.get(object_id=application.pk, action="started")
    assert (event.actor, event.to_state) == (secretary, ApplicationStatus.DRAFT)


def test_starting_twice_returns_the_same_application(application, secretary, outline):
    again = services.application_start(user=secretary, outline=outline)
    assert again.pk == application.pk
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="started").count() == 1


def test_a_brokered_agreement_also_lets_the_group_apply(funding_round, camden):
    outline = make_outline(
        funding_round=funding_round, cpeg=camden.cpeg, status=OutlineStatus.AGREED
    )
    application = services.application_start(user=outline.created_by, outline=outline)
    assert application.cpeg == camden.cpeg


@pytest.mark.parametrize("status", [OutlineStatus.DRAFT, OutlineStatus.DISPUTED,
                                    OutlineStatus.NOT_AGREED])  # fmt: skip
def test_an_outline_not_agreed_cannot_be_applied_for(funding_round, barnet, status):
    outline = make_outline(funding_round=funding_round, cpeg=barnet.cpeg, status=status)
    with pytest.raises(ValidationError, match="The outline must be agreed"):
        services.application_start(user=outline.created_by, outline=outline)
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.OUTLINES_OPEN, RoundStatus.CLOSED])
def test_a_round_not_open_for_applications_refuses_a_start(barnet, status):
    outline = make_outline(funding_round=make_round(status=status), cpeg=barnet.cpeg)
    with pytest.raises(ValidationError, match="not open for applications"):
        services.application_start(user=outline.created_by, outline=outline)


@pytest.mark.parametrize("role", [Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER,
                                  Role.LINK_OFFICER, Role.FUNDING_MANAGER])  # fmt: skip
def test_only_the_secretary_starts_the_application(user_in_role, outline, role):
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        services.application_start(user=user_in_role(role), outline=outline)


def test_another_boroughs_secretary_cannot_start_it(user_in_role, outline, camden):
    with pytest.raises(ValidationError, match="your own group"):
        services.application_start(user=user_in_role(Role.SECRETARY, camden), outline=outline)


# About the group


def test_about_the_group_saves_the_answers_trimmed(application, secretary):
    services.application_update_about(
        user=secretary,
        application=application,
        group_summary="  We bring residents and police together. ",
        meeting_arrangements="Monthly",
        bank_account_name="",
    )
    application.refresh_from_db()
    assert application.group_summary == "We bring residents and police together."
    assert application.bank_account_name == ""


def test_a_bank_account_name_too_long_is_refused_beside_its_field(application, secretary):
    with pytest.raises(ValidationError) as refused:
        services.application_update_about(
            user=secretary,
            application=application,
            group_summary="x",
            meeting_arrangements="y",
            bank_account_name="A" * 151,
        )
    assert "bank_account_name" in refused.value.message_dict
    application.refresh_from_db()
    assert application.group_summary == ""


@pytest.mark.parametrize("role", [Role.CHAIR, Role.LINK_OFFICER])
def test_only_the_secretary_changes_the_application(application, user_in_role, role):
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        services.application_update_about(
            user=user_in_role(role),
            application=application,
            group_summary="Changed",
            meeting_arrangements="",
            bank_account_name="",
        )


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.RECOMMENDED,
                                    ApplicationStatus.FUNDED])  # fmt: skip
def test_an_application_out_of_the_groups_hands_cannot_be_changed(complete, secretary, status):
    application = advance(complete, status)
    with pytest.raises(ValidationError, match="can be changed only if your link officer"):
        services.application_update_about(
            user=secretary,
            application=application,
            group_summary="Changed",
            meeting_arrangements="",
            bank_account_name="",
        )


def test_an_application_sent_back_for_changes_can_be_changed(complete, secretary):
    application = advance(complete, ApplicationStatus.CHANGES_REQUESTED)
    services.application_update_about(
        user=secretary,
        application=application,
        group_summary="Changed",
        meeting_arrangements="",
        bank_account_name="",
    )
    application.refresh_from_db()
    assert application.group_summary == "Changed"


# The work plan


def test_an_activity_is_saved_with_a_milestone_or_not_this_quarter_for_each_quarter(
    application, secretary
):
    activity = services.activity_add(
        user=secretary,
        application=application,
        objective=objective(application, "O1"),
        title=" Public meetings ",
        description="Quarterly",
        milestones=FOUR_QUARTERS,
    )
    assert activity.title == "Public meetings"
    saved = {m.quarter: (m.description, m.not_this_quarter) for m in activity.milestones.all()}
    assert saved == {
        1: ("Two meetings", False),
        2: ("Two meetings", False),
        3: ("", True),
        4: ("Annual meeting", False),
    }


def test_an_activity_may_be_saved_with_quarters_still_to_answer(application, secretary):
    activity = services.activity_add(
        user=secretary,
        application=application,
        objective=objective(application, "O2"),
        title="Ward panels",
        milestones={1: "Attend 3 panels"},
    )
    assert list(activity.milestones.values_list("quarter", flat=True)) == [1]


def test_an_activity_needs_a_title_and_one_of_the_rounds_objectives(application, secretary):
    other_round = make_round(year_start=2012)
    with pytest.raises(ValidationError) as refused:
        services.activity_add(
            user=secretary,
            application=application,
            objective=other_round.objectives.get(code="O1"),
            title="  ",
            milestones={},
        )
    assert refused.value.message_dict == {
        "objective": ["Choose one of the round's objectives"],
        "title": ["Enter the activity's title"],
    }
    assert not Activity.objects.exists()


def test_an_empty_milestone_is_refused_for_its_quarter(application, secretary):
    with pytest.raises(ValidationError) as refused:
        services.activity_add(
            user=secretary,
            application=application,
            objective=objective(application, "O1"),
            title="Meetings",
            milestones={2: "   "},
        )
    assert refused.value.message_dict == {
        "q2_milestone": ["Describe the milestone for quarter 2, or choose “not this quarter”"]
    }
    assert not Activity.objects.exists()


def test_updating_an_activity_replaces_its_milestones(application, secretary):
    activity = services.activity_add(
        user=secretary,
        application=application,
        objective=objective(application, "O1"),
        title="Meetings",
        milestones=FOUR_QUARTERS,
    )
    services.activity_update(
        user=secretary,
        activity=activity,
        objective=objective(application, "O3"),
        title="Youth forum",
        milestones={1: None, 2: "First forum"},
    )
    activity.refresh_from_db()
    assert (activity.objective.code, activity.title) == ("O3", "Youth forum")
    assert Milestone.objects.filter(activity=activity).count() == 2


def test_deleting_an_activity_removes_it_and_asking_twice_does_nothing(application, secretary):
    activity = services.activity_add(
        user=secretary,
        application=application,
        objective=objective(application, "O1"),
        title="Meetings",
        milestones=FOUR_QUARTERS,
    )
    services.activity_delete(user=secretary, activity=activity)
    services.activity_delete(user=secretary, activity=activity)
    assert not Activity.objects.exists()
    assert not Milestone.objects.exists()


# The budget


def test_the_budget_saves_a_line_per_category_and_the_request(application, secretary):
    services.application_set_budget(
        user=secretary,
        application=application,
        lines=budget(),
        requested_amount=Decimal("40000.00"),
    )
    application.refresh_from_db()
    assert application.requested_amount == Decimal("40000.00")
    lines = dict(BudgetLine.objects.values_list("category", "amount"))
    assert lines == {category: Decimal(amount) for category, amount in BUDGET.items()}


def test_saving_the_budget_again_updates_the_lines(application, secretary):
    for admin in ("12000.00", "11500.50"):
        services.application_set_budget(
            user=secretary,
            application=application,
            lines=budget(administration=admin),
            requested_amount=Decimal("1"),
        )
    assert BudgetLine.objects.count() == len(BudgetCategory)
    admin_line = BudgetLine.objects.get(category=BudgetCategory.ADMINISTRATION)
    assert admin_line.amount == Decimal("11500.50")


def test_a_request_that_differs_from_the_lines_is_saved_until_the_group_submits(
    application, secretary
):
    services.application_set_budget(
        user=secretary,
        application=application,
        lines=budget(),
        requested_amount=Decimal("45000.00"),
    )
    application.refresh_from_db()
    assert application.requested_amount == Decimal("45000.00")


def test_a_negative_amount_is_refused_and_nothing_saved(application, secretary):
    with pytest.raises(ValidationError) as refused:
        services.application_set_budget(
            user=secretary,
            application=application,
            lines=budget(training="-1.00"),
            requested_amount=Decimal("-5"),
        )
    assert refused.value.message_dict == {
        "amount_training": ["The amount for training must be £0 or more"],
        "requested_amount": ["The amount requested must be £0 or more"],
    }
    assert not BudgetLine.objects.exists()


def test_the_budget_may_be_saved_half_done(application, secretary):
    lines = budget()
    del lines[BudgetCategory.OTHER]  # left out: not given yet
    lines[BudgetCategory.TRAINING] = LineAnswer(None)  # left empty: not given yet
    services.application_set_budget(
        user=secretary, application=application, lines=lines, requested_amount=None
    )
    application.refresh_from_db()
    assert application.requested_amount is None
    saved = set(BudgetLine.objects.values_list("category", flat=True))
    assert saved == set(BudgetCategory) - {BudgetCategory.OTHER, BudgetCategory.TRAINING}


def test_emptying_an_amount_takes_the_line_away(application, secretary):
    services.application_set_budget(
        user=secretary, application=application, lines=budget(), requested_amount=Decimal("1")
    )
    lines = budget()
    lines[BudgetCategory.MEETINGS] = LineAnswer(None)
    services.application_set_budget(
        user=secretary, application=application, lines=lines, requested_amount=Decimal("1")
    )
    assert not BudgetLine.objects.filter(category=BudgetCategory.MEETINGS).exists()
    assert BudgetLine.objects.count() == len(BudgetCategory) - 1


def test_a_line_that_says_what_it_pays_for_needs_an_amount(application, secretary):
    lines = budget()
    lines[BudgetCategory.OTHER] = LineAnswer(None, "Stationery")
    with pytest.raises(ValidationError) as refused:
        services.application_set_budget(
            user=secretary, application=application, lines=lines, requested_amount=None
        )
    assert refused.value.message_dict == {
        "amount_other": [
            "Enter the amount for other (0 if it needs nothing), or leave what it pays for empty"
        ]
    }
    assert not BudgetLine.objects.exists()


# Submitting


def test_submitting_a_complete_application_gives_a_reference_and_keeps_version_1(
    complete, secretary
):
    submitted = submit(secretary, complete)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.reference == "CPEG-2011-BARNET"
    assert submitted.submitted_version == 1
    assert submitted.submitted_at is not None
    assert submitted.declaration_confirmed_at is not None
    version = ApplicationVersion.objects.get(application=complete)
    assert (version.number, version.submitted_by) == (1, secretary)
    assert version.snapshot["requested_amount"] == "40000.00"
    assert len(version.snapshot["activities"]) == 5


def test_submitting_is_audited(complete, secretary):
    submit(secretary, complete)
    event = AuditEvent.objects.get(object_id=complete.pk, action="submitted")
    assert (event.actor, event.from_state, event.to_state) == (
        secretary,
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
    )


def test_submitting_twice_does_nothing_more(complete, secretary):
    submit(secretary, complete)
    again = submit(secretary, complete)
    assert again.submitted_version == 1
    assert ApplicationVersion.objects.count() == 1


def test_submitting_tells_the_link_officer_and_the_secretary(
    complete, secretary, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(secretary, complete)
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    to_officer = by_recipient[(officer.email,)]
    assert to_officer.subject == "Barnet CPEG has submitted its 2011/12 application"
    assert "CPEG-2011-BARNET" in to_officer.body
    assert f"/funding/applications/{complete.pk}/" in to_officer.body
    to_secretary = by_recipient[(secretary.email,)]
    assert to_secretary.subject == "Application submitted: reference CPEG-2011-BARNET"


def test_an_officer_of_another_borough_is_not_told(
    complete, secretary, camden, django_capture_on_commit_callbacks
):
    UserFactory(username="officer-camden", role=Role.LINK_OFFICER, assigned_boroughs=[camden])
    with django_capture_on_commit_callbacks(execute=True):
        submit(secretary, complete)
    assert [message.to for message in mail.outbox] == [[secretary.email]]


def test_resubmitting_after_changes_writes_version_2_keeps_the_reference_and_says_so(
    complete, secretary, officer, django_capture_on_commit_callbacks
):
    submit(secretary, complete)
    review_request_changes(user=officer, application=complete, message="Please say more.")
    with django_capture_on_commit_callbacks(execute=True):
        resubmitted = submit(secretary, complete)
    assert resubmitted.status == ApplicationStatus.SUBMITTED
    assert resubmitted.submitted_version == 2
    assert resubmitted.reference == "CPEG-2011-BARNET"
    assert list(complete.versions.values_list("number", flat=True)) == [1, 2]
    event = AuditEvent.objects.get(object_id=complete.pk, action="resubmitted")
    assert event.from_state == ApplicationStatus.CHANGES_REQUESTED
    subjects = {message.subject for message in mail.outbox}
    assert "Barnet CPEG has resubmitted its 2011/12 application" in subjects
    assert "Application resubmitted: reference CPEG-2011-BARNET" in subjects


@pytest.mark.parametrize("status", [ApplicationStatus.RECOMMENDED, ApplicationStatus.FUNDED,
                                    ApplicationStatus.NOT_FUNDED])  # fmt: skip
def test_an_application_past_review_cannot_be_submitted_again(complete, secretary, status):
    advance(complete, status)  # submitted once (version 1), then reviewed and decided
    with pytest.raises(ValidationError):
        submit(secretary, complete)
    assert list(ApplicationVersion.objects.values_list("number", flat=True)) == [1]


def test_the_chair_cannot_submit(complete, user_in_role):
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        submit(user_in_role(Role.CHAIR), complete)


def assert_refused_with(application, user, message, declaration=True):
    with pytest.raises(SubmissionRefused) as refused:
        submit(user, application, declaration)
    assert message in refused.value.messages
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_version == 0
    assert application.reference is None
    assert not ApplicationVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="submitted").exists()
    return refused.value


def test_every_objective_must_have_an_activity(complete, secretary):
    complete.activities.filter(objective__code="O3").delete()
    assert_refused_with(
        complete,
        secretary,
        "Add an activity for objective O3: Reaching diverse communities and young people",
    )


def test_every_activity_must_answer_all_four_quarters(complete, secretary):
    activity = complete.activities.get(objective__code="O2")
    activity.milestones.filter(quarter__in=(2, 4)).delete()
    assert_refused_with(
        complete,
        secretary,
        "Give a milestone, or choose “not this quarter”, for quarters 2 and 4 of “Work towards O2”",
    )


def test_the_request_must_equal_the_total_of_the_lines(complete, secretary):
    BudgetLine.objects.filter(application=complete, category=BudgetCategory.OTHER).update(
        amount=Decimal("1000.00")
    )
    assert_refused_with(
        complete,
        secretary,
        "The amount requested (£40,000.00) must equal the total of the budget lines (£39,500.00)",
    )


def test_the_request_must_be_given(complete, secretary):
    Application.objects.filter(pk=complete.pk).update(requested_amount=None)
    assert_refused_with(complete, secretary, "Enter the amount requested")


def test_every_budget_line_must_be_given(complete, secretary):
    BudgetLine.objects.filter(
        application=complete, category__in=(BudgetCategory.TRAINING, BudgetCategory.OTHER)
    ).delete()
    refused = assert_refused_with(
        complete,
        secretary,
        "Enter an amount for training and other (enter 0 for a line you do not need)",
    )
    problem = next(p for p in refused.problems if p.message.startswith("Enter an amount"))
    assert problem.fragment == "id_amount_training"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("group_summary", "Say what the group does"),
        ("meeting_arrangements", "Say how and where the group meets"),
        ("bank_account_name", "Enter the name on the group's bank account"),
    ],
)
def test_about_the_group_must_be_answered(complete, secretary, field, message):
    Application.objects.filter(pk=complete.pk).update(**{field: ""})
    assert_refused_with(complete, secretary, message)


def test_the_declaration_must_be_confirmed(complete, secretary):
    assert_refused_with(
        complete,
        secretary,
        "Confirm the declaration to submit the application",
        declaration=False,
    )


def test_an_empty_application_lists_every_problem_with_where_to_fix_it(application, secretary):
    refused = assert_refused_with(
        application, secretary, "Add an activity for objective O1: "
        "Public meetings and engagement events", declaration=False,
    )  # fmt: skip
    pages = [problem.url_name for problem in refused.problems]
    assert pages == [
        *["grants:application_about"] * 3,
        *["grants:activity_add"] * 5,
        "grants:application_budget",
        "grants:application_budget",
        "grants:application_declaration",
    ]
