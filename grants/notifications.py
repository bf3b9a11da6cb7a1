"""E-mails the funding round sends, queued through Celery once the change commits."""

from collections.abc import Iterable

from django.conf import settings

from accounts.models import Role, User
from accounts.services import email_send
from boroughs.models import Cpeg


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def group_people(cpeg: Cpeg, roles: Iterable[str]) -> list[User]:
    return list(User.objects.filter(cpeg=cpeg, role__in=list(roles), is_active=True))


def link_officers(cpeg: Cpeg) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.LINK_OFFICER, assigned_boroughs=cpeg.borough_id, is_active=True
        )
    )


def notify(*, users: Iterable[User], subject: str, body: str, path: str = "") -> None:
    """E-mail each user (who has an address), with a link to ``path`` in the portal."""
    to = sorted({user.email for user in users if user.email})
    if not to:
        return
    if path:
        body = f"{body}\n\n{absolute(path)}"
    email_send(to=to, subject=subject, body=body)


__all__ = ["absolute", "group_people", "link_officers", "notify"]
