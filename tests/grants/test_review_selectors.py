"""What the review pages read: the list and its filters, the page as submitted, and the
comparison of two versions' snapshots."""

from decimal import Decimal

import pytest

from accounts.models import Role
from boroughs.models import Borough
from grants.models import (
    Activity,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    Milestone,
)
from grants.selectors.applications import application_detail, budget_summary
from grants.selectors.review import (
    ADDED,
    CHANGED,
    REMOVED,
    FieldChange,
    review_list,
    review_page,
    snapshot_diff,
)
from grants.selectors.snapshots import application_snapshot
from tests.grants.factories import make_application, make_round
from tests.grants.review_support import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_in_role, barnet):
    return user_in_role(Role.LINK_OFFICER, username="officer", assigned_boroughs=[barnet])


def boroughs(applications):
    return [a.cpeg.borough.slug for a in applications]


# The list


def test_the_list_holds_only_applications_ever_submitted(funding_round, officer):
    slugs = ["barnet", "camden", "croydon", "ealing"]
    statuses = ["submitted", "draft", "changes_requested", "recommended"]
    for slug, status in zip(slugs, statuses, strict=True):
        make_application(
            funding_round=funding_round, borough=Borough.objects.get(slug=slug), status=status
        )
    assert boroughs(review_list(user=officer, funding_round=funding_round)) == [
        "barnet",
        "croydon",
        "ealing",
    ]


def test_a_draft_sent_back_and_edited_stays_listed(funding_round, officer, barnet):
    application = make_application(
        funding_round=funding_round, borough=barnet, status=ApplicationStatus.CHANGES_REQUESTED
    )
    assert list(review_list(user=officer, funding_round=funding_round)) == [application]


def test_the_list_filters_by_status_borough_and_assignment(funding_round, officer, barnet, camden):
    make_application(funding_round=funding_round, borough=barnet)
    make_application(
        funding_round=funding_round, borough=camden, status=ApplicationStatus.RECOMMENDED
    )
    assert boroughs(
        review_list(user=officer, funding_round=funding_round, status="recommended")
    ) == ["camden"]
    assert boroughs(review_list(user=officer, funding_round=funding_round, borough=camden)) == [
        "camden"
    ]
    assert boroughs(
        review_list(user=officer, funding_round=funding_round, assigned_to_me=True)
    ) == ["barnet"]


def test_the_list_keeps_to_the_round(officer, barnet):
    old_round = make_round(year_start=2010)
    new_round = make_round(year_start=2011)
    make_application(funding_round=old_round, borough=barnet)
    assert list(review_list(user=officer, funding_round=new_round)) == []


def test_the_list_is_one_query(funding_round, officer, barnet, camden, django_assert_num_queries):
    make_application(funding_round=funding_round, borough=barnet)
    make_application(funding_round=funding_round, borough=camden)
    # One query: the applications joined to their groups and boroughs, "assigned to me" a
    # subquery.
    with django_assert_num_queries(1):
        rows = list(review_list(user=officer, funding_round=funding_round, assigned_to_me=True))
        assert rows[0].cpeg.borough.name == "Barnet"


# The page, as submitted


def test_the_page_shows_the_submitted_version_not_later_edits(funding_round, barnet):
    application = submitted_application(funding_round, barnet)
    application.group_summary = "Edited after submitting"
    application.save()
    page = review_page(application=application, include_internal=True)
    assert page.about["group_summary"] == (
        "A community group that brings police and residents together."
    )


def test_the_page_groups_activities_by_objective_with_the_administration_share(
    funding_round, barnet
):
    application = submitted_application(funding_round, barnet)
    page = review_page(application=application, include_internal=True)
    assert [entry.code for entry in page.objectives] == ["O1", "O2", "O3", "O4", "O5"]
    assert [a.title for a in page.objectives[2].activities] == ["Work towards O3"]
    assert page.objectives[2].activities[0].milestones[0] == ("1", "O3 step 1")
    assert page.budget_total == Decimal("40000.00")
    assert page.administration == Decimal("12000.00")
    assert page.administration_share == Decimal("30.0")


def test_the_page_leaves_out_internal_notes_when_told(funding_round, barnet, officer):
    application = submitted_application(funding_round, barnet)
    application.internal_notes.create(body="Secret", author=officer)
    assert review_page(application=application, include_internal=False).internal_notes == []
    assert len(review_page(application=application, include_internal=True).internal_notes) == 1


def test_an_empty_snapshot_reads_as_nothing_submitted(funding_round, barnet):
    application = make_application(funding_round=funding_round, borough=barnet)
    # No service writes an empty snapshot: the selector's guard for one is tested on a
    # version emptied by hand (a snapshot, not a state).
    application.versions.update(snapshot={})
    page = review_page(application=application, include_internal=True)
    assert page.budget == []
    assert page.administration_share is None
    assert all(not entry.activities for entry in page.objectives)


# Two versions compared


@pytest.fixture
def versions(funding_round, barnet):
    """Version 1 as the factory fills it; version 2 with the training line raised, a new
    activity for O3 and O1's quarter 2 milestone changed to "not this quarter"."""
    application = submitted_application(funding_round, barnet)
    old = application_snapshot(application=application)
    BudgetLine.objects.filter(application=application, category=BudgetCategory.TRAINING).update(
        amount=Decimal("3500.00")
    )
    Milestone.objects.filter(
        activity__application=application, activity__objective__code="O1", quarter=2
    ).update(description="", not_this_quarter=True)
    youth = Activity.objects.create(
        application=application,
        objective=funding_round.objectives.get(code="O3"),
        title="Youth forum",
    )
    Milestone.objects.create(activity=youth, quarter=1, description="Forum founded")
    new = application_snapshot(application=application)
    return old, new


def section(diff, key):
    return next(s for s in diff if s.key == key)


def test_a_changed_budget_line_shows_old_and_new_amounts(versions):
    budget = section(snapshot_diff(old=versions[0], new=versions[1]), "budget")
    assert [(c.kind, c.name) for c in budget.changes] == [(CHANGED, "Training")]
    assert budget.changes[0].fields == [FieldChange("Amount", "£3,000.00", "£3,500.00")]


def test_an_added_activity_shows_what_it_says(versions):
    work_plan = section(snapshot_diff(old=versions[0], new=versions[1]), "work-plan")
    added = [c for c in work_plan.changes if c.kind == ADDED]
    assert [c.name for c in added] == ["Youth forum (O3)"]
    assert FieldChange("Quarter 1 milestone", "", "Forum founded") in added[0].fields


def test_a_changed_milestone_shows_old_and_new(versions):
    work_plan = section(snapshot_diff(old=versions[0], new=versions[1]), "work-plan")
    changed = [c for c in work_plan.changes if c.kind == CHANGED]
    assert [c.name for c in changed] == ["Work towards O1 (O1)"]
    assert changed[0].fields == [
        FieldChange("Quarter 2 milestone", "O1 step 2", "Not this quarter")
    ]


def test_removing_things_shows_them_removed(versions):
    diff = snapshot_diff(old=versions[1], new=versions[0])
    work_plan = section(diff, "work-plan")
    assert [(c.kind, c.name) for c in work_plan.changes if c.kind == REMOVED] == [
        (REMOVED, "Youth forum (O3)")
    ]


def test_a_budget_line_dropped_and_the_request_changed(versions):
    old, new = versions
    new = {
        **new,
        "requested_amount": "38500.00",
        "budget": [
            {**line, "amount": None} if line["category"] == "other" else line
            for line in new["budget"]
        ],
    }
    budget = section(snapshot_diff(old=old, new=new), "budget")
    assert [(c.kind, c.name) for c in budget.changes] == [
        (CHANGED, "Amount requested"),
        (CHANGED, "Training"),
        (REMOVED, "Other"),
    ]
    assert budget.changes[0].fields == [FieldChange("Amount", "£40,000.00", "£38,500.00")]


def test_about_and_documents_changes(versions):
    old, new = versions
    new = {
        **new,
        "about": {**new["about"], "meeting_arrangements": "Fortnightly"},
        "documents": [{"kind": "Constitution", "name": "constitution.pdf"}],
    }
    diff = snapshot_diff(old=old, new=new)
    about = section(diff, "about")
    assert about.changes[0].fields == [
        FieldChange("How and where the group meets", "Monthly, in the town hall.", "Fortnightly")
    ]
    documents = section(diff, "documents")
    assert [(c.kind, c.name) for c in documents.changes] == [(ADDED, "constitution.pdf")]


def test_the_same_snapshot_twice_has_no_changes(versions):
    assert all(not s.changes for s in snapshot_diff(old=versions[0], new=versions[0]))


def test_the_group_and_the_officer_see_the_same_administration_share(funding_round, barnet):
    """£1,000 of £16,000 is 6.25 %: one decimal place, half up, is 6.3 % on both pages (the
    officer's page used to round to the even digit and show 6.2 %)."""
    application = make_application(funding_round=funding_round, borough=barnet)
    amounts = {BudgetCategory.ADMINISTRATION: "1000.00", BudgetCategory.MEETINGS: "15000.00"}
    for line in application.budget_lines.all():
        line.amount = Decimal(amounts.get(line.category, "0.00"))
        line.save()
    application.requested_amount = Decimal("16000.00")
    application.save()
    application.versions.filter(number=1).update(
        snapshot=application_snapshot(application=application)
    )
    group = budget_summary(application_detail(pk=application.pk))
    officer = review_page(application=application, include_internal=True)
    assert group.administration_share == officer.administration_share == Decimal("6.3")
