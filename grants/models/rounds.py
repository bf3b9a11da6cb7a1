"""A yearly funding round: its budget, objectives, deadlines and access-needs fund."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear
from grants.models.money import MoneyField, not_negative


class RoundStatus(models.TextChoices):
    SETUP = "setup", "Being set up"
    OUTLINES_OPEN = "outlines_open", "Open for outlines"
    APPLICATIONS_OPEN = "applications_open", "Open for applications"
    CLOSED = "closed", "Closed"


#: The round's deadlines, in the order they fall: its forms, pages and admin list them so.
DEADLINE_FIELDS = (
    "outline_deadline",
    "application_deadline",
    "q1_return_deadline",
    "q2_return_deadline",
    "q3_return_deadline",
    "q4_return_deadline",
)


class FundingRound(models.Model):
    """One financial year's funding for the 32 groups, named like ``2011/12``."""

    year_start = models.PositiveSmallIntegerField(
        "financial year", unique=True, help_text="The calendar year the financial year starts in."
    )
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.SETUP)
    total_budget = MoneyField("total budget")
    allocable_ceiling = MoneyField(
        "most that may be allocated to groups",
        help_text="Awards never exceed this. Recommendations may go over it: the ledger warns.",
    )
    access_fund = MoneyField(
        "access-needs fund at the start", help_text="Top-ups are recorded separately, with reasons."
    )
    outline_deadline = models.DateField("outlines due")
    application_deadline = models.DateField("applications due")
    q1_return_deadline = models.DateField("quarter 1 return due")
    q2_return_deadline = models.DateField("quarter 2 return due")
    q3_return_deadline = models.DateField("quarter 3 return due")
    q4_return_deadline = models.DateField("quarter 4 return due")
    reminder_days_before = models.PositiveSmallIntegerField(
        "days before a return is due to remind the secretary",
        default=7,
        help_text="Secretaries are reminded this many days before a quarterly return is due, "
        "and again on the day.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year_start"]
        constraints = [
            not_negative("total_budget", "round_total_budget_not_negative"),
            not_negative("allocable_ceiling", "round_ceiling_not_negative"),
            not_negative("access_fund", "round_access_fund_not_negative"),
            models.CheckConstraint(
                condition=models.Q(allocable_ceiling__lte=models.F("total_budget")),
                name="round_ceiling_within_total_budget",
            ),
            models.CheckConstraint(
                condition=models.Q(outline_deadline__lte=models.F("application_deadline")),
                name="round_outlines_due_before_applications",
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_days_before__lte=60),
                name="round_reminder_days_before_at_most_60",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("grants:round", kwargs={"year": self.year_start})

    @property
    def year(self) -> FinancialYear:
        return FinancialYear(self.year_start)

    @property
    def label(self) -> str:
        return self.year.label

    @property
    def objectives_editable(self) -> bool:
        """Objectives are fixed once groups may apply against them."""
        from grants.workflows.round import OBJECTIVES_EDITABLE

        return self.status in OBJECTIVES_EDITABLE

    def return_deadline(self, quarter: int) -> datetime.date:
        return getattr(self, f"q{quarter}_return_deadline")


class Objective(models.Model):
    """One of the round's objectives; every application's work plan covers each of them."""

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(max_length=10, help_text="A short code, for example O1.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["funding_round", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "code"], name="objective_code_unique_in_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class GroupRoundRecord(models.Model):
    """A record a group has one of in each round (its outline, its application), and who
    made it when. The subclass declares ``funding_round`` and ``cpeg`` (their related names
    are its own); the constraint is named for it: ``one_outline_per_group_per_round``."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["funding_round", "cpeg__borough__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "cpeg"], name="one_%(class)s_per_group_per_round"
            ),
        ]


class AccessFundMovement(models.Model):
    """What a top-up and a drawdown of the access-needs fund both record: an amount, the
    reason, who and when."""

    amount = MoneyField()
    reason = models.TextField()
    #: Made when the form is shown and posted with it, so the same form posted twice
    #: records one row (None for rows recorded without a form).
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class AccessFundTopUp(AccessFundMovement):
    """Money added to the round's access-needs fund, with the reason."""

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="access_fund_top_ups"
    )

    class Meta(AccessFundMovement.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="access_top_up_amount_positive"
            ),
            models.UniqueConstraint(fields=["token"], name="access_top_up_token_unique"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} added: {self.reason}"


class AccessFundDrawdown(AccessFundMovement):
    """Money drawn from the access-needs fund for one group (e.g. interpreting, a hearing loop)."""

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="access_fund_drawdowns"
    )
    cpeg = models.ForeignKey(Cpeg, on_delete=models.PROTECT, related_name="+", verbose_name="CPEG")

    class Meta(AccessFundMovement.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="access_drawdown_amount_positive"
            ),
            models.UniqueConstraint(fields=["token"], name="access_drawdown_token_unique"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} for {self.cpeg}: {self.reason}"
