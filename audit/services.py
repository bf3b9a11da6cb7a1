"""Writing the audit log. Call ``audit_record`` inside the transaction that makes the change."""

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
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


class HasStatus(Protocol):
    """A model whose ``status`` follows a transition table."""

    pk: Any
    status: str

    def save(self, *, update_fields: list[str]) -> None: ...


S = TypeVar("S", bound=HasStatus)


def state_move(
    subject: S,
    *,
    transitions: Mapping[tuple[str, str], str],
    action: str,
    actor: User | None,
    audit_action: str,
    refusal: Callable[[], ValidationError],
    reason: str = "",
    **fields: object,
) -> S:
    """Move ``subject`` (locked by the caller) along a transition table: ``(status, action)``
    gives the next status, or ``refusal()`` is raised. Sets ``fields``, saves, and records the
    change in the audit log, in the caller's transaction."""
    try:
        to_state = transitions[(subject.status, action)]
    except KeyError:
        raise refusal() from None
    from_state = subject.status
    subject.status = to_state
    for name, value in fields.items():
        setattr(subject, name, value)
    subject.save(update_fields=["status", *fields, "updated_at"])
    audit_record(
        subject=subject,  # type: ignore[arg-type]  # a model with a status, by the protocol
        actor=actor,
        action=audit_action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    return subject
