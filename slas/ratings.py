"""The rule that suggests a return's ratings, written once: the page shows ``RULE_TEXT`` and
every stored rating keeps ``RULE_VERSION``, so a rating made under an older rule still says
which rule suggested it.

Per objective and for the quarter overall, over the milestones due that quarter (a milestone
the group reports "not due after all" does not count):

- Green when every due milestone is met;
- Amber when at least half are met, a partly met milestone counting half;
- Red below that;
- Not rated when nothing was due.

``suggest`` is a pure function of outcomes; ``return_suggestions`` applies it to a return's
milestone reports, and ``change_since_last_quarter`` compares a rating with the same award's
accepted rating for the quarter before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from grants.models import Objective
from slas.models import (
    MilestoneOutcome,
    MilestoneReport,
    QuarterlyReturn,
    Rag,
    Rating,
    ReturnStatus,
)

#: Stored with every rating; change it whenever RULE_TEXT or ``suggest`` changes.
RULE_VERSION = "2026-1"

#: The rule as the rating form shows it.
RULE_TEXT = (
    "The portal suggests each rating from the milestones due in the quarter: Green when every "
    "due milestone is met; Amber when at least half are met, a partly met milestone counting "
    "half; Red below that; Not rated when nothing was due. A milestone reported as not due "
    "after all does not count."
)

#: The outcomes that count as due; anything else (not due after all, unanswered) does not.
_DUE = frozenset({MilestoneOutcome.MET, MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET})

#: Better ratings rank higher ("Up from Amber"); "Not rated" has no rank.
_RANK = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3}


def suggest(outcomes: Iterable[str]) -> Rag:
    """The suggested rating for milestones with these outcomes."""
    due = [outcome for outcome in outcomes if outcome in _DUE]
    if not due:
        return Rag.NOT_RATED
    met = sum(1 for outcome in due if outcome == MilestoneOutcome.MET)
    partly = sum(1 for outcome in due if outcome == MilestoneOutcome.PARTLY_MET)
    if met == len(due):
        return Rag.GREEN
    # met + partly / 2 >= due / 2, in whole numbers
    if 2 * met + partly >= len(due):
        return Rag.AMBER
    return Rag.RED


#: A rating's GOV.UK tag colour. Amber is the yellow tag (dark text on yellow, contrast-safe),
#: kept apart from the orange of "Returned with questions". The word is always shown too.
RATING_COLOURS = {
    Rag.GREEN: "green",
    Rag.AMBER: "yellow",
    Rag.RED: "red",
    Rag.NOT_RATED: "grey",
}


def rating_colour(value: str) -> str:
    return RATING_COLOURS.get(Rag(value), "grey") if value in Rag.values else "grey"


def change_note(previous: str | None, current: str) -> str:
    """The change for a grid's cell, beside the rating: ``describe_change``'s words, or
    nothing when there was no rating before or it is the same."""
    if previous is None or previous == current:
        return ""
    return describe_change(previous, current)


def describe_change(previous: str | None, current: str) -> str:
    """How ``current`` compares with last quarter's accepted rating ``previous`` (None when
    there was none): "First rating", "No change", "Up from Amber", "Down from Green", or
    "Was Not rated" / "Was Green" where either is not rated."""
    if previous is None:
        return "First rating"
    if previous == current:
        return "No change"
    before, now = _RANK.get(Rag(previous)), _RANK.get(Rag(current))
    label = Rag(previous).label
    if before is None or now is None:
        return f"Was {label}"
    return f"Up from {label}" if now > before else f"Down from {label}"


@dataclass(frozen=True)
class Suggestion:
    """The suggestion for one objective (``objective`` None: the quarter overall)."""

    objective: Objective | None
    suggested: Rag
    due: int  # milestones due that counted


def return_suggestions(quarterly_return: QuarterlyReturn) -> list[Suggestion]:
    """The suggested rating per objective of the round (in the round's order) and, last,
    overall. Two queries: the objectives and the milestone reports."""
    objectives = list(quarterly_return.funding_round.objectives.order_by("position", "code"))
    reports = list(
        MilestoneReport.objects.filter(quarterly_return=quarterly_return).values_list(
            "milestone__objective_id", "outcome"
        )
    )
    suggestions = []
    for objective in objectives:
        outcomes = [outcome for objective_id, outcome in reports if objective_id == objective.pk]
        suggestions.append(
            Suggestion(
                objective=objective,
                suggested=suggest(outcomes),
                due=sum(1 for o in outcomes if o in _DUE),
            )
        )
    outcomes = [outcome for _, outcome in reports]
    suggestions.append(
        Suggestion(
            objective=None, suggested=suggest(outcomes), due=sum(1 for o in outcomes if o in _DUE)
        )
    )
    return suggestions


def previous_ratings(quarterly_return: QuarterlyReturn) -> dict[int | None, str]:
    """The final ratings (by objective pk, None overall) of the same award's accepted return
    for the quarter before (its latest accepted version); empty for quarter 1 or none yet."""
    if quarterly_return.quarter <= 1:
        return {}
    previous = (
        QuarterlyReturn.objects.filter(
            award_id=quarterly_return.award_id,
            quarter=quarterly_return.quarter - 1,
            status=ReturnStatus.ACCEPTED,
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return {}
    return dict(
        Rating.objects.filter(quarterly_return=previous).values_list("objective_id", "final")
    )


def change_since_last_quarter(rating: Rating) -> str:
    """``rating`` against the same award's accepted rating of the same objective (or overall)
    for the quarter before: "Up from Amber", "Down from Green", "No change", "First rating"."""
    previous = previous_ratings(rating.quarterly_return)
    return describe_change(previous.get(rating.objective_id), rating.final)
