"""Gaps in the outline pages' bad-input tests: signing and declining with a version that is
not a number, over-long text, and the brokering outcome's notes. Each is refused with its
message and saves nothing: no signature, no change of status, no audit row."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from grants.models import BrokeringContact, Outline, OutlineStatus, Signature
from tests.grants.outlines_support import borough_people, dispute, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(barnet):
    return borough_people(barnet)


@pytest.fixture
def outline(outlines_round, people, barnet):
    return start(outlines_round, people, barnet)


@pytest.fixture
def disputed(outline, people):
    return dispute(outline, people)


def url(name, outline):
    return reverse(f"grants:{name}", kwargs={"pk": outline.pk})


def audit_count(outline) -> int:
    return AuditEvent.objects.filter(object_id=outline.pk).count()


# Signing and declining


@pytest.mark.parametrize("version", ["", "two", "0"])
def test_signing_with_a_version_that_is_not_a_real_one_is_refused_and_signs_nothing(
    client, outline, people, version
):
    before = audit_count(outline)
    client.force_login(people.chair)
    response = client.post(url("outline_sign", outline), {"version": version})
    assert response.status_code == 200
    assert response.context["form"].errors["version"]
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Signature.objects.exists()
    assert audit_count(outline) == before


def test_a_decline_reason_over_10000_characters_is_refused_beside_the_reason(
    client, outline, people
):
    client.force_login(people.police)
    response = client.post(url("outline_decline", outline), {"version": 1, "reason": "x" * 10_001})
    assert response.context["form"].errors == {
        "reason": ["Your reason for declining must be 10,000 characters or fewer"]
    }
    assert not Signature.objects.exists()
    assert Outline.objects.get().status == OutlineStatus.DRAFT


def test_a_decline_reason_of_only_spaces_is_refused_beside_the_reason(client, outline, people):
    client.force_login(people.council)
    response = client.post(url("outline_decline", outline), {"version": 1, "reason": "   "})
    assert response.context["form"].errors == {"reason": ["Enter why you decline the outline"]}
    assert not Signature.objects.exists()


# Writing and editing


def test_an_edit_with_a_proposed_sum_too_large_is_refused_beside_the_sum(client, outline, people):
    client.force_login(people.secretary)
    response = client.post(
        url("outline_edit", outline),
        {"position": "Changed", "proposed_activities": "Changed", "proposed_sum": "9" * 20},
    )
    assert response.context["form"].errors == {
        "proposed_sum": ["The proposed sum is too large: check the number"]
    }
    saved = Outline.objects.get()
    assert (saved.version, saved.position) == (1, outline.position)


# Brokering


def test_an_outcome_without_notes_is_refused_beside_the_notes_and_records_nothing(
    client, disputed, people
):
    before = audit_count(disputed)
    client.force_login(people.officer)
    response = client.post(url("brokering_outcome", disputed), {"outcome": "agreed", "notes": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "notes": ["Enter what the committee should be told about the brokering"]
    }
    saved = Outline.objects.get()
    assert (saved.status, saved.brokering_outcome_notes) == (OutlineStatus.DISPUTED, "")
    assert audit_count(disputed) == before


def test_an_outcome_that_is_not_offered_is_refused_beside_the_choice(client, disputed, people):
    client.force_login(people.officer)
    response = client.post(
        url("brokering_outcome", disputed), {"outcome": "maybe", "notes": "Talks went well."}
    )
    assert response.context["form"].errors == {"outcome": ["Choose whether the partners agreed"]}
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


def test_a_contact_with_a_name_over_200_characters_is_refused_beside_the_name(
    client, disputed, people
):
    client.force_login(people.officer)
    response = client.post(
        url("brokering_contact_add", disputed),
        {
            "contacted_on_0": "27",
            "contacted_on_1": "3",
            "contacted_on_2": "2011",
            "contact_with": "x" * 201,
            "notes": "Met.",
        },
    )
    assert response.context["form"].errors == {
        "contact_with": ["Who you spoke to must be 200 characters or fewer"]
    }
    assert not BrokeringContact.objects.exists()


# The round's list of outlines (a GET filter)


def test_a_status_filter_that_is_not_offered_gets_a_field_message_and_lists_every_borough(
    client, outlines_round, people, outline
):
    client.force_login(people.officer)
    url = reverse("grants:outline_list", kwargs={"year": outlines_round.year_start})
    response = client.get(url, {"status": "bogus"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["status"] == ["Choose one of the statuses listed"]
    assert 'class="govuk-error-message"' in response.content.decode()
    assert response.context["status"] == ""
    assert len(response.context["rows"]) == len(client.get(url).context["rows"])


# Long answers: the GOV.UK character count, and no browser maxlength to cut them silently


@pytest.mark.parametrize(
    ("page", "who", "fields"),
    [
        ("outline_edit", "secretary", ["position", "proposed_activities"]),
        ("outline_decline", "police", ["reason"]),
        ("brokering_contact_add", "officer", ["notes"]),
        ("brokering_outcome", "officer", ["notes"]),
    ],
)
def test_each_long_answer_has_the_character_count_and_no_maxlength(
    client, outline, people, page, who, fields
):
    if who == "officer":
        outline = dispute(outline, people)
    client.force_login(getattr(people, who))
    response = client.get(url(page, outline))
    assert response.status_code == 200
    content = response.content.decode()
    for field in fields:
        counter = (
            r'<div class="govuk-character-count" data-module="govuk-character-count" '
            rf'data-maxlength="10000">\s*<div id="div_id_{field}"'
        )
        assert re.search(counter, content), field
        textarea = re.search(rf'<textarea [^>]*id="id_{field}"[^>]*>', content).group(0)
        assert "maxlength" not in textarea
    if page == "brokering_contact_add":
        box = re.search(r'<input [^>]*id="id_contact_with"[^>]*>', content).group(0)
        assert "maxlength" not in box


def test_contact_notes_over_10000_characters_are_refused_with_their_own_message(
    client, disputed, people
):
    client.force_login(people.officer)
    response = client.post(
        url("brokering_contact_add", disputed),
        {
            "contacted_on_0": "27",
            "contacted_on_1": "3",
            "contacted_on_2": "2011",
            "contact_with": "Ch Supt A. Smith",
            "notes": "x" * 10_001,
        },
    )
    assert response.context["form"].errors == {
        "notes": ["The notes must be 10,000 characters or fewer"]
    }
    assert "The notes must be 10,000 characters or fewer" in response.content.decode()
    assert not BrokeringContact.objects.exists()


def test_an_outline_of_exactly_10000_characters_with_new_lines_is_saved(client, outline, people):
    # 10,000 characters as the character count counts them; the browser sends each new
    # line as two, so 10,099 arrive.
    position = "\r\n".join(["x" * 99] * 100)
    assert len(position.replace("\r\n", "\n")) == 9_999
    position += "x"
    client.force_login(people.secretary)
    response = client.post(
        url("outline_edit", outline),
        {"position": position, "proposed_activities": "Meetings", "proposed_sum": "40000"},
    )
    assert response.status_code == 302
    assert Outline.objects.get().position == position.replace("\r\n", "\n")
