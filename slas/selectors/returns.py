"""Reads for the group's quarterly return: the return with everything its pages show, the
task list's sections, what is left before it can be submitted, the spend lines with their
variance in words, the frozen copy kept with each submission, and a group's returns.

The functions that take a return work on one loaded by ``return_detail`` and read its
prefetched rows, so a page's query count does not grow with its milestones or lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from boroughs.models import Cpeg
from grants.models import FundingRound
from grants.models.money import money
from grants.selectors.applications import Problem, TaskStatus
from slas.models import (
    COUNT_FIELDS,
    EXPLAINED_OUTCOMES,
    MilestoneReport,
    QuarterlyReturn,
    ReturnStatus,
    ReturnSubmission,
    ReviewQuestion,
    SpendLine,
)
from slas.services.returns import COUNT_NOUNS, previous_spend, spend_reason_needed


def return_detail(*, pk: int) -> QuarterlyReturn | None:
    """The return with its round, group, milestone reports (each with its milestone and
    objective), spend lines, evidence files, questions and submissions."""
    return (
        QuarterlyReturn.objects.select_related(
            "funding_round", "cpeg__borough", "award", "submitted_by", "corrects"
        )
        .prefetch_related(
            Prefetch(
                "milestone_reports",
                queryset=MilestoneReport.objects.select_related("milestone__objective"),
            ),
            Prefetch("spend_lines", queryset=SpendLine.objects.order_by("pk")),
            "evidence_files",
            Prefetch(
                "questions",
                queryset=ReviewQuestion.objects.select_related(
                    "milestone_report__milestone__objective"
                ),
            ),
            Prefetch(
                "submissions",
                queryset=ReturnSubmission.objects.select_related("submitted_by").order_by("number"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def milestone_name(report: MilestoneReport) -> str:
    """ "O1: Quarterly public meetings", how a milestone is named in lists and messages."""
    return f"{report.milestone.objective.code}: {report.milestone.activity_title}"


# The task list


@dataclass(frozen=True)
class ReturnTask:
    key: str
    name: str
    status: TaskStatus
    url: str
    group: str
    hint: str = ""
    reasons: tuple[str, ...] = ()

    @property
    def links(self) -> bool:
        return self.status != TaskStatus.CANNOT_START


def _status(done: int, total: int) -> TaskStatus:
    if total and done == total:
        return TaskStatus.COMPLETED
    return TaskStatus.IN_PROGRESS if done else TaskStatus.NOT_STARTED


def _url(name: str, r: QuarterlyReturn, **kwargs: int) -> str:
    return reverse(f"slas:{name}", kwargs={"pk": r.pk, **kwargs})


MILESTONES = "Milestones due this quarter"
QUARTER = "About the quarter"
QUESTIONS = "The link officer's questions"
SUBMIT = "Submit"


def return_sections(r: QuarterlyReturn) -> list[ReturnTask]:
    """The return's sections for the GOV.UK task list: one per milestone due, then the
    evidence, the counts, the spend, the narrative, the officer's questions (if any), and
    checking and submitting, which can start once every other section is started."""
    tasks = [
        ReturnTask(
            key=f"milestone-{report.pk}",
            name=milestone_name(report),
            status=TaskStatus.COMPLETED if report.outcome else TaskStatus.NOT_STARTED,
            url=_url("return_milestone", r, report_pk=report.pk),
            group=MILESTONES,
            hint=report.milestone.description,
        )
        for report in r.milestone_reports.all()
    ]
    files = len(r.evidence_files.all())
    tasks.append(
        ReturnTask(
            key="evidence",
            name="Evidence",
            status=TaskStatus.COMPLETED
            if r.evidence
            else (TaskStatus.IN_PROGRESS if files else TaskStatus.NOT_STARTED),
            url=_url("return_evidence", r),
            group=QUARTER,
            hint="What shows the work was done; files and photographs are optional",
            reasons=("Describe the evidence",) if files and not r.evidence else (),
        )
    )
    counts = sum(1 for name in COUNT_FIELDS if getattr(r, name) is not None)
    tasks.append(
        ReturnTask(
            key="counts",
            name="Meetings, events and people reached",
            status=_status(counts, len(COUNT_FIELDS)),
            url=_url("return_counts", r),
            group=QUARTER,
        )
    )
    lines = list(r.spend_lines.all())
    entered = sum(1 for line in lines if line.spent_to_date is not None)
    tasks.append(
        ReturnTask(
            key="spend",
            name="Spend to date",
            status=_status(entered, len(lines)) if lines else TaskStatus.COMPLETED,
            url=_url("return_spend", r),
            group=QUARTER,
            hint="Against each line of the award's budget",
        )
    )
    tasks.append(
        ReturnTask(
            key="narrative",
            name="Highlights, problems and support wanted",
            status=TaskStatus.COMPLETED
            if r.narrative_saved and r.highlights
            else TaskStatus.NOT_STARTED,
            url=_url("return_narrative", r),
            group=QUARTER,
        )
    )
    questions = list(r.questions.all())
    if questions:
        answered = sum(1 for question in questions if question.answer)
        tasks.append(
            ReturnTask(
                key="questions",
                name="Answer the link officer's questions",
                status=_status(answered, len(questions)),
                url=_url("return_questions", r),
                group=QUESTIONS,
                hint=f"{answered} of {len(questions)} answered",
            )
        )
    started = all(task.status != TaskStatus.NOT_STARTED for task in tasks)
    tasks.append(
        ReturnTask(
            key="check",
            name="Check your answers and submit",
            status=TaskStatus.NOT_STARTED if started else TaskStatus.CANNOT_START,
            url=_url("return_check", r),
            group=SUBMIT,
            hint="" if started else "Start every section above first",
        )
    )
    return tasks


@dataclass(frozen=True)
class TaskGroup:
    name: str
    tasks: list[ReturnTask]


def return_task_groups(r: QuarterlyReturn) -> list[TaskGroup]:
    """The sections under their headings, in order."""
    groups: dict[str, list[ReturnTask]] = {}
    for task in return_sections(r):
        groups.setdefault(task.group, []).append(task)
    return [TaskGroup(name, tasks) for name, tasks in groups.items()]


# What stops a submission


def return_problems(r: QuarterlyReturn, *, declaration_confirmed: bool = True) -> list[Problem]:
    """Every reason the return cannot be submitted yet, in the task list's order, each with
    the page where it is put right."""
    pk = r.pk
    problems = []
    for report in r.milestone_reports.all():
        kwargs = {"pk": pk, "report_pk": report.pk}
        name = milestone_name(report)
        if not report.outcome:
            problems.append(
                Problem(
                    f"Say whether milestone {name} was met",
                    "slas:return_milestone",
                    kwargs,
                    fragment="id_outcome_0",
                )
            )
        elif report.outcome in EXPLAINED_OUTCOMES and not (
            report.what_happened and report.next_steps
        ):
            problems.append(
                Problem(
                    f"Say what happened and what happens next for milestone {name}",
                    "slas:return_milestone",
                    kwargs,
                )
            )
    if not r.evidence:
        problems.append(
            Problem(
                "Describe the evidence of what the group did this quarter",
                "slas:return_evidence",
                {"pk": pk},
                fragment="id_evidence",
            )
        )
    for name in COUNT_FIELDS:
        if getattr(r, name) is None:
            problems.append(
                Problem(
                    f"Enter {COUNT_NOUNS[name]}",
                    "slas:return_counts",
                    {"pk": pk},
                    fragment=f"id_{name}",
                )
            )
    lines = list(r.spend_lines.all())
    previous = previous_spend(r) if lines else None
    for line in lines:
        label = line.get_category_display()
        if line.spent_to_date is None:
            problems.append(
                Problem(
                    f"Enter the spend to date on {label.lower()}",
                    "slas:return_spend",
                    {"pk": pk},
                    fragment=f"id_spent_{line.pk}",
                )
            )
            continue
        needed = spend_reason_needed(
            label=label, category=line.category, spent=line.spent_to_date, previous=previous
        )
        if needed and not line.lower_reason:
            problems.append(
                Problem(needed, "slas:return_spend", {"pk": pk}, fragment=f"id_reason_{line.pk}")
            )
    if not (r.narrative_saved and r.highlights):
        problems.append(
            Problem(
                "Enter the quarter's highlights",
                "slas:return_narrative",
                {"pk": pk},
                fragment="id_highlights",
            )
        )
    for number, question in enumerate(r.questions.all(), start=1):
        if not question.answer:
            problems.append(
                Problem(
                    f"Answer the link officer's question {number}",
                    "slas:return_question",
                    {"pk": pk, "question_pk": question.pk},
                    fragment="id_answer",
                )
            )
    if not declaration_confirmed:
        problems.append(
            Problem(
                "Confirm the declaration to submit the return",
                "slas:return_declaration",
                {"pk": pk},
                fragment="id_declaration",
            )
        )
    return problems


# Spend


@dataclass(frozen=True)
class SpendRow:
    line: SpendLine
    label: str
    #: The spend to date on this line in the last accepted earlier quarter, if any.
    previous: Decimal | None
    previous_quarter: int | None

    @property
    def variance_text(self) -> str:
        return variance_text(self.line.budget, self.line.spent_to_date)


def variance_text(budget: Decimal, spent: Decimal | None) -> str:
    """ "£120.00 under budget", "£5.50 over budget", "On budget"; "" before any spend."""
    if spent is None:
        return ""
    difference = spent - budget
    if difference < 0:
        return f"{money(-difference)} under budget"
    if difference > 0:
        return f"{money(difference)} over budget"
    return "On budget"


def spend_rows(r: QuarterlyReturn) -> list[SpendRow]:
    """Each spend line with its label and the last accepted earlier quarter's figure."""
    lines = list(r.spend_lines.all())
    previous = previous_spend(r) if lines else None
    return [
        SpendRow(
            line=line,
            label=line.get_category_display(),
            previous=previous[1].get(line.category) if previous else None,
            previous_quarter=previous[0] if previous else None,
        )
        for line in lines
    ]


# The frozen copy kept with each submission


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def return_snapshot(r: QuarterlyReturn) -> dict[str, Any]:
    """Everything the group said in the return, as JSON: milestone outcomes keyed by
    milestone, counts, spend keyed by category, evidence text and file names, narrative,
    and answers keyed by question. Each entry carries a ``_position`` so the order of the
    page survives a database that does not keep a JSON object's key order (keys starting with
    ``_`` are bookkeeping: the versions page's comparison skips them)."""
    return {
        "reference": r.reference,
        "quarter": r.quarter,
        "version": r.version,
        "milestones": {
            str(report.milestone_id): {
                "_position": position,
                "title": f"{report.milestone.objective.code}: {report.milestone.activity_title}",
                "objective": report.milestone.objective.code,
                "activity": report.milestone.activity_title,
                "description": report.milestone.description,
                "outcome": report.outcome,
                "outcome_label": report.get_outcome_display() if report.outcome else "",
                "what_happened": report.what_happened,
                "next_steps": report.next_steps,
            }
            for position, report in enumerate(r.milestone_reports.all())
        },
        "evidence": r.evidence,
        "evidence_files": [evidence_file.original_name for evidence_file in r.evidence_files.all()],
        "counts": {name: getattr(r, name) for name in COUNT_FIELDS},
        "spend": {
            line.category: {
                "_position": position,
                "label": line.get_category_display(),
                "budget": _decimal(line.budget),
                "spent_to_date": _decimal(line.spent_to_date),
                "lower_reason": line.lower_reason,
            }
            for position, line in enumerate(r.spend_lines.all())
        },
        "highlights": r.highlights,
        "problems": r.problems,
        "support_wanted": r.support_wanted,
        "answers": {
            str(question.pk): {
                "_position": position,
                "_milestone": question.milestone_report.milestone_id
                if question.milestone_report
                else None,
                "question": question.question,
                "answer": question.answer,
            }
            for position, question in enumerate(r.questions.all())
        },
    }


# A group's returns


def returns_for_group(
    cpeg: Cpeg, funding_round: FundingRound | None = None
) -> QuerySet[QuarterlyReturn]:
    """The group's returns (every version), by round, quarter and version: one query."""
    returns = QuarterlyReturn.objects.filter(cpeg=cpeg).select_related(
        "funding_round", "cpeg__borough"
    )
    if funding_round is not None:
        returns = returns.filter(funding_round=funding_round)
    return returns.order_by("funding_round__year_start", "quarter", "version")


def is_being_written(r: QuarterlyReturn) -> bool:
    return r.status in (ReturnStatus.DRAFT, ReturnStatus.RETURNED)


def count_rows(r: QuarterlyReturn) -> list[tuple[str, int | None]]:
    """Each standard count with its name, as the answers show them."""
    rows = []
    for name in COUNT_FIELDS:
        label = str(QuarterlyReturn._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        rows.append((label[:1].upper() + label[1:], getattr(r, name)))
    return rows


def narrative_rows(r: QuarterlyReturn) -> list[tuple[str, str]]:
    return [
        ("Highlights", r.highlights),
        ("Problems", r.problems),
        ("Support wanted from the link officer", r.support_wanted),
    ]


def answers_context(r: QuarterlyReturn) -> dict[str, Any]:
    """What the answers' summary lists show besides the return's own rows."""
    return {"spend": spend_rows(r), "counts": count_rows(r), "narrative": narrative_rows(r)}
