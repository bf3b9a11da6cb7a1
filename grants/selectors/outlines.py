"""Reads for the borough outline: the round's list for MPA staff, and one outline in full."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import User
from boroughs.models import Cpeg
from grants.models import (
    Application,
    BrokeringContact,
    FundingRound,
    Outline,
    SignatoryRole,
    Signature,
    SignatureDecision,
)
from grants.workflows.outline import BROKERED, BROKERING, OUTLINE

#: The status shown for a borough that has written no outline in the round.
NOT_STARTED = "not_started"
NOT_STARTED_LABEL = "Not started"

#: What the list may be filtered by: every outline status, and "not started".
STATUS_FILTERS: list[tuple[str, str]] = [
    (NOT_STARTED, NOT_STARTED_LABEL),
    *((state.value, state.label) for state in OUTLINE.states),
]


@dataclass(frozen=True)
class BoroughOutline:
    """One borough's line in the round's list: its group and outline (None if not started)."""

    cpeg: Cpeg
    outline: Outline | None

    @property
    def status(self) -> str:
        return self.outline.status if self.outline else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.outline.get_status_display() if self.outline else NOT_STARTED_LABEL

    @property
    def brokering(self) -> bool:
        """Disputed: a link officer is brokering it."""
        return self.outline is not None and self.outline.status in BROKERING

    @property
    def brokered(self) -> bool:
        """Brokering ended, agreed or not."""
        return self.outline is not None and self.outline.status in BROKERED


def round_outlines(
    *, funding_round: FundingRound, status: str = "", assigned_to: User | None = None
) -> list[BoroughOutline]:
    """Every borough's group with its outline in the round, by borough name; ``status``
    keeps only those in that status ("not_started" for groups with no outline);
    ``assigned_to`` only the boroughs that user looks after (in the same query)."""
    outlines = {
        outline.cpeg_id: outline
        for outline in Outline.objects.filter(funding_round=funding_round)
        .annotate(
            signed_count=Count(
                "signatures",
                distinct=True,
                filter=Q(
                    signatures__voided_at__isnull=True,
                    signatures__decision=SignatureDecision.SIGNED,
                    signatures__version=F("version"),
                ),
            ),
            contact_count=Count("brokering_contacts", distinct=True),
        )
        .order_by()
    }
    cpegs = Cpeg.objects.select_related("borough").order_by("borough__name")
    if assigned_to is not None:
        cpegs = cpegs.filter(borough__link_officers=assigned_to)
    rows = [BoroughOutline(cpeg=cpeg, outline=outlines.get(cpeg.pk)) for cpeg in cpegs]
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def _in_full(outlines: QuerySet[Outline]) -> QuerySet[Outline]:
    return outlines.select_related(
        "funding_round", "cpeg__borough", "created_by", "brokered_by", "application"
    ).prefetch_related(
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("signed_by").order_by("created_at", "pk"),
        ),
        Prefetch(
            "brokering_contacts",
            queryset=BrokeringContact.objects.select_related("recorded_by").order_by(
                "contacted_on", "created_at", "pk"
            ),
        ),
    )


def outline_detail(*, pk: int) -> Outline | None:
    """The outline with its round, group, signatures and brokering contacts."""
    return _in_full(Outline.objects.filter(pk=pk)).first()


def group_outline(*, funding_round: FundingRound, cpeg: Cpeg) -> Outline | None:
    """The group's outline in the round, in full, or None if it has not been started."""
    return _in_full(Outline.objects.filter(funding_round=funding_round, cpeg=cpeg)).first()


def outline_application(*, outline: Outline) -> Application | None:
    """The full application made on the strength of the outline, if there is one (read with
    the outline by ``outline_detail`` and ``group_outline``)."""
    try:
        return outline.application
    except Application.DoesNotExist:
        return None


@dataclass(frozen=True)
class RoleSignature:
    """Where one signatory stands on the outline: the live decision, if any, and any earlier
    ones an edit made void."""

    role: str
    label: str
    live: Signature | None
    void: list[Signature]


def signatures_by_role(outline: Outline) -> list[RoleSignature]:
    """Chair, police partner, council partner in turn (reads the prefetched signatures)."""
    signatures = list(outline.signatures.all())
    return [
        RoleSignature(
            role=role,
            label=label,
            live=next((s for s in signatures if s.role == role and s.voided_at is None), None),
            void=[s for s in signatures if s.role == role and s.voided_at is not None],
        )
        for role, label in SignatoryRole.choices
    ]
