import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import state_move
from grants.models import OutlineStatus
from tests.factories import UserFactory
from tests.grants.factories import make_outline, make_round

pytestmark = pytest.mark.django_db

TABLE = {(OutlineStatus.DRAFT, "dispute"): OutlineStatus.DISPUTED}


def test_a_move_the_table_allows_saves_the_fields_and_records_who_from_and_to(barnet):
    outline = make_outline(funding_round=make_round(), cpeg=barnet.cpeg, status=OutlineStatus.DRAFT)
    actor = UserFactory()
    with transaction.atomic():
        state_move(
            outline,
            transitions=TABLE,
            action="dispute",
            actor=actor,
            audit_action="disputed",
            refusal=lambda: ValidationError("no"),
            reason="A partner declined",
            brokering_outcome_notes="Noted",
        )
    outline.refresh_from_db()
    assert (outline.status, outline.brokering_outcome_notes) == ("disputed", "Noted")
    event = AuditEvent.objects.get(object_id=outline.pk, action="disputed")
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        actor,
        "draft",
        "disputed",
        "A partner declined",
    )


def test_a_move_the_table_does_not_allow_raises_the_refusal_and_changes_nothing(barnet):
    outline = make_outline(funding_round=make_round(), cpeg=barnet.cpeg)  # consensus
    with pytest.raises(ValidationError, match="Not from consensus"), transaction.atomic():
        state_move(
            outline,
            transitions=TABLE,
            action="dispute",
            actor=None,
            audit_action="disputed",
            refusal=lambda: ValidationError("Not from consensus"),
        )
    outline.refresh_from_db()
    assert outline.status == "consensus"
    assert not AuditEvent.objects.filter(object_id=outline.pk).exists()
