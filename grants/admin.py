"""The funding manager's view of the grants data in the admin: find, filter and read.

Every grants row is written by a service that checks the request, locks what it changes and
records the change in the audit log (a round's terms and status, outlines and their
signatures, applications and their reviews, decisions, awards and instalments, the
access-needs fund). The admin can call none of them, so here nothing is added, changed or
deleted: status and every amount are read-only, and each page links to the portal's own
page for the thing (where the services are) and to its history in the audit log.
"""

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from grants.models import (
    AccessFundDrawdown,
    AccessFundTopUp,
    Activity,
    Application,
    ApplicationVersion,
    Award,
    BrokeringContact,
    BudgetLine,
    CommitteeMeeting,
    Decision,
    FundingRound,
    Instalment,
    InternalNote,
    Objective,
    Outline,
    ReviewComment,
    Signature,
    SupportingDocument,
)
from grants.models.rounds import DEADLINE_FIELDS
from grants.templatetags.grants_money import money


class ReadOnly:
    """Shown, searched and filtered; never added, changed or deleted from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    #: The related rows each line names, read with the lines.
    select: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields  # every one (the form would refuse the non-editable ones)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select) if self.select else queryset


def pounds(field: str, description: str) -> Any:
    """A list column showing ``field`` as £1,234.56, sortable by the amount."""

    @admin.display(description=description, ordering=field)
    def column(obj: models.Model) -> str:
        return money(getattr(obj, field))

    column.__name__ = f"{field}_in_pounds"
    return column


class GrantsAdmin(ReadOnly, admin.ModelAdmin):
    """A read-only page for one kind of grants row, with a link to its audit history."""

    list_per_page = 50

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_readonly_fields(request, obj), "audit_history")

    @admin.display(description="history")
    def audit_history(self, obj: models.Model) -> str:
        content_type = ContentType.objects.get_for_model(obj)
        url = reverse("admin:audit_auditevent_changelist")
        return format_html(
            '<a href="{}?content_type__id__exact={}&amp;object_id={}">'
            "Every change to it, in the audit log</a>",
            url,
            content_type.pk,
            obj.pk,
        )


# --- rounds ------------------------------------------------------------------------------


class ObjectiveInline(ReadOnlyInline):
    model = Objective
    fields = ("code", "title", "description", "position")


class AccessFundTopUpInline(ReadOnlyInline):
    model = AccessFundTopUp
    fields = ("amount", "reason", "created_by", "created_at")
    select = ("created_by",)


class AccessFundDrawdownInline(ReadOnlyInline):
    model = AccessFundDrawdown
    fields = ("cpeg", "amount", "reason", "created_by", "created_at")
    select = ("cpeg", "created_by")


@admin.register(FundingRound)
class FundingRoundAdmin(GrantsAdmin):
    list_display = (
        "name",
        "status",
        pounds("total_budget", "total budget"),
        pounds("allocable_ceiling", "ceiling"),
        pounds("access_fund", "access-needs fund"),
        "outline_deadline",
        "application_deadline",
    )
    list_filter = ("status",)
    search_fields = ("year_start",)
    fieldsets = (
        (None, {"fields": ("year_start", "status", "audit_history")}),
        ("Money", {"fields": ("total_budget", "allocable_ceiling", "access_fund")}),
        ("Deadlines", {"fields": (*DEADLINE_FIELDS, "reminder_days_before")}),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = [ObjectiveInline, AccessFundTopUpInline, AccessFundDrawdownInline]

    @admin.display(description="round", ordering="year_start")
    def name(self, funding_round: FundingRound) -> str:
        return funding_round.label


@admin.register(AccessFundDrawdown)
class AccessFundDrawdownAdmin(GrantsAdmin):
    list_display = ("created_at", "funding_round", "cpeg", pounds("amount", "amount"), "reason")
    list_filter = ("funding_round",)
    list_select_related = ("funding_round", "cpeg")
    search_fields = ("cpeg__name", "cpeg__borough__name", "reason")
    date_hierarchy = "created_at"


# --- outlines ----------------------------------------------------------------------------


class SignatureInline(ReadOnlyInline):
    model = Signature
    fields = ("role", "decision", "version", "reason", "signed_by", "created_at", "voided_at")
    select = ("signed_by",)


class BrokeringContactInline(ReadOnlyInline):
    model = BrokeringContact
    fields = ("contacted_on", "contact_with", "notes", "recorded_by")
    select = ("recorded_by",)


@admin.register(Outline)
class OutlineAdmin(GrantsAdmin):
    list_display = (
        "cpeg",
        "funding_round",
        "status",
        "version",
        pounds("proposed_sum", "proposed sum"),
        "updated_at",
    )
    list_filter = ("funding_round", "status")
    list_select_related = ("funding_round", "cpeg__borough")
    search_fields = ("cpeg__name", "cpeg__borough__name")
    fieldsets = (
        (None, {"fields": ("funding_round", "cpeg", "status", "version", "audit_history")}),
        ("The outline", {"fields": ("position", "proposed_activities", "proposed_sum")}),
        ("Brokering", {"fields": ("brokering_outcome_notes", "brokered_by", "brokered_at")}),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = [SignatureInline, BrokeringContactInline]


# --- applications ------------------------------------------------------------------------


#: What a row needs to say which application it belongs to (its name in the inline).
NAMES_THE_APPLICATION = ("application__cpeg", "application__funding_round")


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("category", "amount", "description")


class ActivityInline(ReadOnlyInline):
    model = Activity
    fields = ("objective", "title", "description")
    select = ("objective",)


class SupportingDocumentInline(ReadOnlyInline):
    """The file itself only through the portal's permission-checked view, never a media URL."""

    model = SupportingDocument
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    select = ("uploaded_by",)


class ApplicationVersionInline(ReadOnlyInline):
    model = ApplicationVersion
    fields = ("number", "submitted_by", "submitted_at")
    select = ("submitted_by", *NAMES_THE_APPLICATION)


class ReviewCommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ("version", "objective", "body", "author", "created_at")
    select = ("objective", "author", *NAMES_THE_APPLICATION)


class InternalNoteInline(ReadOnlyInline):
    model = InternalNote
    fields = ("body", "author", "created_at")
    select = ("author", *NAMES_THE_APPLICATION)


@admin.register(Application)
class ApplicationAdmin(GrantsAdmin):
    list_display = (
        "reference",
        "cpeg",
        "funding_round",
        "status",
        pounds("requested_amount", "requested"),
        pounds("recommended_amount", "recommended"),
        "submitted_at",
    )
    list_filter = ("funding_round", "status")
    list_select_related = ("funding_round", "cpeg__borough")
    search_fields = ("reference", "cpeg__name", "cpeg__borough__name", "bank_account_name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "funding_round",
                    "cpeg",
                    "outline",
                    "status",
                    "audit_history",
                )
            },
        ),
        (
            "About the group",
            {"fields": ("group_summary", "meeting_arrangements", "bank_account_name")},
        ),
        (
            "Submission",
            {
                "fields": (
                    "requested_amount",
                    "declaration_confirmed_at",
                    "submitted_version",
                    "submitted_at",
                )
            },
        ),
        (
            "The link officer's recommendation",
            {
                "fields": (
                    "recommended_amount",
                    "recommendation_conditions",
                    "recommended_by",
                    "recommended_at",
                )
            },
        ),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = [
        BudgetLineInline,
        ActivityInline,
        SupportingDocumentInline,
        ApplicationVersionInline,
        ReviewCommentInline,
        InternalNoteInline,
    ]


# --- decisions and awards ----------------------------------------------------------------


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = ("application", "outcome", "amount", "conditions", "recorded_by", "created_at")
    select = (*NAMES_THE_APPLICATION, "recorded_by")
    show_change_link = True


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(GrantsAdmin):
    list_display = ("name", "held_on", "funding_round", "recorded_by")
    list_filter = ("funding_round",)
    list_select_related = ("funding_round", "recorded_by")
    search_fields = ("name",)
    date_hierarchy = "held_on"
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(GrantsAdmin):
    list_display = ("application", "meeting", "outcome", pounds("amount", "amount"))
    list_filter = ("meeting__funding_round", "outcome")
    list_select_related = ("application__cpeg__borough", "application__funding_round", "meeting")
    search_fields = ("application__reference", "application__cpeg__name", "meeting__name")


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = (
        "quarter",
        "amount",
        "status",
        "released_on",
        "release_reference",
        "released_by",
        "release_reason",
    )
    select = ("released_by",)


@admin.register(Award)
class AwardAdmin(GrantsAdmin):
    list_display = (
        "reference",
        "cpeg",
        "funding_round",
        pounds("amount", "amount"),
        "is_interim",
        "awarded_on",
    )
    list_filter = ("funding_round", "is_interim")
    list_select_related = ("funding_round", "cpeg__borough")
    search_fields = ("reference", "cpeg__name", "cpeg__borough__name")
    date_hierarchy = "awarded_on"
    fieldsets = (
        (None, {"fields": ("reference", "funding_round", "cpeg", "audit_history")}),
        ("The award", {"fields": ("amount", "conditions", "awarded_on")}),
        ("Where it came from", {"fields": ("decision", "is_interim", "interim_reason")}),
        ("Record", {"fields": ("created_by", "created_at")}),
    )
    inlines = [InstalmentInline]
