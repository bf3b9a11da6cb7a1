from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log can be read and searched, never edited."""

    list_display = ("created_at", "actor", "action", "content_type", "object_id", "to_state")
    list_filter = ("action", "content_type")
    list_select_related = ("actor", "content_type")
    search_fields = ("reason", "actor__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
