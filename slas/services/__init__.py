"""Writes for the SLA and its quarterly returns: the slas app is the only writer of its rows.
Each service runs in one transaction, refuses bad input with a ``ValidationError`` that
changes nothing, and audits what it changes (status changes through the workflow engine)."""

from slas.services.milestones import sla_milestones_create
from slas.services.schedule import returns_create_for_award, returns_update_time_states

__all__ = ["returns_create_for_award", "returns_update_time_states", "sla_milestones_create"]
