"""The Django admin, opened to the funding manager (and to superusers)."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class PortalAdminSite(admin.AdminSite):
    site_header = "CPEG Portal administration"
    site_title = "CPEG Portal administration"
    index_title = "Administration"

    def has_permission(self, request: HttpRequest) -> bool:
        from accounts.models import Role

        user = request.user
        return user.is_active and (
            user.is_superuser or getattr(user, "role", None) == Role.FUNDING_MANAGER
        )

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """One sign-in page for the whole portal; a signed-in user the admin refuses gets 403."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
