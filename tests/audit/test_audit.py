import pytest

from accounts.models import Role
from audit.models import AuditEvent
from audit.selectors import audit_timeline
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_what_when_and_why(user_in_role, barnet):
    actor = user_in_role(Role.LINK_OFFICER)
    from django.db import transaction

    with transaction.atomic():
        event = audit_record(
            subject=barnet.cpeg, actor=actor, action="checked", from_state="a", to_state="b",
            reason="because",
        )  # fmt: skip
    assert (event.subject, event.actor, event.action, event.reason) == (
        barnet.cpeg, actor, "checked", "because",
    )  # fmt: skip
    assert event.created_at is not None


def test_the_timeline_lists_one_objects_events_oldest_first(user_in_role, barnet, camden):
    from django.db import transaction

    actor = user_in_role(Role.FUNDING_MANAGER)
    with transaction.atomic():
        audit_record(subject=barnet.cpeg, actor=actor, action="first")
        audit_record(subject=camden.cpeg, actor=actor, action="elsewhere")
        audit_record(subject=barnet.cpeg, actor=None, action="second")
    assert [e.action for e in audit_timeline(subject=barnet.cpeg)] == ["first", "second"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_recording_outside_a_transaction_is_refused(barnet):
    with pytest.raises(RuntimeError, match="in the transaction that makes the change"):
        audit_record(subject=barnet.cpeg, actor=None, action="loose")
    assert not AuditEvent.objects.exists()
