"""Permissions that follow from a user's role rather than from rows in the database."""

from django.contrib.auth.backends import BaseBackend

from accounts.models import Role, User

#: The funding manager administers these apps' data in the Django admin.
MANAGED_APP_LABELS = frozenset({"accounts", "audit", "boroughs", "grants", "slas", "diversity"})


class RolePermissionBackend(BaseBackend):
    """Grants the funding manager every model permission in the portal's own apps."""

    def has_perm(self, user_obj: User, perm: str, obj: object = None) -> bool:  # type: ignore[override]
        app_label = perm.partition(".")[0]
        return self.has_module_perms(user_obj, app_label)

    def has_module_perms(self, user_obj: User, app_label: str) -> bool:  # type: ignore[override]
        return (
            user_obj.is_active
            and getattr(user_obj, "role", None) == Role.FUNDING_MANAGER
            and app_label in MANAGED_APP_LABELS
        )
