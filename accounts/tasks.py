"""Background work for accounts: every e-mail the portal sends leaves through here."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, name="accounts.send_email"
)
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text e-mail; a mail server that is down is retried with back-off."""
    return send_mail(subject, body, None, to, fail_silently=False)


@shared_task(name="accounts.ping")
def ping() -> str:
    """Answers 'pong' from whichever worker takes it: proof the broker and a worker work."""
    return "pong"
