from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "cpeg", "is_active")
    list_filter = ("role", "is_active", "cpeg__borough")
    list_select_related = ("cpeg",)
    search_fields = ("username", "first_name", "last_name", "email")
    filter_horizontal = ("assigned_boroughs",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Role in the portal", {"fields": ("role", "cpeg", "assigned_boroughs")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role in the portal", {"fields": ("email", "first_name", "last_name", "role", "cpeg")}),
    )
