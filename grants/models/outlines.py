"""The borough outline: one per borough per round, signed by chair, police and council.

A signature binds to the exact version signed: editing the outline makes a new version, and
signatures given to an earlier version are void (kept, with the time they were voided).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Cpeg
from grants.models.money import MoneyField, not_negative
from grants.models.rounds import FundingRound, GroupRoundRecord


class OutlineStatus(models.TextChoices):
    DRAFT = "draft", "Awaiting signatures"
    CONSENSUS = "consensus", "Consensus"
    DISPUTED = "disputed", "Disputed"
    AGREED = "agreed", "Brokered: agreed"
    NOT_AGREED = "not_agreed", "Brokered: not agreed"


class BrokeringOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"


class SignatoryRole(models.TextChoices):
    """The three who sign an outline. Values match ``accounts.models.Role``."""

    CHAIR = "chair", "CPEG chair"
    POLICE_PARTNER = "police_partner", "Police partner"
    COUNCIL_PARTNER = "council_partner", "Council partner"


class Outline(GroupRoundRecord):
    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="outlines"
    )
    cpeg = models.ForeignKey(
        Cpeg, on_delete=models.PROTECT, related_name="outlines", verbose_name="CPEG"
    )
    status = models.CharField(
        max_length=20, choices=OutlineStatus.choices, default=OutlineStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every edit; signatures bind to one version."
    )
    position = models.TextField(
        "the borough's position", help_text="Where the partners and the community stand."
    )
    proposed_activities = models.TextField()
    proposed_sum = MoneyField("proposed sum")
    version_made_at = models.DateTimeField(
        "version made", default=timezone.now, help_text="When the text last changed."
    )
    brokering_outcome_notes = models.TextField(
        blank=True, help_text="What the committee is told about the brokering."
    )
    brokered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    brokered_at = models.DateTimeField(null=True, blank=True)

    class Meta(GroupRoundRecord.Meta):
        constraints = [
            *GroupRoundRecord.Meta.constraints,
            not_negative("proposed_sum", "outline_proposed_sum_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.cpeg} outline, {self.funding_round}"

    def get_absolute_url(self) -> str:
        return reverse("grants:outline", kwargs={"pk": self.pk})

    @property
    def is_agreed(self) -> bool:
        """Consensus, or brokered to agreement: the group may make a full application."""
        from grants.workflows.outline import OUTLINE_AGREED

        return self.status in OUTLINE_AGREED


class SignatureDecision(models.TextChoices):
    SIGNED = "signed", "Signed"
    DECLINED = "declined", "Declined"


class Signature(models.Model):
    """One signatory's decision on one version of the outline."""

    outline = models.ForeignKey(Outline, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=20, choices=SignatoryRole.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(help_text="The outline version this decision is about.")
    decision = models.CharField(max_length=10, choices=SignatureDecision.choices)
    reason = models.TextField(blank=True, help_text="Required when declining.")
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when an edit made a new version."
    )

    class Meta:
        ordering = ["outline", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["outline", "role"],
                condition=models.Q(voided_at__isnull=True),
                name="one_live_signature_per_role",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="declined", reason=""),
                name="signature_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.get_decision_display().lower()} v{self.version}"


class BrokeringContact(models.Model):
    """A link officer's contact while brokering a disputed outline."""

    outline = models.ForeignKey(
        Outline, on_delete=models.CASCADE, related_name="brokering_contacts"
    )
    contacted_on = models.DateField("date of contact")
    contact_with = models.CharField("who", max_length=200)
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outline", "contacted_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.contacted_on}: {self.contact_with}"
