"""Applications and awards as rows for the CSV and Excel downloads.

Values keep their types (``Decimal`` money, ``datetime.date``, text) so that each writer can
present them properly; ``None`` is an empty cell. Each table is read in a fixed number of
queries, however many rows it has.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.tables import Cell, Column, Kind
from grants.models import Application, Award, BudgetCategory, BudgetLine, Decision, FundingRound
from grants.models.money import administration_share


@dataclass(frozen=True)
class Table:
    """One download: its columns and rows, and the names a file and a worksheet get."""

    name: str  # "applications" or "awards"
    funding_round: FundingRound
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]

    @property
    def headings(self) -> list[str]:
        return [column.heading for column in self.columns]

    @property
    def year_slug(self) -> str:
        """The round's label for a file name: ``2011-12`` for 2011/12."""
        return self.funding_round.label.replace("/", "-")

    def filename(self, extension: str) -> str:
        return f"cpeg-{self.name}-{self.year_slug}.{extension}"

    @property
    def sheet_title(self) -> str:
        return f"{self.name.capitalize()} {self.year_slug}"


APPLICATION_COLUMNS = (
    Column("Borough", width=24),
    Column("GSS code", width=11),
    Column("Reference", width=20),
    Column("Status", width=18),
    Column("Requested", Kind.MONEY),
    Column("Administration share (%)", Kind.PERCENT, width=12),
    Column("Recommended", Kind.MONEY),
    Column("Recommendation conditions", width=40),
    Column("Submitted", Kind.DATE, width=12),
    Column("Decision", width=20),
    Column("Award amount", Kind.MONEY),
)

AWARD_COLUMNS = (
    Column("Reference", width=20),
    Column("Borough", width=24),
    Column("Amount", Kind.MONEY),
    Column("Interim", width=8),
    Column("Awarded on", Kind.DATE, width=12),
    Column("Conditions", width=40),
    *(Column(f"Q{quarter} instalment", Kind.MONEY) for quarter in QUARTERS),
)


def application_table(*, funding_round: FundingRound) -> Table:
    """Every application in the round that has been submitted, by borough.

    Drafts nobody has submitted are left out: MPA staff never see those. The decision is the
    latest the committee made on the application; the award amount is from the award a
    funding decision made. Two queries: the applications (with their administration line in
    a subquery), and their decisions with meetings and awards.
    """
    administration = BudgetLine.objects.filter(
        application=OuterRef("pk"), category=BudgetCategory.ADMINISTRATION
    ).values("amount")[:1]
    decisions = Decision.objects.select_related("meeting", "award").order_by(
        "meeting__held_on", "created_at", "pk"
    )
    applications = (
        Application.objects.filter(funding_round=funding_round, submitted_version__gt=0)
        .select_related("cpeg__borough")
        .annotate(administration=Subquery(administration))
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decisions_in_order"))
        .order_by("cpeg__borough__name")
    )
    rows: list[tuple[Cell, ...]] = []
    for application in applications:
        borough = application.cpeg.borough
        latest = application.decisions_in_order[-1] if application.decisions_in_order else None
        awards = [
            award
            for decision in application.decisions_in_order
            if (award := getattr(decision, "award", None)) is not None
        ]
        rows.append(
            (
                borough.name,
                borough.gss_code,
                application.reference,
                application.get_status_display(),
                application.requested_amount,
                # Of the request: the exported row says what the group asked for.
                administration_share(
                    administration=application.administration,
                    total=application.requested_amount,
                ),
                application.recommended_amount,
                application.recommendation_conditions or None,
                timezone.localdate(application.submitted_at) if application.submitted_at else None,
                latest.get_outcome_display() if latest else None,
                awards[-1].amount if awards else None,
            )
        )
    return Table("applications", funding_round, APPLICATION_COLUMNS, rows)


def award_table(*, funding_round: FundingRound) -> Table:
    """Every award in the round, interim awards included, by borough; two queries (the awards
    with their groups and boroughs, and their instalments)."""
    awards = (
        Award.objects.filter(funding_round=funding_round)
        .select_related("cpeg__borough")
        .prefetch_related("instalments")
        .order_by("cpeg__borough__name", "awarded_on", "reference")
    )
    rows: list[tuple[Cell, ...]] = []
    for award in awards:
        instalments = {
            instalment.quarter: instalment.amount for instalment in award.instalments.all()
        }
        rows.append(
            (
                award.reference,
                award.cpeg.borough.name,
                award.amount,
                "Yes" if award.is_interim else "No",
                award.awarded_on,
                award.conditions or None,
                *(instalments.get(quarter) for quarter in QUARTERS),
            )
        )
    return Table("awards", funding_round, AWARD_COLUMNS, rows)


TABLES = {"applications": application_table, "awards": award_table}
