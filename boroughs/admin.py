from django.contrib import admin

from boroughs.models import Borough, Cpeg


@admin.register(Borough)
class BoroughAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "gss_code", "slug")
    search_fields = ("name", "short_name", "gss_code")

    def has_add_permission(self, request):
        # The 32 boroughs are reference data, loaded by a migration.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cpeg)
class CpegAdmin(admin.ModelAdmin):
    list_display = ("name", "borough")
    list_select_related = ("borough",)
    search_fields = ("name", "borough__name")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
