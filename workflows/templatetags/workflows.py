"""Showing a state the way its workflow says: ``{% status_tag obj %}``, or for a bare value
``{% status_tag value workflow="grants.application" %}``."""

from typing import Any

from django import template

from workflows.engine import workflow_for

register = template.Library()


@register.inclusion_tag("workflows/partials/status_tag.html")
def status_tag(subject: Any, workflow: str = "") -> dict[str, Any]:
    found = workflow_for(workflow or subject)
    if found is None:
        raise template.TemplateSyntaxError(f"No workflow for {subject!r}")
    value = subject if isinstance(subject, str) else getattr(subject, found.field)
    return {"state": found.state(value)}
