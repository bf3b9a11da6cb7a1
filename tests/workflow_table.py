"""Walking a workflow's table: one case per state × transition × role.

Each workflow's table test builds an object in a state (through the services), a user in a
role, and calls ``check_move``. The expected outcome comes from the test's own list of which
roles may take which transition, not from the workflow's permission functions, so the test
checks the table rather than restating it:

- the move starts from the state and the role may take it: it succeeds, sets the target and
  writes one audit row with the transition's verb;
- the object is already in the target and the move does not start there: asking again
  changes nothing and is no error;
- otherwise it is refused with the transition's message (wrong state first, then who may),
  and neither the row nor the audit log changes.
"""

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from workflows.engine import Workflow


def cases(workflow: Workflow, roles: Iterable[str]) -> list[Any]:
    """Every (state, transition, role) of ``workflow``, as pytest parameters."""
    return [
        pytest.param(
            state.value, transition.name, role, id=f"{state.value}-{transition.name}-{role}"
        )
        for state in workflow.states
        for transition in workflow.transitions
        for role in roles
    ]


def _audit_rows(obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("pk")
    )


def check_move(
    workflow: Workflow,
    obj: Any,
    name: str,
    user: Any,
    *,
    role_may: bool,
    move: Callable[[], Any] | None = None,
    audit_verb: str = "",
) -> None:
    """Take transition ``name`` on ``obj`` as ``user`` (through ``move``, a service call, when
    given; else the engine) and check the outcome the table gives. ``audit_verb``: the verb the
    service records when it is not the transition's own (a resubmission, say)."""
    transition = workflow.transition(name)
    obj.refresh_from_db()
    before = getattr(obj, workflow.field)
    fields_before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    audit_before = _audit_rows(obj)
    take = move or (lambda: workflow.move(obj, name, user=user))

    if before in transition.sources and role_may:
        take()
        obj.refresh_from_db()
        assert getattr(obj, workflow.field) == transition.target
        added = _audit_rows(obj)[len(audit_before) :]
        assert [(e.from_state, e.to_state) for e in added] == [(before, transition.target)]
        assert added[0].action == (audit_verb or transition.audit_verb)
        return

    if before not in transition.sources and before == transition.target and transition.idempotent:
        take()
    else:
        with pytest.raises(ValidationError) as refused:
            take()
        if before not in transition.sources:
            expected = workflow.refusal(name, obj).messages
        else:
            expected = [transition.forbidden]
        assert refused.value.messages == expected
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == fields_before
    assert _audit_rows(obj) == audit_before
