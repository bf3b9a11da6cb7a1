"""Gaps in the application pages' bad-input tests: "About the group", changing an activity,
an activity for another round's objective, a budget line's description, and where the
upload page puts each message. Each is refused beside its field and saves nothing."""

import re
from decimal import Decimal
from html.parser import HTMLParser

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


class ErrorLinks(HTMLParser):
    """Every id on the page, and where the error summary's links go."""

    def __init__(self, page: str):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self._depth = 0  # how deep inside the error summary, 0 outside it
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if self._depth:
            if tag == "div":
                self._depth += 1
            if tag == "a":
                self.hrefs.append(attributes.get("href", ""))
        elif tag == "div" and "govuk-error-summary" in attributes.get("class", "").split():
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth and tag == "div":
            self._depth -= 1


def assert_every_error_link_goes_to_a_box(page: str, expected: list[str]) -> None:
    links = ErrorLinks(page)
    assert links.hrefs == expected
    for href in links.hrefs:
        assert href.startswith("#")
        assert href[1:] in links.ids, f"{href} points at nothing"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ["#id_kind_1", "#id_file"]),  # radios: the first radio
        ({"kind": "constitution"}, ["#id_file"]),
        ({"file": ("c.pdf", PDF)}, ["#id_kind_1"]),
        ({"kind": "constitution", "file": ("c.pdf", b"")}, ["#id_file"]),
    ],
)
def test_every_error_link_on_the_upload_page_goes_to_a_box_on_the_page(
    signed_in, application, data, expected
):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = signed_in.post(url("application_documents", application), data)
    assert_every_error_link_goes_to_a_box(response.content.decode(), expected)


def test_every_error_link_on_the_activity_page_goes_to_a_box_on_the_page(signed_in, application):
    response = signed_in.post(url("activity_add", application), {"q1_milestone": "x" * 2001})
    assert_every_error_link_goes_to_a_box(
        response.content.decode(), ["#id_objective_1", "#id_title", "#id_q1_milestone"]
    )


def test_a_budget_refusal_links_to_the_amount(signed_in, application):
    response = signed_in.post(
        url("application_budget", application), {"description_other": "Stationery"}
    )
    assert_every_error_link_goes_to_a_box(response.content.decode(), ["#id_amount_other"])


# Character counts: the GOV.UK component on each limited box, and never a browser maxlength


COUNTED = [
    ("application_about", "group_summary", 5000),
    ("application_about", "meeting_arrangements", 2000),
    ("activity_add", "description", 5000),
    ("activity_add", "q1_milestone", 2000),
    ("activity_add", "q4_milestone", 2000),
]


@pytest.mark.parametrize(("page", "field", "limit"), COUNTED)
def test_each_limited_textarea_has_the_character_count_and_no_maxlength(
    signed_in, application, page, field, limit
):
    content = signed_in.get(url(page, application)).content.decode()
    counter = (
        f'<div class="govuk-character-count" data-module="govuk-character-count" '
        f'data-maxlength="{limit}">\\s*<div id="div_id_{field}"'
    )
    assert re.search(counter, content), field
    textarea = re.search(rf'<textarea [^>]*id="id_{field}"[^>]*>', content).group(0)
    assert "maxlength" not in textarea
    assert f"id_{field}-info" in textarea  # the count is read out with the box


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("application_about", "bank_account_name"),
        ("activity_add", "title"),
        ("application_budget", "description_training"),
    ],
)
def test_limited_single_line_boxes_have_no_maxlength(signed_in, application, page, field):
    content = signed_in.get(url(page, application)).content.decode()
    box = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', content).group(0)
    assert "maxlength" not in box


def test_new_lines_count_once_as_the_character_count_counts_them(signed_in, application):
    # 4,991 letters and 9 new lines: 5,000 in the box, 5,009 as the browser sends them.
    answer = "\r\n".join(["x" * 499] * 10) + "x"
    assert len(answer) == 5009
    assert len(answer.replace("\r\n", "\n")) == 5000
    response = signed_in.post(url("application_about", application), {"group_summary": answer})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.group_summary == answer.replace("\r\n", "\n")


def test_5001_characters_are_refused_with_the_fields_own_message(signed_in, application):
    response = signed_in.post(url("application_about", application), {"group_summary": "x" * 5001})
    page = response.content.decode()
    message = "Say what the group does in 5,000 characters or fewer"
    assert response.context["form"].errors == {"group_summary": [message]}
    assert f'<a href="#id_group_summary">{message}</a>' in page  # the error summary
    assert 'id="id_group_summary_1_error"' in page  # beside the field
    assert "x" * 5001 in page  # what was typed is kept, to cut down
    application.refresh_from_db()
    assert application.group_summary == ""


def test_after_an_upload_the_page_shows_the_success_banner_and_no_error_summary(
    signed_in, application
):
    response = signed_in.post(
        url("application_documents", application),
        {"kind": "constitution", "file": SimpleUploadedFile("c.pdf", PDF)},
        follow=True,
    )
    page = response.content.decode()
    assert "c.pdf uploaded" in page
    assert "govuk-error-summary" not in page
    assert ErrorLinks(page).hrefs == []
