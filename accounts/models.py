"""People who use the portal, and the role each one holds."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from boroughs.models import Borough, Cpeg


class Role(models.TextChoices):
    SECRETARY = "secretary", "CPEG secretary"
    CHAIR = "chair", "CPEG chair"
    POLICE_PARTNER = "police_partner", "Police partner"
    COUNCIL_PARTNER = "council_partner", "Council partner"
    LINK_OFFICER = "link_officer", "Link officer"
    FUNDING_MANAGER = "funding_manager", "Funding manager"
    COMMITTEE_MEMBER = "committee_member", "Committee member"


#: Roles that belong to one borough's group and see only that borough.
BOROUGH_ROLES = frozenset({Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER})
#: The authority's own staff, who see every borough: link officers and the funding manager.
MPA_STAFF = frozenset({Role.LINK_OFFICER, Role.FUNDING_MANAGER})


class PortalUserManager(UserManager["User"]):
    def get_queryset(self) -> models.QuerySet["User"]:
        # Every page's header names the user's group and borough: read them with the user.
        return super().get_queryset().select_related("cpeg__borough")


class User(AbstractUser):
    """A portal user. Borough roles are tied to one CPEG; link officers to their boroughs."""

    role = models.CharField(max_length=20, choices=Role.choices)
    cpeg = models.ForeignKey(
        Cpeg,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="CPEG",
        help_text="Required for secretaries, chairs and partners; empty for everyone else.",
    )
    assigned_boroughs = models.ManyToManyField(
        Borough,
        blank=True,
        related_name="link_officers",
        help_text="The boroughs a link officer looks after.",
    )

    objects: ClassVar[PortalUserManager] = PortalUserManager()

    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(BOROUGH_ROLES), cpeg__isnull=False)
                    | (~models.Q(role__in=sorted(BOROUGH_ROLES)) & models.Q(cpeg__isnull=True))
                ),
                name="user_cpeg_set_exactly_for_borough_roles",
            ),
        ]

    @property
    def is_borough_user(self) -> bool:
        return self.role in BOROUGH_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
