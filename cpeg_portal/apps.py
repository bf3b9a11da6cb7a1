from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, with the portal's own site: open to the funding manager."""

    default_site = "cpeg_portal.admin.PortalAdminSite"
