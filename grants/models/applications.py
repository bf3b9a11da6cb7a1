"""The full application: about the group, the work plan, the budget and its documents.

The secretary edits a draft (or an application sent back for changes); each submission keeps
a snapshot of what was submitted, so the link officer can see what changed.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from grants.models.money import MoneyField, money, not_negative
from grants.models.outlines import Outline
from grants.models.rounds import FundingRound, GroupRoundRecord, Objective


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    RECOMMENDED = "recommended", "Recommended"
    FUNDED = "funded", "Funded"
    NOT_FUNDED = "not_funded", "Not funded"
    DEFERRED = "deferred", "Deferred"


class Application(GroupRoundRecord):
    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="applications"
    )
    cpeg = models.ForeignKey(
        Cpeg, on_delete=models.PROTECT, related_name="applications", verbose_name="CPEG"
    )
    outline = models.OneToOneField(Outline, on_delete=models.PROTECT, related_name="application")
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    reference = models.CharField(
        max_length=40, unique=True, null=True, blank=True, help_text="Given on first submission."
    )
    # About the group
    group_summary = models.TextField("about the group", blank=True)
    meeting_arrangements = models.TextField("how and where the group meets", blank=True)
    bank_account_name = models.CharField(
        "name on the group's bank account", max_length=150, blank=True
    )
    # The request
    requested_amount = MoneyField("amount requested", null=True, blank=True)
    # Declaration and submission
    declaration_confirmed_at = models.DateTimeField(null=True, blank=True)
    submitted_version = models.PositiveIntegerField(
        default=0, help_text="How many times the application has been submitted."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The link officer's recommendation
    recommended_amount = MoneyField("recommended amount", null=True, blank=True)
    recommendation_conditions = models.TextField("conditions", blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(null=True, blank=True)

    class Meta(GroupRoundRecord.Meta):
        constraints = [
            *GroupRoundRecord.Meta.constraints,
            not_negative("requested_amount", "application_request_not_negative"),
            not_negative("recommended_amount", "application_recommendation_not_negative"),
            models.CheckConstraint(
                condition=models.Q(recommended_amount__lte=models.F("requested_amount"))
                | models.Q(recommended_amount__isnull=True),
                name="application_recommendation_within_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cpeg} application, {self.funding_round}"

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.pk})


class Activity(models.Model):
    """A work-plan activity, tied to one of the round's objectives."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="activities"
    )
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "objective__position", "objective__code", "created_at", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """What an activity will have achieved by the end of one quarter, or "not this quarter"."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in QUARTERS])
    description = models.TextField(blank=True)
    not_this_quarter = models.BooleanField(default=False)

    class Meta:
        ordering = ["activity", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "quarter"], name="one_milestone_per_activity_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="milestone_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(not_this_quarter=True, description="")
                    | (models.Q(not_this_quarter=False) & ~models.Q(description=""))
                ),
                name="milestone_described_or_not_this_quarter",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Q{self.quarter}: {'not this quarter' if self.not_this_quarter else self.description}"
        )


class BudgetCategory(models.TextChoices):
    ADMINISTRATION = "administration", "Administration"
    MEETINGS = "meetings", "Public meetings and events"
    OUTREACH = "outreach", "Outreach"
    COMMUNICATIONS = "communications", "Communications"
    TRAINING = "training", "Training"
    ACCESS_NEEDS = "access_needs", "Access needs"
    OTHER = "other", "Other"


class BudgetLine(models.Model):
    """One line of the budget: one per category."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    amount = MoneyField()
    description = models.CharField("what it pays for", max_length=300, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "category"], name="one_budget_line_per_category"
            ),
            not_negative("amount", "budget_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {money(self.amount)}"


def document_upload_to(instance: "SupportingDocument", filename: str) -> str:
    # Never the uploader's file name: that is kept in ``original_name`` and shown, not trusted.
    import uuid

    return f"applications/{instance.application_id}/{uuid.uuid4().hex}"


class SupportingDocument(models.Model):
    """A constitution, accounts or other paper, served only through a permission-checked view."""

    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", "Constitution"
        ACCOUNTS = "accounts", "Accounts"
        OTHER = "other", "Other"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=document_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """What was submitted, as submitted: a snapshot for each submission."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField(help_text="About the group, work plan, budget and documents.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="one_snapshot_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}, version {self.number}"


class ApplicationNote(models.Model):
    """What a review comment and an internal note both are: words about one application,
    by one person, at one time."""

    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    #: How ``str()`` names the kind of note.
    noun = "Note"

    class Meta:
        abstract = True
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return f"{self.noun} by {self.author} on {self.application}"  # type: ignore[attr-defined]


class ReviewComment(ApplicationNote):
    """A link officer's comment on how the application meets one objective; the group sees it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_comments"
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a comment on the application as a whole.",
    )
    version = models.PositiveIntegerField(help_text="The submitted version commented on.")

    noun = "Comment"


class InternalNote(ApplicationNote):
    """A note for MPA staff only: the group never sees it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_notes"
    )
