"""Reads of diversity returns shared by the group's pages and the London-wide views: the
return's task list, what stops it being submitted, and its answers by question."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear
from diversity.models import (
    Category,
    CategoryCount,
    Characteristic,
    Classification,
    DiversityReturn,
    MemberGroup,
)
from diversity.workflows.diversity_return import COUNTED, DIVERSITY_RETURN, SUBMIT

#: Returns whose figures count (the workflow's ``COUNTED``): submitted or accepted.
COUNTED_STATUSES = COUNTED


def return_year_due(today: datetime.date | None = None) -> int:
    """The financial year (its first calendar year) every group owes a return for: the one
    that ``today`` falls in. A return describes the executive committee as it is now."""
    return FinancialYear.containing(today or timezone.localdate()).start_year


def current_returns(*, year_start: int) -> QuerySet[DiversityReturn]:
    """For each group, its latest counted return for the year (a later draft does not replace
    an accepted one until it is submitted)."""
    latest = (
        DiversityReturn.objects.filter(
            cpeg=OuterRef("cpeg"), year_start=year_start, status__in=COUNTED_STATUSES
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    return (
        DiversityReturn.objects.filter(
            year_start=year_start, status__in=COUNTED_STATUSES, pk=Subquery(latest)
        )
        .select_related("cpeg__borough", "classification")
        .order_by("cpeg__borough__name")
    )


def groups_without_return(*, year_start: int) -> QuerySet[Cpeg]:
    """Groups with no submitted or accepted return for the year, out of every group.

    One subquery names the groups that have a counted return for the year, so a group with
    only a draft or a returned return this year stays listed whatever it returned in other
    years (a single ``exclude`` across the relation would test the year and the status on
    different returns, and drop such a group from both lists)."""
    counted = DiversityReturn.objects.filter(
        year_start=year_start, status__in=COUNTED_STATUSES
    ).values("cpeg_id")
    return (
        Cpeg.objects.exclude(pk__in=Subquery(counted))
        .select_related("borough")
        .order_by("borough__name")
    )


def classification_for_year(*, year_start: int) -> Classification:
    """The census classification in force in a financial year: the latest census before it."""
    classification = (
        Classification.objects.filter(census_year__lte=year_start).order_by("-census_year").first()
    )
    if classification is None:
        classification = Classification.objects.order_by("census_year").first()
    if classification is None:
        raise Classification.DoesNotExist("No census classification is loaded")
    return classification


def characteristic_totals(
    diversity_return: DiversityReturn,
) -> list[tuple[Characteristic, int | None]]:
    """Each question of the return's classification with the sum of its saved counts (None
    when the question has not been answered yet). Two queries."""
    characteristics = Characteristic.objects.filter(
        classification_id=diversity_return.classification_id
    ).order_by("position")
    sums = dict(
        CategoryCount.objects.filter(diversity_return=diversity_return)
        .values("category__characteristic")
        .annotate(total=Sum("count"))
        .values_list("category__characteristic", "total")
    )
    return [(c, sums.get(c.pk)) for c in characteristics]


def diversity_return_detail(*, pk: int) -> DiversityReturn | None:
    """A return with its group, its counts by category and its member groups."""
    return (
        DiversityReturn.objects.select_related("cpeg__borough", "classification", "created_by")
        .prefetch_related(
            Prefetch(
                "counts",
                queryset=CategoryCount.objects.select_related("category__characteristic"),
            ),
            Prefetch(
                "member_groups",
                queryset=MemberGroup.objects.prefetch_related(
                    Prefetch(
                        "communities",
                        queryset=Category.objects.select_related("characteristic"),
                    )
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def group_returns(*, cpeg: Cpeg) -> QuerySet[DiversityReturn]:
    """Every return the group has made, newest year and version first."""
    return DiversityReturn.objects.filter(cpeg=cpeg).order_by("-year_start", "-version")


@dataclass(frozen=True)
class YearDue:
    """Where a group stands on the return for the year due (``return_year_due``)."""

    financial_year: FinancialYear
    #: A draft, or a return sent back with a question, for the year: carry on with it.
    open_return: DiversityReturn | None
    #: The latest submitted or accepted return for the year: a new version replaces it only
    #: when the committee has changed.
    made: DiversityReturn | None


def year_due(returns: Iterable[DiversityReturn], today: datetime.date | None = None) -> YearDue:
    """The group's position on the year due, from its returns (``group_returns``, already
    read: no query). Never the latest year it has returned for."""
    year_start = return_year_due(today)
    this_year = [r for r in returns if r.year_start == year_start]
    newest_first = sorted(this_year, key=lambda r: r.version, reverse=True)
    return YearDue(
        financial_year=FinancialYear(year_start),
        open_return=next(
            (r for r in newest_first if DIVERSITY_RETURN.starts_from(SUBMIT, r)), None
        ),
        made=next((r for r in newest_first if r.status in COUNTED_STATUSES), None),
    )


def characteristic_with_categories(
    *, diversity_return: DiversityReturn, key: str
) -> Characteristic | None:
    return (
        Characteristic.objects.filter(classification_id=diversity_return.classification_id, key=key)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("position")))
        .first()
    )


# What stops a return being submitted

#: The key of the officer's question among the return's sections ("answer" page).
ANSWER_KEY = "answer"


def needs_answer(diversity_return: DiversityReturn) -> bool:
    """The return was sent back with a question the secretary answers before resubmitting."""
    return DIVERSITY_RETURN.starts_from(SUBMIT, diversity_return) and bool(
        diversity_return.officer_question
    )


def adding_up_error(characteristic: Characteristic, total: int, member_count: int) -> str:
    """The message when a characteristic's counts do not make up the committee."""
    return (
        f"{characteristic.name} adds up to {total}, but the committee has {member_count} "
        f"member{'s' if member_count != 1 else ''}"
    )


def submission_problems(diversity_return: DiversityReturn) -> list[tuple[str, str]]:
    """What in the return's answers stops it being submitted, as (question key, message)
    pairs. ``return_problems`` adds an officer's question still to be answered."""
    if diversity_return.member_count is None:
        return [("members", "Say how many members the executive committee has")]
    problems = []
    for characteristic, total in characteristic_totals(diversity_return):
        if total is None:
            problems.append(
                (characteristic.key, f"Answer the question about {characteristic.name.lower()}")
            )
        elif total != diversity_return.member_count:
            problems.append(
                (
                    characteristic.key,
                    adding_up_error(characteristic, total, diversity_return.member_count),
                )
            )
    return problems


def return_problems(diversity_return: DiversityReturn) -> list[tuple[str, str]]:
    """Everything that stops the secretary submitting the return now: the officer's question
    still to be answered (when it was sent back with one), then ``submission_problems``."""
    unanswered = needs_answer(diversity_return) and not diversity_return.group_answer.strip()
    return [
        *([(ANSWER_KEY, "Answer your link officer's question")] if unanswered else []),
        *submission_problems(diversity_return),
    ]


# The task list


class TaskStatus(StrEnum):
    """The GOV.UK task list's statuses a question can have."""

    NOT_STARTED = "Not started"
    COMPLETED = "Completed"
    DOES_NOT_ADD_UP = "Does not add up"
    CANNOT_START_YET = "Cannot start yet"


#: The GOV.UK tag colour of a status shown as a tag; other statuses are plain text.
TASK_TAG_COLOURS: dict[str, str] = {
    TaskStatus.NOT_STARTED: "blue",
    TaskStatus.DOES_NOT_ADD_UP: "red",
}


@dataclass(frozen=True)
class Task:
    name: str
    page: str  # the name of the task's page in the diversity namespace
    status: str  # a TaskStatus, or the answer itself ("12" members, "2 listed")
    done: bool
    url_kwargs: dict[str, Any] = field(default_factory=dict)
    hint: str = ""
    optional: bool = False  # not counted in "n of m sections"

    @property
    def cannot_start(self) -> bool:
        return self.status == TaskStatus.CANNOT_START_YET

    @property
    def url(self) -> str:
        return reverse(f"diversity:{self.page}", kwargs=self.url_kwargs)

    @property
    def tag_colour(self) -> str:
        return TASK_TAG_COLOURS.get(self.status, "")


@dataclass(frozen=True)
class ReturnProgress:
    tasks: list[Task]

    @property
    def required(self) -> int:
        """The sections that must be completed; an optional one is not counted."""
        return sum(1 for task in self.tasks if not task.optional)

    @property
    def done(self) -> int:
        return sum(1 for task in self.tasks if task.done and not task.optional)


def _question_status(total: int | None, member_count: int | None) -> TaskStatus:
    if member_count is None:
        return TaskStatus.CANNOT_START_YET
    if total is None:
        return TaskStatus.NOT_STARTED
    if total == member_count:
        return TaskStatus.COMPLETED
    return TaskStatus.DOES_NOT_ADD_UP


def return_progress(diversity_return: DiversityReturn) -> ReturnProgress:
    """The return's sections for the secretary's task list: the answer to the officer's
    question (when it was sent back with one), the number of members, each question of the
    census, and the member organisations (optional, so never counted as completed). Two
    queries, the member organisations being prefetched by `diversity_return_detail`."""
    pk = diversity_return.pk
    member_count = diversity_return.member_count
    tasks = []
    if needs_answer(diversity_return):
        answered = bool(diversity_return.group_answer.strip())
        tasks.append(
            Task(
                "Answer your link officer's question",
                "answer",
                TaskStatus.COMPLETED if answered else TaskStatus.NOT_STARTED,
                done=answered,
                url_kwargs={"pk": pk},
            )
        )
    tasks.append(
        Task(
            "Number of members",
            "members",
            str(member_count or TaskStatus.NOT_STARTED),
            done=member_count is not None,
            url_kwargs={"pk": pk},
        )
    )
    for characteristic, total in characteristic_totals(diversity_return):
        status = _question_status(total, member_count)
        tasks.append(
            Task(
                characteristic.name,
                "counts",
                status,
                done=status is TaskStatus.COMPLETED,
                url_kwargs={"pk": pk, "key": characteristic.key},
                hint="Answer “Number of members” first" if member_count is None else "",
            )
        )
    listed = len(diversity_return.member_groups.all())
    tasks.append(
        Task(
            "Member organisations",
            "member_groups",
            f"{listed} listed" if listed else "None listed",
            done=False,
            url_kwargs={"pk": pk},
            hint="Optional",
            optional=True,
        )
    )
    return ReturnProgress(tasks)


def question_keys(diversity_return: DiversityReturn) -> list[str]:
    """The return's questions in the order "Save and continue" walks them: the number of
    members ("members"), then each census question by its key. One query."""
    keys = Characteristic.objects.filter(
        classification_id=diversity_return.classification_id
    ).order_by("position")
    return ["members", *keys.values_list("key", flat=True)]


def next_question_url(diversity_return: DiversityReturn, current: str) -> str:
    """Where "Save and continue" goes from the question ``current``: the next question,
    and after the last, check your answers."""
    keys = question_keys(diversity_return)
    position = keys.index(current) if current in keys else len(keys) - 1
    if position + 1 >= len(keys):
        return reverse("diversity:check", kwargs={"pk": diversity_return.pk})
    following = keys[position + 1]
    return reverse("diversity:counts", kwargs={"pk": diversity_return.pk, "key": following})


def answers_by_characteristic(diversity_return: DiversityReturn) -> list[dict]:
    """The saved counts grouped by question, in the census's order (no extra queries once
    `diversity_return_detail` has prefetched them)."""
    by_characteristic: dict[int, dict] = {}
    for count in sorted(
        diversity_return.counts.all(),
        key=lambda c: (c.category.characteristic.position, c.category.position),
    ):
        characteristic = count.category.characteristic
        entry = by_characteristic.setdefault(
            characteristic.pk, {"characteristic": characteristic, "counts": []}
        )
        entry["counts"].append(count)
    return list(by_characteristic.values())
