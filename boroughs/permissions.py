"""Who may see which borough. Borough users see only their own; MPA staff see all."""

from accounts.models import Role, User
from boroughs.models import Borough

#: Roles that work across London and may open any borough's pages.
LONDON_WIDE_ROLES = frozenset({Role.LINK_OFFICER, Role.FUNDING_MANAGER})


def can_list_boroughs(user: User) -> bool:
    return user.is_authenticated and (user.role in LONDON_WIDE_ROLES or user.is_borough_user)


def can_view_borough(user: User, borough: Borough) -> bool:
    if not user.is_authenticated:
        return False
    if user.role in LONDON_WIDE_ROLES:
        return True
    if user.is_borough_user:
        return user.cpeg is not None and user.cpeg.borough_id == borough.pk
    return False
