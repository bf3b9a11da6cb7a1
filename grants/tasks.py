"""Background work for the funding round: periodic checks run by Celery beat."""

from celery import shared_task

from grants.services.outlines import outlines_dispute_overdue as dispute_overdue


@shared_task(name="grants.outlines_dispute_overdue")
def outlines_dispute_overdue() -> int:
    """Dispute every outline still awaiting signatures after its round's outline deadline
    (scheduled hourly in ``CELERY_BEAT_SCHEDULE``). Returns how many it disputed."""
    return len(dispute_overdue())
