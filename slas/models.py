"""The service-level agreement that comes with an award, and the quarterly returns against it.

- ``SlaMilestone``: a milestone the group agreed to meet in one quarter, copied from the work
  plan when the committee funds the application (``slas.services.sla_milestones_create``).
- ``QuarterlyReturn``: one per award with an SLA per quarter (and a further version for each
  correction). Its workflow state (``status``) is kept apart from its time state
  (``time_state``: not yet open, open, due, overdue), which a daily beat task updates.
- Within a return: a ``MilestoneReport`` per milestone due that quarter, a ``SpendLine`` per
  budget line of the award, ``EvidenceFile`` uploads, ``ReviewQuestion``s the officer asks,
  a ``ReturnSubmission`` (a frozen copy) each time it is submitted, and on acceptance one
  ``Rating`` per objective and one overall.
- ``Reminder``: each reminder or escalation sent, once per return, step and cycle.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from grants.models import Award, BudgetCategory, FundingRound, Objective
from grants.models.money import MoneyField, not_negative

#: The largest figure a standard count may take; a larger one is a typing error.
MAX_COUNT = 100_000
#: The longest narrative answer (what happened, highlights, a question, an answer).
MAX_NARRATIVE = 5000
#: Days a group has to answer questions on a return sent back to it.
ANSWER_DAYS = 14


class SlaMilestone(models.Model):
    """A milestone the group agreed to meet in one quarter, copied from its work plan."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="sla_milestones")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    activity_title = models.CharField(max_length=200)
    quarter = models.PositiveSmallIntegerField()
    description = models.TextField(help_text="Empty when nothing is due this quarter.", blank=True)
    not_due = models.BooleanField("not due this quarter", default=False)

    class Meta:
        ordering = ["award", "quarter", "objective__position", "objective__code", "pk"]
        verbose_name = "SLA milestone"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="sla_milestone_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.activity_title}"


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with questions"
    ACCEPTED = "accepted", "Accepted"


class TimeState(models.TextChoices):
    NOT_OPEN = "not_open", "Not yet open"
    OPEN = "open", "Open"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    HANDED_IN = "handed_in", "Handed in"


#: The standard counts every return reports, in the order the form asks them.
COUNT_FIELDS = (
    "public_meetings",
    "public_attendance",
    "cdrp_meetings",
    "snp_meetings",
    "outreach_events",
    "young_people",
)


def _count(verbose_name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


class QuarterlyReturn(models.Model):
    """A group's report on one quarter of its SLA. Version 1 is made with the award; each
    correction of an accepted return is the next version, and the accepted one never changes."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="quarterly_returns")
    # The award's round and group, kept here so lists, grids and permission checks filter
    # without a join (they never change: an award's round and group are fixed).
    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="quarterly_returns"
    )
    cpeg = models.ForeignKey(
        Cpeg, on_delete=models.PROTECT, related_name="quarterly_returns", verbose_name="CPEG"
    )
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in QUARTERS])
    version = models.PositiveSmallIntegerField(default=1)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text="The accepted version this one corrects.",
    )
    #: Fixed when the return is made, from the round's deadline for the quarter; never
    #: recomputed when the round's deadline changes later.
    due_on = models.DateField("due")
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED
    )
    time_state = models.CharField(
        max_length=20, choices=TimeState.choices, default=TimeState.NOT_OPEN
    )
    days_overdue = models.PositiveIntegerField(default=0)
    time_state_on = models.DateField(
        null=True, blank=True, help_text="The day the time state was last worked out."
    )
    #: When a return is sent back with questions: the day the answers are due (reminders and
    #: escalation count from it, as they count from ``due_on`` for the first submission).
    answer_due_on = models.DateField("answers due", null=True, blank=True)

    public_meetings = _count("public meetings and engagement events held")
    public_attendance = _count("total attendance at public meetings and engagement events")
    cdrp_meetings = _count("CDRP meetings attended")
    snp_meetings = _count("Safer Neighbourhoods panel meetings attended")
    outreach_events = _count("outreach events held")
    young_people = _count("young people (under 25) engaged")

    evidence = models.TextField("evidence", blank=True)
    highlights = models.TextField(blank=True)
    problems = models.TextField(blank=True)
    support_wanted = models.TextField("support wanted from the link officer", blank=True)
    #: Whether the narrative section (highlights, problems, support) has been saved once.
    narrative_saved = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last returned with questions."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["funding_round", "cpeg__borough__name", "quarter", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "quarter", "version"], name="one_return_per_quarter_version"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="quarterly_return_quarter_1_to_4",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": MAX_COUNT}),
                    name=f"quarterly_return_{name}_at_most_{MAX_COUNT}",
                )
                for name in COUNT_FIELDS
            ),
        ]
        indexes = [
            models.Index(fields=["funding_round", "quarter"], name="return_round_quarter"),
            models.Index(fields=["cpeg", "funding_round"], name="return_group_round"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("slas:return", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """``CPEG-2026-BARNET-Q2``; a correction adds its version: ``CPEG-2026-BARNET-Q2-V2``."""
        borough = self.cpeg.borough.name.upper().replace(" ", "-").replace(",", "")
        base = f"CPEG-{self.funding_round.year_start}-{borough}-Q{self.quarter}"
        return base if self.version == 1 else f"{base}-V{self.version}"

    @property
    def title(self) -> str:
        return f"Quarter {self.quarter} return"


class MilestoneOutcome(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_DUE = "not_due", "Not due after all"


#: Outcomes that need what happened and what happens next.
EXPLAINED_OUTCOMES = frozenset({MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET})


class MilestoneReport(models.Model):
    """The group's word on one milestone due in the return's quarter."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="milestone_reports"
    )
    milestone = models.ForeignKey(SlaMilestone, on_delete=models.PROTECT, related_name="reports")
    outcome = models.CharField(max_length=20, choices=MilestoneOutcome.choices, blank=True)
    what_happened = models.TextField(blank=True)
    next_steps = models.TextField("what happens next", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [
            "quarterly_return",
            "milestone__objective__position",
            "milestone__objective__code",
            "milestone__pk",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "milestone"], name="one_report_per_milestone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_outcome_display() or 'not answered'}"


class SpendLine(models.Model):
    """Spend to date against one budget line of the award, in pounds and pence."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="spend_lines"
    )
    category = models.CharField(max_length=20, choices=BudgetCategory.choices)
    #: The line of the award's budget, copied when the return is started.
    budget = MoneyField()
    spent_to_date = MoneyField(null=True, blank=True)
    #: Required when spend to date is lower than the last accepted quarter's.
    lower_reason = models.TextField("why spend to date is lower", blank=True)

    class Meta:
        ordering = ["quarterly_return", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "category"], name="one_spend_line_per_category"
            ),
            not_negative("budget", "spend_line_budget_not_negative"),
            not_negative("spent_to_date", "spend_line_spent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.spent_to_date}"

    @property
    def variance(self):
        """Spend to date less the line's budget: negative while under budget."""
        if self.spent_to_date is None:
            return None
        return self.spent_to_date - self.budget


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    # Never the uploader's file name: it is kept in ``original_name`` and shown, not trusted.
    import uuid

    return f"returns/{instance.quarterly_return_id}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file of evidence (a paper, a photograph of an event), served only through a
    permission-checked view."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(upload_to=evidence_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quarterly_return", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReviewQuestion(models.Model):
    """A question the officer asks when returning a return: on one milestone, or overall."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="questions"
    )
    milestone_report = models.ForeignKey(
        MilestoneReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        help_text="Empty for a question on the return as a whole.",
    )
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["quarterly_return", "asked_at", "pk"]

    def __str__(self) -> str:
        return self.question[:60]


class ReturnSubmission(models.Model):
    """What the group submitted, frozen: one per submission of a return, numbered from 1, so
    each submitted version can be read and compared with the one before."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["quarterly_return", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "number"], name="one_submission_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarterly_return} submission {self.number}"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_RATED = "not_rated", "Not rated"


class Rating(models.Model):
    """The officer's rating of one objective, or of the quarter overall (no objective), made
    when the return is accepted: the portal's suggestion, the final rating, the reason for an
    override and the version of the rule that made the suggestion."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="ratings"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggested = models.CharField(max_length=20, choices=Rag.choices)
    final = models.CharField("rating", max_length=20, choices=Rag.choices)
    override_reason = models.TextField(blank=True)
    rule_version = models.CharField(max_length=20)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["quarterly_return", "objective__position", "objective__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "objective"], name="one_rating_per_objective"
            ),
            models.UniqueConstraint(
                fields=["quarterly_return"],
                condition=models.Q(objective__isnull=True),
                name="one_overall_rating_per_return",
            ),
            models.CheckConstraint(
                condition=models.Q(final=models.F("suggested")) | ~models.Q(override_reason=""),
                name="rating_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective or 'Overall'}: {self.get_final_display()}"

    @property
    def overridden(self) -> bool:
        return self.final != self.suggested


class ReminderStep(models.TextChoices):
    BEFORE_DUE = "before_due", "Reminder before the due date"
    ON_DUE = "on_due", "Reminder on the due date"
    OVERDUE_7 = "overdue_7", "7 days overdue: secretary and chair"
    OVERDUE_14 = "overdue_14", "14 days overdue: link officer"
    OVERDUE_28 = "overdue_28", "28 days overdue: funding manager, instalment held"


class Reminder(models.Model):
    """A reminder or escalation sent for a return: once per return, step and cycle (cycle 0
    counts from the due date; cycle N from the day the Nth set of questions is due)."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(max_length=20, choices=ReminderStep.choices)
    cycle = models.PositiveSmallIntegerField(default=0)
    sent_on = models.DateField()
    recipients = models.TextField(help_text="The addresses written to, one per line.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quarterly_return", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "step", "cycle"], name="one_reminder_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarterly_return}: {self.get_step_display()}"
