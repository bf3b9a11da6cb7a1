"""What the officer's review pages read: the list of returns (filtered), one return beside
the milestones it reports on, with suggested ratings and last quarter's, and each submitted
version with what changed between consecutive ones.

The diff is generic over ``ReturnSubmission.content`` (whatever ``return_snapshot`` stores).
The shape assumed is JSON: objects (dicts), arrays and scalars, nested to any depth.
- A dict is walked key by key; the field is named by the path of keys ("Counts: young
  people"), each key's underscores read as spaces.
- A list of dicts is matched item by item on an identifying key, the first present of
  ``IDENTITY_KEYS`` (``id``, ``pk``, ``milestone``, ``category`` …), else by position, and
  each item is named by its ``title``/``label``/``name`` (else its identity).
- A dict whose values are all dicts is a collection keyed by id (milestones, spend lines,
  answers): each item is named by its ``title``/``label``/``question`` (else its key), the
  key kept only to tell items apart.
- A list of scalars is one value (joined with ", ").
Keys whose name starts with an underscore are not compared (room for ids and bookkeeping).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from accounts.models import User
from boroughs.models import Borough
from grants.models import FundingRound
from slas.models import (
    COUNT_FIELDS,
    EvidenceFile,
    MilestoneReport,
    QuarterlyReturn,
    Rag,
    Rating,
    ReturnStatus,
    ReturnSubmission,
    ReviewQuestion,
    SpendLine,
    TimeState,
)
from slas.ratings import Suggestion, describe_change, previous_ratings, return_suggestions

# The list


def review_rounds() -> list[FundingRound]:
    """Every round that has returns, newest first (one query)."""
    return list(
        FundingRound.objects.annotate(returns=Count("quarterly_returns"))
        .filter(returns__gt=0)
        .order_by("-year_start")
    )


def review_boroughs() -> list[Borough]:
    return list(Borough.objects.order_by("name"))


def review_list(
    *,
    user: User,
    funding_round: FundingRound,
    quarter: int | None = None,
    status: str = "",
    borough: Borough | None = None,
    overdue: bool = False,
    assigned_to_me: bool = False,
) -> QuerySet[QuarterlyReturn]:
    """The round's returns with their group, borough and round, filtered; one query (the
    boroughs assigned to the user are a subquery)."""
    returns = QuarterlyReturn.objects.filter(funding_round=funding_round).select_related(
        "cpeg__borough", "funding_round"
    )
    if quarter:
        returns = returns.filter(quarter=quarter)
    if status:
        returns = returns.filter(status=status)
    if borough is not None:
        returns = returns.filter(cpeg__borough=borough)
    if overdue:
        returns = returns.filter(time_state=TimeState.OVERDUE)
    if assigned_to_me:
        returns = returns.filter(
            cpeg__borough__in=Borough.objects.filter(link_officers=user).values("pk")
        )
    return returns.order_by("due_on", "cpeg__borough__name", "quarter", "version")


# One return


@dataclass
class RatingRow:
    """One line of the rating form (or of the accepted ratings): the objective (None overall),
    the suggestion, the final rating once accepted, and last quarter's accepted rating."""

    objective: Any
    suggested: str
    previous: str | None
    rating: Rating | None = None

    @property
    def key(self) -> str:
        return "overall" if self.objective is None else str(self.objective.pk)

    @property
    def name(self) -> str:
        if self.objective is None:
            return "The quarter overall"
        return f"{self.objective.code}: {self.objective.title}"

    @property
    def suggested_label(self) -> str:
        return Rag(self.suggested).label

    @property
    def previous_label(self) -> str:
        return Rag(self.previous).label if self.previous else ""

    @property
    def change(self) -> str:
        current = self.rating.final if self.rating is not None else self.suggested
        return describe_change(self.previous, current)


@dataclass
class ReviewPage:
    quarterly_return: QuarterlyReturn
    reports: list[MilestoneReport]
    overall_questions: list[ReviewQuestion]
    spend_lines: list[SpendLine]
    evidence_files: list[EvidenceFile]
    ratings: list[RatingRow]
    submissions: int


def rating_rows(quarterly_return: QuarterlyReturn) -> list[RatingRow]:
    """A line per objective of the round and one overall: the suggestion, the stored rating
    once accepted, and the quarter before's accepted rating (for the change)."""
    previous = previous_ratings(quarterly_return)
    stored = {
        rating.objective_id: rating
        for rating in Rating.objects.filter(quarterly_return=quarterly_return).select_related(
            "objective"
        )
    }
    suggestions: Sequence[Suggestion] = return_suggestions(quarterly_return)
    rows = []
    for suggestion in suggestions:
        pk = suggestion.objective.pk if suggestion.objective is not None else None
        rating = stored.get(pk)
        rows.append(
            RatingRow(
                objective=suggestion.objective,
                suggested=rating.suggested if rating is not None else suggestion.suggested,
                previous=previous.get(pk),
                rating=rating,
            )
        )
    return rows


def review_page(*, quarterly_return: QuarterlyReturn) -> ReviewPage:
    """Everything the review page shows of one return, in a fixed number of queries."""
    reports = list(
        MilestoneReport.objects.filter(quarterly_return=quarterly_return)
        .select_related("milestone__objective")
        .prefetch_related("questions")
    )
    overall_questions = list(
        ReviewQuestion.objects.filter(
            quarterly_return=quarterly_return, milestone_report__isnull=True
        )
    )
    ratings = rating_rows(quarterly_return)
    return ReviewPage(
        quarterly_return=quarterly_return,
        reports=reports,
        overall_questions=overall_questions,
        spend_lines=list(SpendLine.objects.filter(quarterly_return=quarterly_return)),
        evidence_files=list(EvidenceFile.objects.filter(quarterly_return=quarterly_return)),
        ratings=ratings,
        submissions=ReturnSubmission.objects.filter(quarterly_return=quarterly_return).count(),
    )


def return_counts(quarterly_return: QuarterlyReturn) -> list[tuple[str, int | None]]:
    """The standard counts as (what is counted, the figure or None), in the form's order."""
    return [
        (str(QuarterlyReturn._meta.get_field(name).verbose_name), getattr(quarterly_return, name))  # type: ignore[union-attr]
        for name in COUNT_FIELDS
    ]


def return_for_review(*, pk: int) -> QuarterlyReturn | None:
    return (
        QuarterlyReturn.objects.select_related(
            "cpeg__borough", "funding_round", "award", "corrects"
        )
        .filter(pk=pk)
        .first()
    )


def open_correction(quarterly_return: QuarterlyReturn) -> QuarterlyReturn | None:
    """The correction of this accepted return, if one has been started."""
    return QuarterlyReturn.objects.filter(corrects=quarterly_return).first()


# Versions and what changed

#: Keys that identify an item of a list of dicts, in order of preference.
IDENTITY_KEYS = ("id", "pk", "key", "milestone", "milestone_id", "category", "code", "number")
#: Keys that name an item, in order of preference.
NAME_KEYS = ("title", "label", "name", "activity_title", "category_label", "question")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class Version:
    submission: ReturnSubmission
    changes: list[Change] | None  # None for the first: nothing before it


def _words(key: str) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _show(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_words(k)}: {_show(v)}" for k, v in value.items())
    return str(value)


def _identity(item: dict, position: int) -> str:
    for key in IDENTITY_KEYS:
        if key in item:
            return f"{key}={item[key]}"
    return f"#{position}"


def _item_name(item: dict, position: int) -> str:
    for key in NAME_KEYS:
        if item.get(key) not in (None, ""):
            return str(item[key])
    return f"Item {position}"


def _named(item: dict) -> bool:
    return any(item.get(key) not in (None, "") for key in NAME_KEYS)


def flatten(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    """``value`` as {path of readable names: text}. The path names each level: a dict's key,
    a list item's name (see the module's note on the shape assumed)."""
    flat: dict[tuple[str, ...], str] = {}
    if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
        # A collection keyed by id (milestones by milestone, spend by category, answers by
        # question): each item is named by its name, the key kept only to tell items apart.
        for key, inner in value.items():
            name = f"{_item_name(inner, 0) if _named(inner) else _words(key)}\x00{key}"
            flat.update(flatten(inner, (*path, name)))
    elif isinstance(value, dict):
        for key, inner in value.items():
            if str(key).startswith("_"):
                continue
            flat.update(flatten(inner, (*path, _words(key))))
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        for position, item in enumerate(value, start=1):
            # The identity keeps two items apart when their names are alike; it is dropped
            # from the readable name below.
            name = f"{_item_name(item, position)}\x00{_identity(item, position)}"
            flat.update(flatten(item, (*path, name)))
    else:
        flat[path] = _show(value)
    return flat


def _label(path: tuple[str, ...]) -> str:
    return ": ".join(part.split("\x00")[0] for part in path) or "The return"


def content_changes(before: Any, after: Any) -> list[Change]:
    """What changed from ``before`` to ``after`` (two ``ReturnSubmission.content`` values):
    each field whose value differs, was added or was removed, in the order of ``after``
    (then the removed fields, in the order of ``before``)."""
    old, new = flatten(before), flatten(after)
    changes = [
        Change(field=_label(path), before=old.get(path, ""), after=value)
        for path, value in new.items()
        if old.get(path, "") != value
    ]
    changes += [
        Change(field=_label(path), before=value, after="")
        for path, value in old.items()
        if path not in new and value != ""
    ]
    return changes


def versions(*, quarterly_return: QuarterlyReturn) -> list[Version]:
    """Each submitted version of the return (oldest first), with what changed since the one
    before. One query."""
    submissions: Iterable[ReturnSubmission] = ReturnSubmission.objects.filter(
        quarterly_return=quarterly_return
    ).select_related("submitted_by")
    result: list[Version] = []
    previous: ReturnSubmission | None = None
    for submission in submissions:
        result.append(
            Version(
                submission=submission,
                changes=None
                if previous is None
                else content_changes(previous.content, submission.content),
            )
        )
        previous = submission
    return result


def returns_of_the_quarter(*, quarterly_return: QuarterlyReturn) -> list[QuarterlyReturn]:
    """Every version of the same award's return for the quarter (v1, its corrections)."""
    return list(
        QuarterlyReturn.objects.filter(
            award_id=quarterly_return.award_id, quarter=quarterly_return.quarter
        ).order_by("version")
    )


#: What the review list opens on.
WAITING = ReturnStatus.SUBMITTED.value
