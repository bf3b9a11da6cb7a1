"""Committee decisions and the awards they make: the funding agreement and its instalments."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from grants.models.applications import Application
from grants.models.money import MoneyField, money, not_negative
from grants.models.rounds import FundingRound

#: Days a group has to appeal a committee decision (DESIGN.md, "Committee outcomes").
APPEAL_DAYS = 21


class CommitteeMeeting(models.Model):
    """A sitting of the sub-committee at which funding decisions were made."""

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="meetings"
    )
    name = models.CharField(max_length=200)
    held_on = models.DateField("date of the meeting")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.held_on:%-d %B %Y}"

    @property
    def body(self) -> str:
        """The name as it reads after "the meeting of the": a name stored with its own
        "The" ("The Finance Committee") does not say it twice."""
        name = self.name.strip()
        return name[4:] if name[:4].lower() == "the " else name


class DecisionOutcome(models.TextChoices):
    FUND = "fund", "Fund"
    FUND_WITH_CONDITIONS = "fund_with_conditions", "Fund with conditions"
    DO_NOT_FUND = "do_not_fund", "Do not fund"
    DEFER = "defer", "Defer"


FUNDING_OUTCOMES = frozenset({DecisionOutcome.FUND, DecisionOutcome.FUND_WITH_CONDITIONS})


class Decision(models.Model):
    """The committee's decision on one application at one meeting."""

    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.PROTECT, related_name="decisions"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=25, choices=DecisionOutcome.choices)
    amount = MoneyField(null=True, blank=True, help_text="Only when the committee funds.")
    conditions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "application__cpeg__borough__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"], name="one_decision_per_application_per_meeting"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(outcome__in=sorted(FUNDING_OUTCOMES), amount__gt=0)
                    | (
                        ~models.Q(outcome__in=sorted(FUNDING_OUTCOMES))
                        & models.Q(amount__isnull=True)
                    )
                ),
                name="decision_amount_only_when_funded",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="fund_with_conditions", conditions=""),
                name="decision_conditions_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application.cpeg}"

    def get_absolute_url(self) -> str:
        return reverse("grants:decision_letter", kwargs={"pk": self.pk})

    @property
    def appeal_deadline(self):
        import datetime

        return self.meeting.held_on + datetime.timedelta(days=APPEAL_DAYS)


class Award(models.Model):
    """The funding agreement: an amount, its instalments and (from the work plan) its SLA."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="awards")
    cpeg = models.ForeignKey(
        Cpeg, on_delete=models.PROTECT, related_name="awards", verbose_name="CPEG"
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="award"
    )
    is_interim = models.BooleanField(
        "interim funding",
        default=False,
        help_text="Funding for a group without an agreed work plan.",
    )
    interim_reason = models.TextField(blank=True)
    reference = models.CharField(max_length=40, unique=True)
    amount = MoneyField()
    conditions = models.TextField(blank=True)
    awarded_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["funding_round", "cpeg__borough__name", "awarded_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="award_amount_positive"),
            models.CheckConstraint(
                condition=(
                    models.Q(is_interim=False, decision__isnull=False, interim_reason="")
                    | (
                        models.Q(is_interim=True, decision__isnull=True)
                        & ~models.Q(interim_reason="")
                    )
                ),
                name="award_from_decision_or_interim_with_reason",
            ),
            models.UniqueConstraint(
                fields=["funding_round", "cpeg"],
                condition=models.Q(is_interim=False),
                name="one_full_award_per_group_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.cpeg}, {money(self.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("grants:award", kwargs={"pk": self.pk})


class InstalmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    READY = "ready", "Ready for release"
    RELEASED = "released", "Released"


class Instalment(models.Model):
    """One quarter's payment under an award. An award's instalments add up to the award.

    Scheduled, then ready for release, then released (``grants.workflows.instalment``):
    quarter 1's is ready when the award is made, quarter N+1's once the quarter N return is
    accepted; an interim award's are ready at once and released with a reason.
    """

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="instalments")
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Quarter {q}") for q in QUARTERS])
    amount = MoneyField()
    status = models.CharField(
        max_length=20, choices=InstalmentStatus.choices, default=InstalmentStatus.SCHEDULED
    )
    released_on = models.DateField(null=True, blank=True)
    release_reference = models.CharField(
        "payment reference", max_length=40, blank=True, help_text="The finance system's reference."
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_reason = models.TextField(
        blank=True, help_text="Why an interim award's instalment is released."
    )

    class Meta:
        ordering = ["award", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["award", "quarter"], name="one_instalment_per_quarter"),
            not_negative("amount", "instalment_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="instalment_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="released", released_on__isnull=False)
                    | (~models.Q(status="released") & models.Q(released_on__isnull=True))
                ),
                name="instalment_released_on_set_exactly_when_released",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter}: {money(self.amount)}"
