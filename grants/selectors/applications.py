"""Reads for the full application: the application with everything its pages show, the task
list's state, what is left before it can be submitted, and the budget's totals.

Everything here works on an application loaded by ``application_detail``: the task list, the
problems and the budget summary read its prefetched rows and make no further queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import Prefetch

from cpeg_portal.fiscal import QUARTERS
from grants.models import (
    Activity,
    Application,
    BudgetCategory,
    BudgetLine,
    Milestone,
    Objective,
    ReviewComment,
)
from grants.models.money import administration_share, money

ZERO = Decimal("0.00")


def application_detail(*, pk: int) -> Application | None:
    """The application with its round, objectives, group, work plan, budget and documents."""
    return (
        Application.objects.select_related("funding_round", "cpeg__borough", "outline")
        .prefetch_related(
            Prefetch(
                "funding_round__objectives",
                queryset=Objective.objects.order_by("position", "code"),
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("objective").prefetch_related(
                    Prefetch("milestones", queryset=Milestone.objects.order_by("quarter"))
                ),
            ),
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("pk")),
            "documents",
        )
        .filter(pk=pk)
        .first()
    )


# The task list


class TaskStatus(StrEnum):
    """The GOV.UK task list's statuses."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Task:
    key: str  # also the name of the task's page: grants:application_<key>
    name: str
    status: TaskStatus
    hint: str = ""
    required: bool = True
    #: Why a section is "In progress": what is still missing, in a few words each.
    reasons: tuple[str, ...] = ()

    @property
    def url_name(self) -> str:
        return f"grants:application_{self.key}"


ABOUT_FIELDS = {
    "group_summary": "Say what the group does",
    "meeting_arrangements": "Say how and where the group meets",
    "bank_account_name": "Enter the name on the group's bank account",
}


#: How the task list names each answer about the group still to give.
ABOUT_NAMES = {
    "group_summary": "what the group does",
    "meeting_arrangements": "how and where the group meets",
    "bank_account_name": "the name on the bank account",
}


def _about_status(application: Application) -> TaskStatus:
    answered = [bool(getattr(application, name).strip()) for name in ABOUT_FIELDS]
    if all(answered):
        return TaskStatus.COMPLETED
    return TaskStatus.IN_PROGRESS if any(answered) else TaskStatus.NOT_STARTED


def _about_reasons(application: Application) -> tuple[str, ...]:
    missing = [
        label for name, label in ABOUT_NAMES.items() if not getattr(application, name).strip()
    ]
    return (f"Still to answer: {_words(missing)}",) if missing else ()


def _words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def unanswered_quarters(activity: Activity) -> list[int]:
    answered = {milestone.quarter for milestone in activity.milestones.all()}
    return [quarter for quarter in QUARTERS if quarter not in answered]


@dataclass(frozen=True)
class QuarterAnswer:
    quarter: int
    milestone: str  # empty for "not this quarter" or unanswered
    not_this_quarter: bool
    answered: bool


@dataclass(frozen=True)
class PlannedActivity:
    activity: Activity
    quarters: list[QuarterAnswer]

    @property
    def unanswered(self) -> list[int]:
        return [q.quarter for q in self.quarters if not q.answered]


def work_plan(application: Application) -> list[PlannedActivity]:
    """Each activity with its four quarters answered or not, in the objectives' order."""
    planned = []
    for activity in application.activities.all():
        by_quarter = {m.quarter: m for m in activity.milestones.all()}
        quarters = []
        for quarter in QUARTERS:
            milestone = by_quarter.get(quarter)
            quarters.append(
                QuarterAnswer(
                    quarter=quarter,
                    milestone=milestone.description if milestone else "",
                    not_this_quarter=bool(milestone and milestone.not_this_quarter),
                    answered=milestone is not None,
                )
            )
        planned.append(PlannedActivity(activity=activity, quarters=quarters))
    return planned


def uncovered_objectives(application: Application) -> list[Objective]:
    covered = {activity.objective_id for activity in application.activities.all()}
    return [o for o in application.funding_round.objectives.all() if o.pk not in covered]


def _work_plan_status(application: Application) -> TaskStatus:
    activities = list(application.activities.all())
    if not activities:
        return TaskStatus.NOT_STARTED
    if uncovered_objectives(application) or any(unanswered_quarters(a) for a in activities):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.COMPLETED


def _work_plan_reasons(application: Application) -> tuple[str, ...]:
    reasons = []
    uncovered = uncovered_objectives(application)
    if uncovered:
        reasons.append(f"No activity yet for {_words([o.code for o in uncovered])}")
    for activity in application.activities.all():
        missing = unanswered_quarters(activity)
        if missing:
            reasons.append(f"“{activity.title}” has no milestone for {_quarters_words(missing)}")
    return tuple(reasons)


def _budget_status(application: Application) -> TaskStatus:
    budget = budget_summary(application)
    if not budget.lines_given and budget.requested is None:
        return TaskStatus.NOT_STARTED
    return TaskStatus.COMPLETED if budget.is_complete else TaskStatus.IN_PROGRESS


def _budget_reasons(application: Application) -> tuple[str, ...]:
    budget = budget_summary(application)
    reasons = []
    if budget.missing:
        labels = [category.label.lower() for category in budget.missing]
        reasons.append(f"No amount yet for {_words(labels)}")
    if budget.requested is None:
        reasons.append("No amount requested yet")
    elif budget.difference:
        reasons.append(budget.difference_text)
    return tuple(reasons)


def application_tasks(application: Application) -> list[Task]:
    """The sections of the application, each with its GOV.UK task list status."""
    documents = len(application.documents.all())
    about = _about_status(application)
    plan = _work_plan_status(application)
    budget = _budget_status(application)
    in_progress = TaskStatus.IN_PROGRESS
    tasks = [
        Task(
            "about",
            "About the group",
            about,
            reasons=_about_reasons(application) if about == in_progress else (),
        ),
        Task(
            "activities",
            "Work plan",
            plan,
            hint="An activity for each of the round's objectives, with a milestone each quarter",
            reasons=_work_plan_reasons(application) if plan == in_progress else (),
        ),
        Task(
            "budget",
            "Budget",
            budget,
            hint="What each budget line pays for, and the amount you are asking for",
            reasons=_budget_reasons(application) if budget == in_progress else (),
        ),
        Task(
            "documents",
            "Supporting documents",
            TaskStatus.COMPLETED if documents else TaskStatus.NOT_STARTED,
            hint="Optional: for example your constitution and latest accounts",
            required=False,
        ),
    ]
    # Checking is open once every section is started: the check page lists what is left,
    # and submitting refuses (with an error summary) until nothing is.
    started = all(task.status != TaskStatus.NOT_STARTED for task in tasks if task.required)
    tasks.append(
        Task(
            "check",
            "Check your answers and submit",
            TaskStatus.NOT_STARTED if started else TaskStatus.CANNOT_START,
            hint="" if started else "Start every section above first",
            required=False,
        )
    )
    return tasks


@dataclass(frozen=True)
class Progress:
    tasks: list[Task]
    done: int  # required sections completed
    required: int

    @property
    def left(self) -> list[Task]:
        """The required sections not yet completed: what is left to do."""
        return [t for t in self.tasks if t.required and t.status != TaskStatus.COMPLETED]

    @property
    def sections(self) -> list[Task]:
        """The sections to fill in (everything but check and submit)."""
        return [t for t in self.tasks if t.key != "check"]

    @property
    def submit(self) -> Task:
        return self.tasks[-1]


def application_progress(application: Application) -> Progress:
    tasks = application_tasks(application)
    required = [t for t in tasks if t.required]
    return Progress(
        tasks=tasks,
        done=sum(1 for t in required if t.status == TaskStatus.COMPLETED),
        required=len(required),
    )


# The budget


@dataclass(frozen=True)
class BudgetRow:
    category: BudgetCategory
    amount: Decimal | None
    description: str


@dataclass(frozen=True)
class BudgetSummary:
    rows: list[BudgetRow]
    requested: Decimal | None
    total: Decimal
    administration: Decimal
    lines_given: int

    @property
    def administration_share(self) -> Decimal | None:
        """The administration line as a percentage of the total (``administration_share``)."""
        return administration_share(administration=self.administration, total=self.total)

    @property
    def every_line_given(self) -> bool:
        return self.lines_given == len(BudgetCategory)

    @property
    def request_matches(self) -> bool:
        return self.requested is not None and self.requested == self.total

    @property
    def is_complete(self) -> bool:
        return self.every_line_given and self.request_matches

    @property
    def missing(self) -> list[BudgetCategory]:
        """The budget lines with no amount yet."""
        return [row.category for row in self.rows if row.amount is None]

    @property
    def difference(self) -> Decimal:
        """The amount requested less the lines' total (0 when nothing is requested)."""
        return ZERO if self.requested is None else self.requested - self.total

    @property
    def difference_text(self) -> str:
        """How far the lines are from the request, in words ("" when they agree)."""
        if self.requested is None or not self.difference:
            return ""
        more_or_less = "less" if self.difference > 0 else "more"
        return (
            f"The budget lines add up to {money(self.total)}: {money(abs(self.difference))} "
            f"{more_or_less} than the {money(self.requested)} requested"
        )


def budget_summary(application: Application) -> BudgetSummary:
    """One row per budget category (amount None where none is given), totals and shares."""
    lines = {line.category: line for line in application.budget_lines.all()}
    rows = [
        BudgetRow(
            category=category,
            amount=lines[category].amount if category in lines else None,
            description=lines[category].description if category in lines else "",
        )
        for category in BudgetCategory
    ]
    total = sum((row.amount for row in rows if row.amount is not None), ZERO)
    administration = lines.get(BudgetCategory.ADMINISTRATION)
    return BudgetSummary(
        rows=rows,
        requested=application.requested_amount,
        total=total,
        administration=administration.amount if administration else ZERO,
        lines_given=len(lines),
    )


# What stops a submission


@dataclass(frozen=True)
class Problem:
    """Something to put right before submitting, and the page where it is put right."""

    message: str
    url_name: str  # a grants URL name taking the application's pk (or the activity's)
    url_kwargs: dict[str, int] = field(default_factory=dict)
    query: str = ""  # e.g. "objective=3": the activity page starts with that objective chosen
    fragment: str = ""  # the id of the field to put right


def _quarters_words(quarters: list[int]) -> str:
    if len(quarters) == 1:
        return f"quarter {quarters[0]}"
    return "quarters " + ", ".join(str(q) for q in quarters[:-1]) + f" and {quarters[-1]}"


def submission_problems(application: Application, *, declaration_confirmed: bool) -> list[Problem]:
    """Every reason the application cannot be submitted yet, in the order of the task list."""
    pk = application.pk
    problems = [
        Problem(message, "grants:application_about", {"pk": pk}, fragment=f"id_{name}")
        for name, message in ABOUT_FIELDS.items()
        if not getattr(application, name).strip()
    ]
    for objective in uncovered_objectives(application):
        problems.append(
            Problem(
                f"Add an activity for objective {objective.code}: {objective.title}",
                "grants:activity_add",
                {"pk": pk},
                query=f"objective={objective.pk}",
            )
        )
    for activity in application.activities.all():
        missing = unanswered_quarters(activity)
        if missing:
            problems.append(
                Problem(
                    f"Give a milestone, or choose “not this quarter”, for "
                    f"{_quarters_words(missing)} of “{activity.title}”",
                    "grants:activity_edit",
                    {"pk": pk, "activity_pk": activity.pk},
                )
            )
    budget = budget_summary(application)
    if budget.missing:
        labels = [category.label.lower() for category in budget.missing]
        problems.append(
            Problem(
                f"Enter an amount for {_words(labels)} (enter 0 for a line you do not need)",
                "grants:application_budget",
                {"pk": pk},
                fragment=f"id_amount_{budget.missing[0]}",
            )
        )
    if budget.requested is None:
        problems.append(
            Problem(
                "Enter the amount requested",
                "grants:application_budget",
                {"pk": pk},
                fragment="id_requested_amount",
            )
        )
    elif budget.requested != budget.total:
        problems.append(
            Problem(
                f"The amount requested ({money(budget.requested)}) must equal the total of "
                f"the budget lines ({money(budget.total)})",
                "grants:application_budget",
                {"pk": pk},
                fragment="id_requested_amount",
            )
        )
    if not declaration_confirmed:
        problems.append(
            Problem(
                "Confirm the declaration to submit the application",
                "grants:application_declaration",
                {"pk": pk},
                fragment="id_declaration",
            )
        )
    return problems


# What the group sees once it has submitted


@dataclass(frozen=True)
class CommentGroup:
    objective: Objective | None  # None: on the application as a whole
    comments: list[ReviewComment]


def review_comments_for_group(application: Application) -> list[CommentGroup]:
    """The link officer's comments on the latest submission, by objective (the application
    as a whole first). Internal notes are never read here."""
    comments = list(
        ReviewComment.objects.filter(application=application, version=application.submitted_version)
        .select_related("objective")
        .order_by("objective__position", "objective__code", "created_at", "pk")
    )
    groups: list[CommentGroup] = []
    for comment in sorted(comments, key=lambda c: c.objective_id is not None):
        if groups and groups[-1].objective == comment.objective:
            groups[-1].comments.append(comment)
        else:
            groups.append(CommentGroup(objective=comment.objective, comments=[comment]))
    return groups
