"""The outline's services: drafting, signing and declining, and each rule and refusal."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import Outline, OutlineStatus, RoundStatus, Signature, SignatureDecision
from grants.services import outlines as services
from tests.factories import UserFactory
from tests.grants.factories import make_round
from tests.grants.outlines_support import borough_people, dispute, sign, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(barnet):
    return borough_people(barnet)


@pytest.fixture
def outline(outlines_round, people, barnet):
    return start(outlines_round, people, barnet)


def events(outline, action=None):
    rows = AuditEvent.objects.filter(object_id=outline.pk, content_type__model="outline")
    return rows.filter(action=action) if action else rows


def edit(outline, people, **changes):
    values = {
        "position": outline.position,
        "proposed_activities": outline.proposed_activities,
        "proposed_sum": outline.proposed_sum,
        **changes,
    }
    return services.outline_update(user=people.secretary, outline=outline, **values)


# Starting


def test_the_secretary_starts_a_draft_at_version_1_and_it_is_audited(outline, people):
    assert (outline.status, outline.version) == (OutlineStatus.DRAFT, 1)
    assert outline.proposed_sum == Decimal("40000.00")
    assert outline.created_by == people.secretary
    event = events(outline).get()
    assert (event.action, event.actor, event.to_state) == (
        "outline started",
        people.secretary,
        OutlineStatus.DRAFT,
    )


def test_starting_asks_the_three_signatories_to_sign(
    outlines_round, people, barnet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(outlines_round, people, barnet)
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(u.email for u in people.signatories)
    assert "please sign the outline" in message.subject
    assert "/funding/outlines/" in message.body


def test_starting_twice_returns_the_same_outline_unchanged(outlines_round, people, barnet):
    first = start(outlines_round, people, barnet)
    second = start(outlines_round, people, barnet, position="Something else entirely.")
    assert second.pk == first.pk
    assert Outline.objects.get().position == first.position
    assert events(first).count() == 1


@pytest.mark.parametrize("role", [Role.CHAIR, Role.POLICE_PARTNER, Role.LINK_OFFICER])
def test_only_the_groups_secretary_starts_the_outline(outlines_round, barnet, user_in_role, role):
    with pytest.raises(ValidationError):
        services.outline_start(
            user=user_in_role(role),
            funding_round=outlines_round,
            cpeg=barnet.cpeg,
            position="P",
            proposed_activities="A",
            proposed_sum=Decimal("1"),
        )
    assert not Outline.objects.exists()


def test_another_boroughs_secretary_cannot_start_barnets_outline(
    outlines_round, barnet, camden, user_in_role
):
    with pytest.raises(ValidationError):
        services.outline_start(
            user=user_in_role(Role.SECRETARY, borough=camden),
            funding_round=outlines_round,
            cpeg=barnet.cpeg,
            position="P",
            proposed_activities="A",
            proposed_sum=Decimal("1"),
        )
    assert not Outline.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.SETUP, RoundStatus.APPLICATIONS_OPEN])
def test_an_outline_is_started_only_while_the_round_is_open_for_outlines(people, barnet, status):
    funding_round = make_round(status=status)
    with pytest.raises(ValidationError, match="open for outlines"):
        start(funding_round, people, barnet)
    assert not Outline.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"position": "  "}, "position", "Enter the borough’s position: where the partners stand"),
        ({"proposed_activities": ""}, "proposed_activities", "Enter the activities the group"),
        ({"proposed_sum": Decimal("-1")}, "proposed_sum", "The proposed sum must be £0 or more"),
        ({"proposed_sum": Decimal("1.234")}, "proposed_sum", "no more than 2 decimal places"),
        ({"proposed_sum": "lots"}, "proposed_sum", "Enter the proposed sum, in pounds and pence"),
    ],
)
def test_bad_input_to_start_names_the_field_and_saves_nothing(
    outlines_round, people, barnet, fields, field, message
):
    with pytest.raises(ValidationError) as raised:
        start(outlines_round, people, barnet, **fields)
    assert message in raised.value.message_dict[field][0]
    assert not Outline.objects.exists()


# Editing


def test_an_edit_makes_a_new_version_and_is_audited_with_what_changed(outline, people):
    outline = edit(outline, people, proposed_sum=Decimal("38000"))
    assert outline.version == 2
    assert Outline.objects.get().proposed_sum == Decimal("38000.00")
    event = events(outline, "outline edited").get()
    assert event.actor == people.secretary
    assert event.reason == "Version 2: changed the proposed sum."


def test_saving_without_a_change_keeps_the_version_and_audits_nothing(outline, people):
    outline = edit(outline, people, position=f"  {outline.position} ")
    assert outline.version == 1
    assert not events(outline, "outline edited").exists()


def test_an_edit_voids_live_signatures_and_emails_only_those_who_had_signed(
    outline, people, django_capture_on_commit_callbacks
):
    outline = sign(outline, people.chair, people.police)
    with django_capture_on_commit_callbacks(execute=True):
        outline = edit(outline, people, position="A new position.")
    assert not Signature.objects.filter(voided_at__isnull=True).exists()
    assert Signature.objects.filter(voided_at__isnull=False).count() == 2
    (message,) = mail.outbox
    assert sorted(message.to) == sorted([people.chair.email, people.police.email])
    assert "sign again" in message.subject
    assert "now version 2" in message.body
    assert "Signatures voided: CPEG chair, Police partner." in (
        events(outline, "outline edited").get().reason
    )


def test_an_edit_with_no_signatures_sends_no_email(
    outline, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(outline, people, position="A new position.")
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["chair", "officer"])
def test_only_the_secretary_edits(outline, people, who):
    with pytest.raises(ValidationError):
        services.outline_update(
            user=getattr(people, who),
            outline=outline,
            position="Changed",
            proposed_activities=outline.proposed_activities,
            proposed_sum=outline.proposed_sum,
        )
    assert Outline.objects.get().version == 1


def test_a_disputed_outline_cannot_be_edited(outline, people):
    outline = dispute(outline, people)
    with pytest.raises(ValidationError):
        edit(outline, people, position="Changed")
    assert Outline.objects.get().position != "Changed"


def test_bad_input_to_an_edit_names_the_field_and_saves_nothing(outline, people):
    with pytest.raises(ValidationError) as raised:
        edit(outline, people, position="", proposed_sum=Decimal("-5"))
    assert set(raised.value.message_dict) == {"position", "proposed_sum"}
    saved = Outline.objects.get()
    assert (saved.version, saved.position) == (1, outline.position)


# Signing


def test_a_signature_binds_to_the_version_signed_and_is_audited(outline, people):
    outline = sign(outline, people.chair)
    signature = Signature.objects.get()
    assert (signature.role, signature.version, signature.decision, signature.signed_by) == (
        Role.CHAIR,
        1,
        SignatureDecision.SIGNED,
        people.chair,
    )
    assert events(outline, "outline signed").get().reason == "CPEG chair, version 1"
    assert outline.status == OutlineStatus.DRAFT


def test_signing_a_version_that_has_since_changed_is_refused(outline, people):
    outline = edit(outline, people, position="Changed after the chair opened it.")
    with pytest.raises(ValidationError) as raised:
        services.outline_sign(user=people.chair, outline=outline, version=1)
    assert raised.value.messages == [
        "The outline changed since you opened it: read it again and sign"
    ]
    assert not Signature.objects.exists()


def test_signing_twice_records_one_signature(outline, people):
    sign(outline, people.chair)
    sign(outline, people.chair)
    assert Signature.objects.count() == 1
    assert events(outline, "outline signed").count() == 1


def test_three_signatures_on_the_current_version_reach_consensus_and_invite_the_group(
    outline, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outline = sign(outline, *people.signatories)
    assert Outline.objects.get().status == OutlineStatus.CONSENSUS
    assert outline.is_agreed
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [people.secretary.email, people.chair.email, people.officer.email]
    )
    assert "invited to make a full application" in message.subject
    event = events(outline, "consensus reached").get()
    assert (event.from_state, event.to_state, event.actor) == (
        OutlineStatus.DRAFT,
        OutlineStatus.CONSENSUS,
        people.council,
    )


def test_signing_does_not_move_the_time_the_text_last_changed(outline, people):
    made = Outline.objects.get().version_made_at
    sign(outline, *people.signatories)
    assert Outline.objects.get().status == OutlineStatus.CONSENSUS
    assert Outline.objects.get().version_made_at == made


def test_an_edit_moves_the_time_the_text_last_changed(outline, people):
    made = outline.version_made_at
    outline = edit(outline, people, position="Changed by the secretary.")
    assert Outline.objects.get().version_made_at > made


def test_signatures_voided_by_an_edit_do_not_count_towards_consensus(outline, people):
    outline = sign(outline, people.chair, people.police)
    outline = edit(outline, people, proposed_sum=Decimal("39000"))
    outline = sign(outline, people.council)
    assert outline.status == OutlineStatus.DRAFT
    outline = sign(outline, people.chair, people.police)
    assert outline.status == OutlineStatus.CONSENSUS
    assert set(
        Signature.objects.filter(voided_at__isnull=True).values_list("version", flat=True)
    ) == {2}


@pytest.mark.parametrize("who", ["secretary", "officer"])
def test_only_the_chair_and_partners_sign(outline, people, who):
    with pytest.raises(ValidationError):
        services.outline_sign(user=getattr(people, who), outline=outline, version=1)
    assert not Signature.objects.exists()


def test_another_boroughs_chair_cannot_sign(outline, camden, user_in_role):
    with pytest.raises(ValidationError):
        services.outline_sign(
            user=user_in_role(Role.CHAIR, borough=camden), outline=outline, version=1
        )
    assert not Signature.objects.exists()


def test_a_disputed_outline_cannot_be_signed(outline, people):
    outline = dispute(outline, people)
    with pytest.raises(ValidationError, match="cannot be signed"):
        services.outline_sign(user=people.chair, outline=outline, version=1)
    assert not Signature.objects.filter(role=Role.CHAIR).exists()


# Declining


def test_a_decline_disputes_the_outline_with_the_reason_audited(outline, people):
    outline = dispute(outline, people, reason="We cannot support the youth forum.")
    assert Outline.objects.get().status == OutlineStatus.DISPUTED
    signature = Signature.objects.get()
    assert (signature.decision, signature.reason) == (
        SignatureDecision.DECLINED,
        "We cannot support the youth forum.",
    )
    event = events(outline, "outline declined").get()
    assert (event.from_state, event.to_state) == (OutlineStatus.DRAFT, OutlineStatus.DISPUTED)
    assert event.reason == "Police partner declined version 1: We cannot support the youth forum."


def test_a_decline_emails_the_link_officers_and_the_signatories(
    outline, people, django_capture_on_commit_callbacks
):
    UserFactory(username="officer-elsewhere", role=Role.LINK_OFFICER)  # not Barnet's
    with django_capture_on_commit_callbacks(execute=True):
        dispute(outline, people, reason="Too much on administration.")
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [people.officer.email, *(u.email for u in people.signatories)]
    )
    assert "disputed" in message.subject
    assert "Too much on administration." in message.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decline_needs_a_reason_and_saves_nothing(outline, people, reason):
    with pytest.raises(ValidationError) as raised:
        dispute(outline, people, reason=reason)
    assert raised.value.message_dict == {"reason": ["Enter why you decline the outline"]}
    assert Outline.objects.get().status == OutlineStatus.DRAFT
    assert not Signature.objects.exists()


def test_declining_a_version_that_has_since_changed_is_refused(outline, people):
    outline = edit(outline, people, position="Changed.")
    with pytest.raises(ValidationError, match="The outline changed since you opened it"):
        services.outline_decline(user=people.council, outline=outline, version=1, reason="No.")
    assert Outline.objects.get().status == OutlineStatus.DRAFT


def test_declining_twice_records_one_decline(outline, people):
    dispute(outline, people, reason="No.")
    dispute(outline, people, reason="No.")
    assert Signature.objects.count() == 1
    assert events(outline, "outline declined").count() == 1


def test_a_partner_who_signed_may_still_decline_and_the_signature_is_replaced(outline, people):
    outline = sign(outline, people.police)
    dispute(outline, people, reason="On reflection, no.")
    live = Signature.objects.get(voided_at__isnull=True)
    assert live.decision == SignatureDecision.DECLINED
    assert Signature.objects.filter(voided_at__isnull=False).count() == 1


# What the pages offer


def test_the_actions_offered_follow_the_table_and_the_permissions(outline, people, user_in_role):
    def actions(user):
        return services.outline_actions(user, Outline.objects.get(pk=outline.pk))

    assert actions(people.secretary) == {"edit"}
    assert actions(people.chair) == {"sign", "decline"}
    assert actions(people.officer) == set()
    sign(outline, people.chair)
    assert actions(people.chair) == {"decline"}
    dispute(outline, people)
    assert actions(people.secretary) == set()
    assert actions(people.officer) == {"log_contact", "record_outcome"}
    assert actions(user_in_role(Role.FUNDING_MANAGER)) == {"log_contact", "record_outcome"}
    assert actions(user_in_role(Role.COMMITTEE_MEMBER)) == set()
