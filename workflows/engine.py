"""One engine under every lifecycle: a workflow is data (states and transitions), and
``Workflow.move`` is the one function that changes a status anywhere in the portal.

A move locks the row, checks the transition against the object's state, the user's
permission and the transition's preconditions, sets the status (and any other fields the
service passes), saves, writes the audit row, and queues the transition's e-mails, which
``accounts.services.email_send`` sends once the transaction commits. Services keep their
input checks and side effects; views and templates ask the workflow which actions to offer
(``actions_for``) and how to show a state (``{% status_tag %}``).

Each app declares its workflows in ``<app>/workflows/<thing>.py`` and registers them, so the
audit timeline and the status tag can find a model's workflow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from audit.services import audit_record

#: The GOV.UK tag colours (``govuk-tag--<colour>``).
TAG_COLOURS = frozenset(
    {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange"}
    | {"yellow"}
)

#: A precondition: given the (locked) object, the message saying what stops the move, or None.
Precondition = Callable[[Any], str | None]
#: Who may take a transition: a small ``can_<verb>_<thing>(user, obj)`` function.
Permission = Callable[[Any, Any], bool]
#: Queues the e-mails a transition sends: called with the object and the user who moved it.
Emails = Callable[[Any, Any], None]


@dataclass(frozen=True)
class State:
    """One state: its stored value, its tag colour, and its label (by default the label of
    the model's choice, so a label is written once)."""

    value: str
    colour: str
    label: str = ""
    #: What the state means, for the people who meet it (admin help, documentation).
    description: str = ""

    def __post_init__(self) -> None:
        if self.colour not in TAG_COLOURS:
            raise ValueError(f"{self.colour!r} is not a GOV.UK tag colour")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: Permission
    #: The verb the audit log records ("submitted", "sent back with a question").
    audit_verb: str
    #: Said when the object is not in a state the transition starts from. ``{state}`` is the
    #: current state's label in lower case; the workflow's ``describe`` may add other names.
    refusal: str
    #: The button that offers the transition.
    label: str = ""
    #: Said when the user may not take the transition.
    forbidden: str = "You cannot do that."
    preconditions: tuple[Precondition, ...] = ()
    emails: Emails | None = None
    #: Asking for a move already made (the object is in ``target`` and the move does not start
    #: there) changes nothing and succeeds: a form posted twice is not an error.
    idempotent: bool = True


def system_only(user: Any, obj: Any) -> bool:
    """A transition the portal itself takes (a deadline passing), with no user."""
    return user is None


class Workflow:
    """One model's lifecycle: its states and the transitions between them."""

    def __init__(
        self,
        *,
        name: str,
        model: type[models.Model],
        states: Iterable[State],
        transitions: Iterable[Transition],
        field: str = "status",
        initial: str = "",
        describe: Callable[[Any], Mapping[str, str]] | None = None,
    ) -> None:
        self.name = name
        #: Further names a refusal may use besides ``{state}`` (e.g. the group's name).
        self.describe = describe
        self.model = model
        self.field = field
        #: The state a new object starts in.
        self.initial = initial
        choices = dict(model._meta.get_field(field).choices or ())  # type: ignore[arg-type,union-attr]
        self.states = tuple(
            state if state.label else replace(state, label=str(choices.get(state.value, "")))
            for state in states
        )
        self.transitions = tuple(transitions)
        self._states = {state.value: state for state in self.states}
        self._transitions = {transition.name: transition for transition in self.transitions}
        if len(self._states) != len(self.states):
            raise ValueError(f"{self.name}: two states share a value")
        if len(self._transitions) != len(self.transitions):
            raise ValueError(f"{self.name}: two transitions share a name")
        for transition in self.transitions:
            unknown = (transition.sources | {transition.target}) - set(self._states)
            if unknown:
                raise ValueError(f"{self.name}.{transition.name}: unknown states {unknown}")
        if self.initial and self.initial not in self._states:
            raise ValueError(f"{self.name}: unknown initial state {self.initial!r}")
        if set(choices) != set(self._states):
            raise ValueError(f"{self.name}: the states are not the model's choices")

    # Reading the table

    def state(self, value: str) -> State:
        return self._states[value]

    def state_of(self, obj: models.Model) -> State:
        return self._states[getattr(obj, self.field)]

    def transition(self, name: str) -> Transition:
        return self._transitions[name]

    def values(self, *, where: Callable[[State], bool] | None = None) -> frozenset[str]:
        return frozenset(s.value for s in self.states if where is None or where(s))

    def sources_of(self, *names: str) -> frozenset[str]:
        """The states from which any of the named transitions may be taken."""
        return frozenset().union(*(self._transitions[name].sources for name in names))

    def starts_from(self, name: str, obj: models.Model) -> bool:
        """The object's state is one the named transition starts from."""
        return getattr(obj, self.field) in self._transitions[name].sources

    def may(self, name: str, user: Any, obj: models.Model) -> bool:
        """The transition starts from the object's state and the user may take it."""
        transition = self._transitions[name]
        return getattr(obj, self.field) in transition.sources and transition.permission(user, obj)

    def actions_for(self, user: Any, obj: models.Model) -> list[Transition]:
        """The transitions to offer ``user`` on ``obj`` now, in the table's order."""
        return [t for t in self.transitions if self.may(t.name, user, obj)]

    def problems(self, name: str, obj: models.Model) -> list[str]:
        """What stops the named transition now, by its preconditions."""
        return [
            message
            for check in self._transitions[name].preconditions
            if (message := check(obj)) is not None
        ]

    def refusal(self, name: str, obj: models.Model) -> ValidationError:
        """The transition's refusal for an object not in a state it starts from: ``{state}``
        is the current state's label in lower case; ``describe`` may give more names."""
        label = self.state_of(obj).label
        names = {
            "state": label[:1].lower() + label[1:],
            **(self.describe(obj) if self.describe else {}),
        }
        return ValidationError(self._transitions[name].refusal.format(**names), code="wrong_state")

    # The one way a status changes

    def lock(self, obj: models.Model) -> Any:
        """The row, locked for the rest of the transaction, read afresh."""
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)

    def move(
        self,
        obj: Any,
        name: str,
        *,
        user: Any,
        reason: str = "",
        fields: Mapping[str, object] | None = None,
        audit_verb: str = "",
        locked: bool = False,
    ) -> Any:
        """Take the transition ``name`` on ``obj`` as ``user``; return the saved object.

        Locks the row (unless the caller already holds the lock: ``locked=True``), refuses a
        wrong state, a user without permission or an unmet precondition with a
        ``ValidationError`` and changes nothing; otherwise sets the status and ``fields``,
        saves, audits (``audit_verb`` overrides the transition's) and queues the e-mails.
        """
        transition = self._transitions[name]
        with transaction.atomic():
            if not locked:
                obj = self.lock(obj)
            current = getattr(obj, self.field)
            if current not in transition.sources:
                if transition.idempotent and current == transition.target:
                    return obj  # asked twice: already done
                raise self.refusal(name, obj)
            if not transition.permission(user, obj):
                raise ValidationError(transition.forbidden, code="forbidden")
            problems = self.problems(name, obj)
            if problems:
                raise ValidationError(problems, code="precondition")
            setattr(obj, self.field, transition.target)
            for attribute, value in (fields or {}).items():
                setattr(obj, attribute, value)
            update_fields = [self.field, *(fields or {})]
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                update_fields.append("updated_at")
            obj.save(update_fields=update_fields)
            audit_record(
                subject=obj,
                actor=user,
                action=audit_verb or transition.audit_verb,
                from_state=current,
                to_state=transition.target,
                reason=reason,
            )
            if transition.emails is not None:
                transition.emails(obj, user)
        return obj


_REGISTRY: dict[type[models.Model], Workflow] = {}
_BY_NAME: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make ``workflow`` the one for its model (the audit timeline and status tags look here)."""
    _REGISTRY[workflow.model] = workflow
    _BY_NAME[workflow.name] = workflow
    return workflow


def workflow_for(subject: type[models.Model] | models.Model | str) -> Workflow | None:
    """The workflow of a model, an instance, or a workflow's name; None if it has none."""
    if isinstance(subject, str):
        return _BY_NAME.get(subject)
    model = subject if isinstance(subject, type) else type(subject)
    return _REGISTRY.get(model._meta.concrete_model)  # type: ignore[arg-type]


def registered() -> Iterable[Workflow]:
    return tuple(_REGISTRY.values())


def state_label(model: type[models.Model] | None, value: str) -> str:
    """How a stored state reads to a person: the workflow's label, else the value itself."""
    workflow = workflow_for(model) if model is not None else None
    if workflow is None or value not in workflow._states:
        return value
    return workflow.state(value).label
