"""Writing the audit log. Call ``audit_record`` inside the transaction that makes the change."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from accounts.models import User
from audit.models import AuditEvent


def audit_record(
    *,
    subject: models.Model,
    actor: User | None,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> AuditEvent:
    """Record one change of ``subject``. Refuses to run outside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run in the transaction that makes the change")
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
