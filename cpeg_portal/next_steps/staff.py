"""What is waiting for link officers and the funding manager, and what committee members
can read."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Borough
from cpeg_portal.fiscal import FinancialYear
from cpeg_portal.next_steps.common import APPLICATION_SUBMITTED, OUTLINE_DISPUTED, RETURN_TO_ACCEPT
from diversity.models import DiversityReturn
from diversity.selectors import return_year_due
from grants.models import Application, CommitteeMeeting, FundingRound, Outline
from grants.workflows.application import AWAITING_DECISION, UNDER_REVIEW
from grants.workflows.outline import BROKERING
from slas.models import QuarterlyReturn, TimeState
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN

# Officers


@dataclass(frozen=True)
class BoroughStage:
    """One borough's row: its outline and application in the round (the application only
    once submitted: officers never see a draft nobody has submitted) and its latest return
    for the year due."""

    borough: Borough
    outline: Outline | None
    application: Application | None
    diversity_return: DiversityReturn | None


@dataclass(frozen=True)
class Work:
    """What is waiting for an officer, counted, with the page that lists each."""

    disputed_outlines: int = 0
    disputed_url: str = ""
    to_review: int = 0
    review_url: str = ""
    awaiting_decision: int = 0
    returns_to_accept: list[DiversityReturn] = field(default_factory=list)
    #: Quarterly returns waiting for review and overdue, for each round that has any.
    quarterly: list["QuarterlyWork"] = field(default_factory=list)

    @property
    def quarterly_to_review(self) -> int:
        return sum(row.to_review for row in self.quarterly)

    @property
    def quarterly_overdue(self) -> int:
        return sum(row.overdue for row in self.quarterly)

    @property
    def anything(self) -> bool:
        return bool(
            self.disputed_outlines
            or self.to_review
            or self.awaiting_decision
            or self.returns_to_accept
            or self.quarterly_to_review
            or self.quarterly_overdue
        )


@dataclass(frozen=True)
class OfficerOverview:
    rows: list[BoroughStage]
    work: Work
    year_due: FinancialYear


def officer_overview(
    *, user: User, boroughs: list[Borough], funding_round: FundingRound | None
) -> OfficerOverview:
    """The boroughs' stages and the work waiting, in four queries however many boroughs:
    the round's outlines, its submitted applications, the returns for the year due, and
    the returns waiting to be accepted; and once a round is open, a fifth: the quarterly
    returns waiting for review and overdue, counted."""
    cpeg_ids = [b.cpeg.pk for b in boroughs]
    outlines: dict[int, Outline] = {}
    applications: dict[int, Application] = {}
    if funding_round is not None and cpeg_ids:
        outlines = {
            o.cpeg_id: o
            for o in Outline.objects.filter(funding_round=funding_round, cpeg__in=cpeg_ids).only(
                "pk", "cpeg_id", "status", "funding_round_id"
            )
        }
        applications = {
            a.cpeg_id: a
            for a in Application.objects.filter(
                funding_round=funding_round, cpeg__in=cpeg_ids, submitted_version__gt=0
            ).only("pk", "cpeg_id", "status", "funding_round_id", "submitted_version")
        }
    year_due = FinancialYear(return_year_due())
    latest: dict[int, DiversityReturn] = {}
    to_accept: list[DiversityReturn] = []
    if cpeg_ids:
        for diversity_return in (
            DiversityReturn.objects.filter(year_start=year_due.start_year, cpeg__in=cpeg_ids)
            .only("pk", "cpeg_id", "status", "version", "year_start")
            .order_by("version")
        ):
            latest[diversity_return.cpeg_id] = diversity_return
        to_accept = list(
            DiversityReturn.objects.filter(status__in=RETURN_TO_ACCEPT, cpeg__in=cpeg_ids)
            .select_related("cpeg__borough")
            .only("pk", "status", "year_start", "version", "cpeg__borough__name", "cpeg__name")
            .order_by("cpeg__borough__name", "year_start", "version")
        )
    rows = [
        BoroughStage(
            borough=b,
            outline=outlines.get(b.cpeg.pk),
            application=applications.get(b.cpeg.pk),
            diversity_return=latest.get(b.cpeg.pk),
        )
        for b in boroughs
    ]
    work = Work(returns_to_accept=to_accept)
    if funding_round is not None:
        query: dict[str, object] = {
            "round": funding_round.year_start,
            "status": APPLICATION_SUBMITTED,
        }
        disputed: dict[str, object] = {"status": OUTLINE_DISPUTED}
        if user.role == Role.LINK_OFFICER:
            # The counts cover only their boroughs: so do the lists the links open.
            query["mine"] = disputed["mine"] = "on"
        work = Work(
            disputed_outlines=sum(1 for o in outlines.values() if o.status in BROKERING),
            disputed_url=reverse("grants:outline_list", kwargs={"year": funding_round.year_start})
            + "?"
            + urlencode(disputed),
            to_review=sum(1 for a in applications.values() if a.status in UNDER_REVIEW),
            review_url=reverse("grants:review_list") + "?" + urlencode(query),
            awaiting_decision=sum(
                1 for a in applications.values() if a.status in AWAITING_DECISION
            ),
            returns_to_accept=to_accept,
            quarterly=_quarterly_work(user, cpeg_ids),
        )
    return OfficerOverview(rows=rows, work=work, year_due=year_due)


#: The state the review list filters on for "waiting for review", as the workflow names it.
QUARTERLY_TO_REVIEW = sorted(QUARTERLY_RETURN.sources_of(ACCEPT))


@dataclass(frozen=True)
class QuarterlyWork:
    """One round's quarterly returns waiting for review (submitted) and overdue (the group
    still owes them, or the answers to questions), with the review list filtered to each."""

    label: str  # the round's, "2011/12"
    to_review: int
    review_url: str
    overdue: int
    overdue_url: str


def _quarterly_work(user: User, cpeg_ids: list[int]) -> list[QuarterlyWork]:
    """The quarterly returns waiting for review and overdue in the user's boroughs, counted
    for each round that has any, newest first; one query (none without boroughs). The
    review list lists one round at a time, so each round has its own links."""
    if not cpeg_ids:
        return []
    counted = (
        QuarterlyReturn.objects.filter(cpeg__in=cpeg_ids)
        .values("funding_round__year_start")
        .annotate(
            to_review=Count("pk", filter=Q(status__in=QUARTERLY_TO_REVIEW)),
            overdue=Count("pk", filter=Q(time_state=TimeState.OVERDUE)),
        )
        .filter(Q(to_review__gt=0) | Q(overdue__gt=0))
        .order_by("-funding_round__year_start")
    )
    mine = {"mine": "on"} if user.role == Role.LINK_OFFICER else {}
    review_list = reverse("slas:review_list")
    rows = []
    for row in counted:
        year = row["funding_round__year_start"]
        rows.append(
            QuarterlyWork(
                label=FinancialYear(year).label,
                to_review=row["to_review"],
                review_url=review_list
                + "?"
                + urlencode({"round": year, "state": QUARTERLY_TO_REVIEW[0], **mine}),
                overdue=row["overdue"],
                overdue_url=review_list + "?" + urlencode({"round": year, "overdue": "on", **mine}),
            )
        )
    return rows


# Committee members


@dataclass(frozen=True)
class CommitteeReading:
    """What a committee member can read now: the round's latest meeting, if it decided."""

    latest_meeting: CommitteeMeeting | None


def committee_reading(*, funding_round: FundingRound | None) -> CommitteeReading:
    if funding_round is None:
        return CommitteeReading(latest_meeting=None)
    return CommitteeReading(
        latest_meeting=CommitteeMeeting.objects.filter(
            funding_round=funding_round, decisions__isnull=False
        )
        .distinct()
        .first()
    )
