"""Background work for quarterly returns: the daily reminders and escalation, run by Celery
beat (``CELERY_BEAT_SCHEDULE`` in the settings)."""

import datetime

from celery import shared_task
from django.utils import timezone

from slas import reminders


@shared_task(name="slas.returns_remind")
def returns_remind(day: str | None = None) -> int:
    """Update every return's time state and send the reminders and escalation due on ``day``
    (an ISO date, "2026-10-21"; today in London when not given, as beat runs it). Returns how
    many were sent; a second run on the same day sends none."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return len(reminders.returns_remind(today=today))
