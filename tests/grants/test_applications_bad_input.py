"""Gaps in the application pages' bad-input tests: "About the group", changing an activity,
an activity for another round's objective, a budget line's description, and where the
upload page puts each message. Each is refused beside its field and saves nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from grants.models import Activity, BudgetLine, Milestone, SupportingDocument
from tests.grants.factories import BUDGET, make_round

pytestmark = pytest.mark.django_db


def url(name, application, **kwargs):
    return reverse(f"grants:{name}", kwargs={"pk": application.pk, **kwargs})


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


# About the group


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("group_summary", 5001, "Say what the group does in 5,000 characters or fewer"),
        (
            "meeting_arrangements",
            2001,
            "Say how and where the group meets in 2,000 characters or fewer",
        ),
        ("bank_account_name", 151, "The name on the bank account must be 150 characters or fewer"),
    ],
)
def test_an_over_long_answer_about_the_group_is_refused_beside_it_and_saves_nothing(
    signed_in, application, field, length, message
):
    data = {
        "group_summary": "We bring police and residents together.",
        "meeting_arrangements": "Monthly.",
        "bank_account_name": "Barnet CPEG",
        field: "x" * length,
    }
    response = signed_in.post(url("application_about", application), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    application.refresh_from_db()
    assert (
        application.group_summary,
        application.meeting_arrangements,
        application.bank_account_name,
    ) == ("", "", "")


# Activities


def test_an_activity_without_objective_or_title_saves_nothing(signed_in, application):
    signed_in.post(url("activity_add", application), {"q1_milestone": "Two meetings"})
    assert not Activity.objects.exists()
    assert not Milestone.objects.exists()


def test_an_activity_for_another_rounds_objective_is_refused_beside_the_objective(
    signed_in, application
):
    other = make_round(year_start=2012).objectives.get(code="O1")
    response = signed_in.post(url("activity_add", application), activity_data(other))
    assert response.context["form"].errors == {
        "objective": ["Choose one of the round's objectives"]
    }
    assert not Activity.objects.exists()


@pytest.fixture
def activity(signed_in, application):
    objective = application.funding_round.objectives.get(code="O1")
    signed_in.post(url("activity_add", application), activity_data(objective))
    return application.activities.get()


def milestones_of(activity):
    return {
        (m.quarter, m.description, m.not_this_quarter)
        for m in Milestone.objects.filter(activity=activity)
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter the activity's title"),
        ({"title": "x" * 201}, "title", "The title must be 200 characters or fewer"),
        (
            {"q3_milestone": "Something"},
            "q3_milestone",
            "Either describe the quarter 3 milestone or choose “not this quarter”, not both",
        ),
        (
            {"q2_milestone": "x" * 2001},
            "q2_milestone",
            "The quarter 2 milestone must be 2,000 characters or fewer",
        ),
        ({"objective": ""}, "objective", "Choose the objective this activity works towards"),
    ],
)
def test_bad_input_when_changing_an_activity_is_refused_beside_the_field_and_changes_nothing(
    signed_in, application, activity, overrides, field, message
):
    before = milestones_of(activity)
    audit_before = AuditEvent.objects.count()
    objective = activity.objective
    response = signed_in.post(
        url("activity_edit", application, activity_pk=activity.pk),
        {**activity_data(objective, title="Renamed", q1_milestone="Changed"), **overrides},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    activity.refresh_from_db()
    assert activity.title == "Work towards O1"
    assert milestones_of(activity) == before
    assert AuditEvent.objects.count() == audit_before


# The budget


def test_a_line_description_over_300_characters_is_refused_beside_it_and_saves_nothing(
    signed_in, application
):
    data = {f"amount_{category}": amount for category, amount in BUDGET.items()}
    data |= {"requested_amount": "40000", "description_training": "x" * 301}
    response = signed_in.post(url("application_budget", application), data)
    assert response.context["form"].errors == {
        "description_training": ["Say what the training line pays for in 300 characters or fewer"]
    }
    assert not BudgetLine.objects.exists()
    application.refresh_from_db()
    assert application.requested_amount is None


def test_an_amount_too_large_is_refused_beside_it_and_saves_nothing(signed_in, application):
    data = {f"amount_{category}": amount for category, amount in BUDGET.items()}
    data |= {"requested_amount": "40000", "amount_other": "1" + "0" * 15}
    response = signed_in.post(url("application_budget", application), data)
    assert response.context["form"].errors == {
        "amount_other": ["The amount for other is too large: check the number"]
    }
    assert not BudgetLine.objects.exists()
    application.refresh_from_db()
    assert application.requested_amount != Decimal("40000.00")


# Documents: each message beside the field it concerns


PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "constitution"}, "file", "Select a file"),
        ({"file": ("c.pdf", PDF)}, "kind", "Choose what the document is"),
        ({"kind": "letter", "file": ("c.pdf", PDF)}, "kind", "Choose what the document is"),
        (
            {"kind": "constitution", "file": ("c.pdf", b"MZ\x90\x00 not a document")},
            "file",
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        ({"kind": "constitution", "file": ("c.pdf", b"")}, "file", "The selected file is empty"),
    ],
)
def test_a_bad_upload_is_refused_beside_its_own_field(signed_in, application, data, field, message):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = signed_in.post(url("application_documents", application), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not SupportingDocument.objects.exists()
