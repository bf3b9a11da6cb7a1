"""What the link officer's review pages read: the list of submitted applications, one
application as submitted (from its version's snapshot, never the live draft), and what changed
between two submitted versions.

Nothing here reads diversity figures: they stay out of review screens (DESIGN.md, "Why counts,
not people").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from audit.models import AuditEvent
from audit.selectors import audit_timeline
from boroughs.models import Borough
from cpeg_portal.fiscal import QUARTERS
from grants.models import (
    Application,
    ApplicationVersion,
    BudgetCategory,
    FundingRound,
    InternalNote,
    Objective,
    ReviewComment,
    SupportingDocument,
)
from grants.models.money import administration_share, money
from grants.selectors.ledger import Ledger, round_ledger
from grants.workflows.application import UNDER_REVIEW
from grants.workflows.round import BEING_SET_UP

#: Snapshots key milestones by the quarter as text (JSON object keys).
_SNAPSHOT_QUARTERS = tuple(str(quarter) for quarter in QUARTERS)


# The list


def review_rounds() -> list[FundingRound]:
    """Every round, newest first (the list's filter), each with ``waiting``: how many of its
    applications wait for review. One query."""
    return list(
        FundingRound.objects.annotate(
            waiting=Count("applications", filter=Q(applications__status__in=UNDER_REVIEW))
        ).order_by("-year_start")
    )


def review_default_round(rounds: Sequence[FundingRound]) -> FundingRound | None:
    """The round the list opens on (``rounds`` as ``review_rounds`` gives them): the newest
    with applications waiting for review; else the newest not being set up (next year's
    round, created early, has nothing to review yet); else the newest."""
    for funding_round in rounds:
        if getattr(funding_round, "waiting", 0):
            return funding_round
    for funding_round in rounds:
        if funding_round.status not in BEING_SET_UP:
            return funding_round
    return rounds[0] if rounds else None


def review_boroughs() -> list[Borough]:
    return list(Borough.objects.order_by("name"))


def review_list(
    *,
    user: User,
    funding_round: FundingRound,
    status: str = "",
    borough: Borough | None = None,
    assigned_to_me: bool = False,
) -> QuerySet[Application]:
    """Applications in the round that have ever been submitted, with their borough: one query.

    "Assigned to me" keeps the boroughs the user looks after (a subquery, not a second query).
    """
    applications = (
        Application.objects.filter(funding_round=funding_round, submitted_version__gt=0)
        .select_related("cpeg__borough")
        .only(
            "pk",
            "status",
            "reference",
            "requested_amount",
            "recommended_amount",
            "submitted_at",
            "submitted_version",
            "funding_round_id",
            "cpeg__name",
            "cpeg__borough__name",
            "cpeg__borough__slug",
        )
        .order_by("cpeg__borough__name")
    )
    if status:
        applications = applications.filter(status=status)
    if borough is not None:
        applications = applications.filter(cpeg__borough=borough)
    if assigned_to_me:
        applications = applications.filter(
            cpeg__borough__in=Borough.objects.filter(link_officers=user).values("pk")
        )
    return applications


# One application, as submitted


def application_for_review(*, pk: int) -> Application | None:
    return (
        Application.objects.select_related("funding_round", "cpeg__borough", "recommended_by")
        .filter(pk=pk)
        .first()
    )


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class SnapshotActivity:
    title: str
    description: str
    milestones: list[tuple[str, str | None]]  # (quarter, milestone or None: not this quarter)


@dataclass
class ObjectiveReview:
    """One objective: the submitted activities towards it, and the comments made on it."""

    code: str
    title: str
    objective: Objective | None
    activities: list[SnapshotActivity] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)


@dataclass(frozen=True)
class BudgetRow:
    label: str
    amount: Decimal | None
    description: str


@dataclass(frozen=True)
class DocumentRow:
    kind: str
    name: str
    document_pk: int | None  # the live document, when it is still attached


@dataclass(frozen=True)
class ReviewPage:
    application: Application
    version: ApplicationVersion | None
    about: dict[str, str]
    requested_amount: Decimal | None
    objectives: list[ObjectiveReview]
    general_comments: list[ReviewComment]
    budget: list[BudgetRow]
    budget_total: Decimal
    administration: Decimal
    documents: list[DocumentRow]
    versions: list[ApplicationVersion]
    internal_notes: list[InternalNote]
    timeline: QuerySet[AuditEvent]
    ledger: Ledger

    @property
    def administration_share(self) -> Decimal | None:
        """The administration line as a percentage of the budget (``administration_share``)."""
        return administration_share(administration=self.administration, total=self.budget_total)

    @property
    def headroom(self) -> Decimal:
        """What the round can still recommend or award before the ceiling (negative if over)."""
        return self.ledger.ceiling - self.ledger.committed


def _milestones(activity: dict[str, Any]) -> list[tuple[str, str | None]]:
    milestones = activity.get("milestones") or {}
    return [
        (quarter, milestones.get(quarter))
        for quarter in _SNAPSHOT_QUARTERS
        if quarter in milestones
    ]


def _objectives(
    snapshot: dict[str, Any], objectives: Sequence[Objective], comments: Iterable[ReviewComment]
) -> tuple[list[ObjectiveReview], list[ReviewComment]]:
    by_code = {o.code: ObjectiveReview(code=o.code, title=o.title, objective=o) for o in objectives}
    for activity in snapshot.get("activities") or []:
        code = activity.get("objective", "")
        entry = by_code.setdefault(
            code,
            ObjectiveReview(code=code, title=activity.get("objective_title", ""), objective=None),
        )
        entry.activities.append(
            SnapshotActivity(
                title=activity.get("title", ""),
                description=activity.get("description", ""),
                milestones=_milestones(activity),
            )
        )
    by_pk = {entry.objective.pk: entry for entry in by_code.values() if entry.objective}
    general: list[ReviewComment] = []
    for comment in comments:
        owner = by_pk.get(comment.objective_id) if comment.objective_id else None
        if owner is None:
            general.append(comment)
        else:
            owner.comments.append(comment)
    return list(by_code.values()), general


def _documents(snapshot: dict[str, Any], live: Iterable[SupportingDocument]) -> list[DocumentRow]:
    # The snapshot names documents by kind and file name; link those still attached.
    attached = {(d.get_kind_display(), d.original_name): d.pk for d in live}
    return [
        DocumentRow(
            kind=document.get("kind", ""),
            name=document.get("name", ""),
            document_pk=attached.get((document.get("kind", ""), document.get("name", ""))),
        )
        for document in snapshot.get("documents") or []
    ]


def review_page(*, application: Application, include_internal: bool) -> ReviewPage:
    """The current submitted version as submitted, with comments, notes and history."""
    versions = list(
        ApplicationVersion.objects.filter(application=application)
        .select_related("submitted_by")
        .order_by("number")
    )
    current = next((v for v in versions if v.number == application.submitted_version), None)
    snapshot: dict[str, Any] = (current.snapshot if current else None) or {}
    objectives = list(application.funding_round.objectives.all())
    comments = (
        ReviewComment.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    by_objective, general = _objectives(snapshot, objectives, comments)
    budget = [
        BudgetRow(
            label=line.get("label", ""),
            amount=_amount(line.get("amount")),
            description=line.get("description", ""),
        )
        for line in snapshot.get("budget") or []
    ]
    administration = sum(
        (
            _amount(line.get("amount")) or Decimal("0")
            for line in snapshot.get("budget") or []
            if line.get("category") == BudgetCategory.ADMINISTRATION
        ),
        Decimal("0"),
    )
    notes: list[InternalNote] = (
        list(
            InternalNote.objects.filter(application=application)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        if include_internal
        else []
    )
    return ReviewPage(
        application=application,
        version=current,
        about=dict(snapshot.get("about") or {}),
        requested_amount=_amount(snapshot.get("requested_amount")),
        objectives=by_objective,
        general_comments=general,
        budget=budget,
        budget_total=sum((row.amount or Decimal("0") for row in budget), Decimal("0")),
        administration=administration,
        documents=_documents(snapshot, application.documents.all()),
        versions=versions,
        internal_notes=notes,
        timeline=audit_timeline(subject=application),
        ledger=round_ledger(funding_round=application.funding_round),
    )


# Two versions compared


def application_versions(*, application: Application) -> list[ApplicationVersion]:
    return list(
        ApplicationVersion.objects.filter(application=application)
        .select_related("submitted_by")
        .order_by("number")
    )


ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    """One thing added, removed or changed. For a change, ``fields`` lists what changed, old
    and new; for an addition or removal, what the thing said (the other side empty)."""

    kind: str
    name: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    changes: list[ItemChange]


NOT_THIS_QUARTER = "Not this quarter"
NOT_GIVEN = "Not given"
ABOUT_LABELS = {
    "group_summary": "About the group",
    "meeting_arrangements": "How and where the group meets",
    "bank_account_name": "Name on the group's bank account",
}


def _money_text(value: Any) -> str:
    amount = _amount(value)
    return NOT_GIVEN if amount is None else money(amount)


def _milestone_text(milestones: dict[str, Any], quarter: str) -> str:
    if quarter not in milestones:
        return NOT_GIVEN
    return milestones[quarter] if milestones[quarter] is not None else NOT_THIS_QUARTER


def _activity_fields(activity: dict[str, Any]) -> dict[str, str]:
    milestones = activity.get("milestones") or {}
    fields = {
        "Objective": f"{activity.get('objective', '')}: {activity.get('objective_title', '')}",
        "Title": activity.get("title", ""),
        "Description": activity.get("description", ""),
    }
    for quarter in _SNAPSHOT_QUARTERS:
        fields[f"Quarter {quarter} milestone"] = _milestone_text(milestones, quarter)
    return fields


def _compare_fields(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(label, old.get(label, ""), new.get(label, ""))
        for label in dict.fromkeys([*old, *new])
        if old.get(label, "") != new.get(label, "")
    ]


def _keyed(items: Iterable[dict[str, Any]], key) -> dict[Any, dict[str, Any]]:
    return {key(item): item for item in items}


def _diff_items(
    old: dict[Any, dict[str, Any]],
    new: dict[Any, dict[str, Any]],
    *,
    name,
    fields,
) -> list[ItemChange]:
    changes = []
    for key in dict.fromkeys([*old, *new]):
        if key not in new:
            before = fields(old[key])
            changes.append(
                ItemChange(
                    REMOVED, name(old[key]), [FieldChange(k, v, "") for k, v in before.items()]
                )
            )
        elif key not in old:
            after = fields(new[key])
            changes.append(
                ItemChange(ADDED, name(new[key]), [FieldChange(k, "", v) for k, v in after.items()])
            )
        else:
            changed = _compare_fields(fields(old[key]), fields(new[key]))
            if changed:
                changes.append(ItemChange(CHANGED, name(new[key]), changed))
    return changes


def _activity_key(activity: dict[str, Any]) -> Any:
    # Activities keep their id across versions; without one, match on objective and title.
    if activity.get("id") is not None:
        return ("id", activity["id"])
    return ("title", activity.get("objective"), activity.get("title"))


def _budget_lines(snapshot: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    return _keyed(
        (line for line in snapshot.get("budget") or [] if line.get("amount") is not None),
        lambda line: line.get("category"),
    )


def snapshot_diff(*, old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """What changed from ``old`` to ``new`` (two versions' snapshots), section by section."""
    old, new = old or {}, new or {}
    old_about, new_about = old.get("about") or {}, new.get("about") or {}
    about = [
        ItemChange(CHANGED, label, [FieldChange(label, old_about.get(k, ""), new_about.get(k, ""))])
        for k, label in ABOUT_LABELS.items()
        if old_about.get(k, "") != new_about.get(k, "")
    ]
    activities = _diff_items(
        _keyed(old.get("activities") or [], _activity_key),
        _keyed(new.get("activities") or [], _activity_key),
        name=lambda a: f"{a.get('title', '')} ({a.get('objective', '')})",
        fields=_activity_fields,
    )
    budget: list[ItemChange] = []
    if _amount(old.get("requested_amount")) != _amount(new.get("requested_amount")):
        budget.append(
            ItemChange(
                CHANGED,
                "Amount requested",
                [
                    FieldChange(
                        "Amount",
                        _money_text(old.get("requested_amount")),
                        _money_text(new.get("requested_amount")),
                    )
                ],
            )
        )
    budget += _diff_items(
        _budget_lines(old),
        _budget_lines(new),
        name=lambda line: line.get("label", ""),
        fields=lambda line: {
            "Amount": _money_text(line.get("amount")),
            "What it pays for": line.get("description", ""),
        },
    )
    documents = _diff_items(
        _keyed(old.get("documents") or [], lambda d: (d.get("kind"), d.get("name"))),
        _keyed(new.get("documents") or [], lambda d: (d.get("kind"), d.get("name"))),
        name=lambda d: d.get("name", ""),
        fields=lambda d: {"Kind": d.get("kind", "")},
    )
    return [
        SectionDiff("about", "About the group", about),
        SectionDiff("work-plan", "Work plan", activities),
        SectionDiff("budget", "Budget", budget),
        SectionDiff("documents", "Supporting documents", documents),
    ]
