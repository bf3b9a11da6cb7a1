"""Quarterly returns in the admin: found, filtered and read, never changed. Every change goes
through the slas services (which check, lock and audit), as in the grants admin."""

from django.contrib import admin

from grants.admin import GrantsAdmin, ReadOnlyInline
from slas.models import (
    EvidenceFile,
    MilestoneReport,
    QuarterlyReturn,
    Rating,
    Reminder,
    ReturnSubmission,
    ReviewQuestion,
    SpendLine,
)


class MilestoneReportInline(ReadOnlyInline):
    model = MilestoneReport
    fields = ("milestone", "outcome", "what_happened", "next_steps")
    select = ("milestone",)


class SpendLineInline(ReadOnlyInline):
    model = SpendLine
    fields = ("category", "budget", "spent_to_date", "lower_reason")


class EvidenceFileInline(ReadOnlyInline):
    model = EvidenceFile
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    select = ("uploaded_by",)


class ReviewQuestionInline(ReadOnlyInline):
    model = ReviewQuestion
    fields = ("milestone_report", "question", "asked_by", "asked_at", "answer", "answered_at")
    select = ("milestone_report__milestone", "asked_by")


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = ("objective", "suggested", "final", "override_reason", "rule_version", "rated_by")
    select = ("objective", "rated_by")


class ReturnSubmissionInline(ReadOnlyInline):
    model = ReturnSubmission
    fields = ("number", "submitted_by", "submitted_at")
    select = ("submitted_by",)


class ReminderInline(ReadOnlyInline):
    model = Reminder
    fields = ("step", "cycle", "sent_on", "recipients")


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(GrantsAdmin):
    list_display = (
        "reference",
        "cpeg",
        "funding_round",
        "quarter",
        "version",
        "status",
        "time_state",
        "due_on",
    )
    list_filter = ("funding_round", "quarter", "status", "time_state")
    list_select_related = ("funding_round", "cpeg__borough")
    search_fields = ("cpeg__name", "cpeg__borough__name")
    fieldsets = (
        (None, {"fields": ("award", "funding_round", "cpeg", "quarter", "version", "corrects")}),
        ("State", {"fields": ("status", "audit_history")}),
        (
            "Time",
            {"fields": ("due_on", "answer_due_on", "time_state", "days_overdue", "time_state_on")},
        ),
        (
            "Counts",
            {
                "fields": (
                    "public_meetings",
                    "public_attendance",
                    "cdrp_meetings",
                    "snp_meetings",
                    "outreach_events",
                    "young_people",
                )
            },
        ),
        (
            "Narrative",
            {"fields": ("evidence", "highlights", "problems", "support_wanted", "narrative_saved")},
        ),
        (
            "Record",
            {
                "fields": (
                    "submitted_at",
                    "submitted_by",
                    "returned_at",
                    "accepted_at",
                    "accepted_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [
        MilestoneReportInline,
        SpendLineInline,
        EvidenceFileInline,
        ReviewQuestionInline,
        ReturnSubmissionInline,
        RatingInline,
        ReminderInline,
    ]
