"""Reading the audit log: the timeline of one object."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_timeline(*, subject: models.Model) -> QuerySet[AuditEvent]:
    """Every recorded change of ``subject``, oldest first, with who made it."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
