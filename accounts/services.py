"""Writes for accounts: creating users in their roles, and queueing e-mail."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import BOROUGH_ROLES, Role, User
from boroughs.models import Borough, Cpeg


def email_send(*, to: list[str], subject: str, body: str) -> None:
    """Queue an e-mail for the worker once the surrounding transaction commits."""
    from accounts.tasks import send_email

    transaction.on_commit(lambda: send_email.delay(to=to, subject=subject, body=body))


@transaction.atomic
def user_create(
    *,
    username: str,
    role: Role,
    password: str = "",
    password_hash: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    cpeg: Cpeg | None = None,
    assigned_boroughs: Iterable[Borough] = (),
) -> User:
    """Create a user in a role; borough roles need a group, other roles must not have one.

    Give ``password``, or for bulk loads ``password_hash`` (from ``make_password``), so
    that one slow hash serves many accounts.
    """
    if bool(password) == bool(password_hash):
        raise ValueError("Give exactly one of password and password_hash")
    if role in BOROUGH_ROLES and cpeg is None:
        raise ValidationError({"cpeg": "Choose the CPEG this person belongs to"})
    if role not in BOROUGH_ROLES and cpeg is not None:
        raise ValidationError({"cpeg": f"A {role.label.lower()} does not belong to one CPEG"})
    if assigned_boroughs and role != Role.LINK_OFFICER:
        raise ValidationError({"assigned_boroughs": "Only link officers are assigned boroughs"})
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        cpeg=cpeg,
    )
    if password:
        user.set_password(password)
    else:
        user.password = password_hash
    user.full_clean()
    user.save()
    user.assigned_boroughs.set(assigned_boroughs)
    return user
