"""The one mixin for a page that a permission function guards."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import HttpRequest

from accounts.models import User


class PermissionRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Signed-in users whom ``permission(user)`` lets in; anyone else signed in gets 403,
    anyone signed out goes to sign in. Set ``permission = staticmethod(can_view_thing)``."""

    request: HttpRequest
    kwargs: dict[str, Any]
    permission: Callable[[User], bool]

    def test_func(self) -> bool:
        user = self.request.user  # signed in: LoginRequiredMixin has checked
        return isinstance(user, User) and type(self).permission(user)
