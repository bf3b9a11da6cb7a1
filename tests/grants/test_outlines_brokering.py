"""Brokering a disputed outline: the link officer's contacts and the outcome the committee
sees."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import BrokeringContact, BrokeringOutcome, Outline, OutlineStatus
from grants.services import outlines as services
from tests.grants.outlines_support import borough_people, dispute, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(barnet):
    return borough_people(barnet)


@pytest.fixture
def disputed(outlines_round, people, barnet):
    return dispute(start(outlines_round, people, barnet), people)


def add_contact(outline, user, **changes):
    values = {
        "contacted_on": timezone.localdate(),
        "contact_with": "Ch Supt A. Smith, Borough Commander",
        "notes": "Agreed to look again at the sum for the youth forum.",
        **changes,
    }
    return services.brokering_contact_add(user=user, outline=outline, **values)


def record(outline, user, outcome=BrokeringOutcome.AGREED, notes="Partners agreed £35,000."):
    return services.brokering_outcome_record(
        user=user, outline=outline, outcome=outcome, notes=notes
    )


# Contacts


def test_a_link_officer_logs_a_contact_and_it_is_audited_on_the_outline(disputed, people):
    contact = add_contact(disputed, people.officer)
    assert (contact.contact_with, contact.recorded_by) == (
        "Ch Supt A. Smith, Borough Commander",
        people.officer,
    )
    event = AuditEvent.objects.get(object_id=disputed.pk, action="brokering contact logged")
    assert event.actor == people.officer
    assert "Ch Supt A. Smith" in event.reason
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


def test_the_funding_manager_may_broker_too(disputed, user_in_role):
    add_contact(disputed, user_in_role(Role.FUNDING_MANAGER))
    assert BrokeringContact.objects.count() == 1


def test_logging_the_same_contact_twice_keeps_one(disputed, people):
    first = add_contact(disputed, people.officer)
    second = add_contact(disputed, people.officer)
    assert first.pk == second.pk
    assert BrokeringContact.objects.count() == 1


def test_a_contact_dated_in_the_future_is_refused(disputed, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        add_contact(disputed, people.officer, contacted_on=tomorrow)
    assert raised.value.message_dict == {
        "contacted_on": ["The date of the contact must be today or in the past"]
    }
    assert not BrokeringContact.objects.exists()


def test_a_contact_needs_who_and_notes(disputed, people):
    with pytest.raises(ValidationError) as raised:
        add_contact(disputed, people.officer, contact_with=" ", notes="")
    assert raised.value.message_dict == {
        "contact_with": ["Enter who you spoke to or met"],
        "notes": ["Enter notes on what was discussed"],
    }
    assert not BrokeringContact.objects.exists()


def test_contacts_are_logged_only_on_a_disputed_outline(outlines_round, people, barnet):
    draft = start(outlines_round, people, barnet)
    with pytest.raises(ValidationError, match="cannot be brokered"):
        add_contact(draft, people.officer)
    assert not BrokeringContact.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "chair", "police"])
def test_the_group_does_not_log_brokering_contacts(disputed, people, who):
    with pytest.raises(ValidationError):
        add_contact(disputed, getattr(people, who))
    assert not BrokeringContact.objects.exists()


# The outcome


def test_agreed_records_the_outcome_for_the_committee_and_invites_the_group(
    disputed, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outline = record(disputed, people.officer)
    saved = Outline.objects.get()
    assert saved.status == OutlineStatus.AGREED
    assert saved.is_agreed
    assert saved.brokering_outcome_notes == "Partners agreed £35,000."
    assert (saved.brokered_by, saved.brokered_at is not None) == (people.officer, True)
    (message,) = mail.outbox
    assert people.secretary.email in message.to
    assert people.chair.email in message.to
    assert "invited to make a full application" in message.subject
    event = AuditEvent.objects.get(object_id=outline.pk, action="brokered: agreed")
    assert (event.from_state, event.to_state, event.reason) == (
        OutlineStatus.DISPUTED,
        OutlineStatus.AGREED,
        "Partners agreed £35,000.",
    )


def test_not_agreed_records_the_outcome_and_tells_the_group(
    disputed, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(disputed, people.officer, BrokeringOutcome.NOT_AGREED, "No common ground.")
    saved = Outline.objects.get()
    assert (saved.status, saved.is_agreed) == (OutlineStatus.NOT_AGREED, False)
    (message,) = mail.outbox
    assert people.secretary.email in message.to
    assert "no agreement" in message.subject
    assert "No common ground." in message.body


def test_recording_the_same_outcome_twice_changes_nothing(disputed, people):
    record(disputed, people.officer)
    record(disputed, people.officer)
    assert AuditEvent.objects.filter(action="brokered: agreed").count() == 1


def test_a_recorded_outcome_cannot_be_changed(disputed, people):
    record(disputed, people.officer)
    with pytest.raises(ValidationError, match="cannot be brokered"):
        record(disputed, people.officer, BrokeringOutcome.NOT_AGREED, "Changed my mind.")
    assert Outline.objects.get().status == OutlineStatus.AGREED


@pytest.mark.parametrize(
    ("outcome", "notes", "errors"),
    [
        ("maybe", "Notes.", {"outcome": ["Choose whether the partners agreed"]}),
        (
            BrokeringOutcome.AGREED,
            "  ",
            {"notes": ["Enter what the committee should be told about the brokering"]},
        ),
    ],
)
def test_bad_outcome_input_names_the_field_and_saves_nothing(
    disputed, people, outcome, notes, errors
):
    with pytest.raises(ValidationError) as raised:
        record(disputed, people.officer, outcome, notes)
    assert raised.value.message_dict == errors
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


def test_the_group_cannot_record_the_outcome(disputed, people):
    with pytest.raises(ValidationError):
        record(disputed, people.chair)
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


def test_an_outcome_is_recorded_only_on_a_disputed_outline(outlines_round, people, barnet):
    draft = start(outlines_round, people, barnet)
    with pytest.raises(ValidationError):
        record(draft, people.officer)
    assert Outline.objects.get().status == OutlineStatus.DRAFT
