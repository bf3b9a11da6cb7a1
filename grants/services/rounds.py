"""Writes for funding rounds: the round's terms, its status, objectives and access-needs fund.

Only the funding manager changes a round. Every change locks the round's row, runs in one
transaction and is recorded in the round's audit log, so the round page's history says who
did what, when and why.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS, FinancialYear
from grants.models import (
    AccessFundDrawdown,
    AccessFundTopUp,
    FundingRound,
    Objective,
    RoundStatus,
)
from grants.permissions import can_manage_round
from grants.selectors.ledger import access_fund_available, approved_total

#: Allowed transitions, as data: (from, to) -> what the change is called. The round page
#: offers a button for each transition from the round's status, labelled from this table.
TRANSITIONS: dict[tuple[str, str], str] = {
    (RoundStatus.SETUP, RoundStatus.OUTLINES_OPEN): "opened for outlines",
    (RoundStatus.OUTLINES_OPEN, RoundStatus.APPLICATIONS_OPEN): "opened for applications",
    (RoundStatus.APPLICATIONS_OPEN, RoundStatus.CLOSED): "closed",
}

#: The button that asks for each transition.
TRANSITION_BUTTONS: dict[str, str] = {
    RoundStatus.OUTLINES_OPEN: "Open the round for outlines",
    RoundStatus.APPLICATIONS_OPEN: "Open the round for applications",
    RoundStatus.CLOSED: "Close the round",
}

PENNY = Decimal("0.01")


def next_statuses(funding_round: FundingRound) -> list[str]:
    """The statuses the round may move to from where it is (what the page offers)."""
    return [to for (from_, to) in TRANSITIONS if from_ == funding_round.status]


@dataclass(frozen=True)
class RoundTerms:
    """What the funding manager sets for a round: its year, money and deadlines."""

    year_start: int
    total_budget: Decimal
    allocable_ceiling: Decimal
    access_fund: Decimal
    outline_deadline: datetime.date
    application_deadline: datetime.date
    q1_return_deadline: datetime.date
    q2_return_deadline: datetime.date
    q3_return_deadline: datetime.date
    q4_return_deadline: datetime.date

    @classmethod
    def of(cls, funding_round: FundingRound) -> "RoundTerms":
        return cls(**{f.name: getattr(funding_round, f.name) for f in fields(cls)})


#: How the change summary in the audit log names each term.
_TERM_NAMES = {
    "year_start": "financial year",
    "total_budget": "total budget",
    "allocable_ceiling": "ceiling",
    "access_fund": "access-needs fund at the start",
    "outline_deadline": "outlines deadline",
    "application_deadline": "applications deadline",
    **{f"q{q}_return_deadline": f"quarter {q} return deadline" for q in QUARTERS},
}


def _require(user: User) -> None:
    if not can_manage_round(user):
        raise ValidationError("Only the funding manager can change a funding round.")


def _locked(funding_round: FundingRound) -> FundingRound:
    return FundingRound.objects.select_for_update().get(pk=funding_round.pk)


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _money_problems(terms: RoundTerms) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, noun in (
        ("total_budget", "The total budget"),
        ("allocable_ceiling", "The most that may be allocated to groups"),
        ("access_fund", "The access-needs fund"),
    ):
        amount: Decimal = getattr(terms, name)
        if amount < 0:
            problems[name] = f"{noun} must be £0 or more"
        elif amount != amount.quantize(PENNY):
            problems[name] = f"{noun} must be in pounds and pence, with 2 decimal places at most"
    if terms.total_budget == 0 and "total_budget" not in problems:
        problems["total_budget"] = "Enter a total budget of more than £0"
    if "allocable_ceiling" not in problems and terms.allocable_ceiling > terms.total_budget:
        problems["allocable_ceiling"] = (
            "The most that may be allocated to groups must be no more than the total budget "
            f"of {_pounds(terms.total_budget)}"
        )
    return problems


def _deadline_problems(terms: RoundTerms) -> dict[str, str]:
    problems: dict[str, str] = {}
    year = FinancialYear(terms.year_start)
    if terms.outline_deadline > terms.application_deadline:
        problems["outline_deadline"] = (
            "Outlines must be due on or before the applications deadline, "
            f"{_day(terms.application_deadline)}"
        )
    if terms.application_deadline > year.end:
        problems["application_deadline"] = (
            f"Applications must be due by the end of the financial year, {_day(year.end)}"
        )
    for number in QUARTERS:
        quarter = year.quarter(number)
        due = getattr(terms, f"q{number}_return_deadline")
        if due <= quarter.end:
            problems[f"q{number}_return_deadline"] = (
                f"The quarter {number} return must be due after the quarter ends on "
                f"{_day(quarter.end)}"
            )
    return problems


def _year_problems(terms: RoundTerms, *, funding_round: FundingRound | None) -> dict[str, str]:
    if not 2000 <= terms.year_start <= 2099:
        return {"year_start": "Enter a financial year from 2000/01 to 2099/00, like 2011/12"}
    if (
        funding_round is not None
        and terms.year_start != funding_round.year_start
        and funding_round.status != RoundStatus.SETUP
    ):
        return {"year_start": "The financial year cannot change once the round has opened"}
    clash = FundingRound.objects.filter(year_start=terms.year_start)
    if funding_round is not None:
        clash = clash.exclude(pk=funding_round.pk)
    if clash.exists():
        return {
            "year_start": f"There is already a round for {FinancialYear(terms.year_start).label}"
        }
    return {}


def round_terms_problems(
    terms: RoundTerms, *, funding_round: FundingRound | None = None
) -> dict[str, str]:
    """Every rule the terms break, as field name -> message (empty when they are good).

    ``funding_round`` is the round being changed, or None for a new one.
    """
    problems = _year_problems(terms, funding_round=funding_round)
    problems.update(_money_problems(terms))
    if "year_start" not in problems:
        problems.update(_deadline_problems(terms))
    if funding_round is not None and "allocable_ceiling" not in problems:
        approved = approved_total(funding_round=funding_round)
        if terms.allocable_ceiling < approved:
            problems["allocable_ceiling"] = (
                f"The most that may be allocated cannot be less than the {_pounds(approved)} "
                "already awarded"
            )
    if funding_round is not None and "access_fund" not in problems:
        available = access_fund_available(funding_round=funding_round)
        if terms.access_fund - funding_round.access_fund + available < 0:
            needed = funding_round.access_fund - available  # drawn, less the top-ups
            problems["access_fund"] = (
                f"The access-needs fund at the start must be at least {_pounds(needed)}, "
                "to cover what has already been drawn from it"
            )
    return problems


def _objective_specs(objectives: Iterable[Sequence[str]]) -> list[tuple[str, str, str]]:
    specs = []
    for objective in objectives:
        code, title, *rest = objective
        specs.append((code, title, rest[0] if rest else ""))
    return specs


@transaction.atomic
def round_create(
    *,
    user: User,
    year_start: int,
    total_budget: Decimal,
    allocable_ceiling: Decimal,
    access_fund: Decimal,
    outline_deadline: datetime.date,
    application_deadline: datetime.date,
    q1_return_deadline: datetime.date,
    q2_return_deadline: datetime.date,
    q3_return_deadline: datetime.date,
    q4_return_deadline: datetime.date,
    objectives: Iterable[Sequence[str]] = (),
) -> FundingRound:
    """Set up a new round (status "being set up"), with ``objectives`` as (code, title) or
    (code, title, description), in order."""
    _require(user)
    terms = RoundTerms(
        year_start=year_start,
        total_budget=total_budget,
        allocable_ceiling=allocable_ceiling,
        access_fund=access_fund,
        outline_deadline=outline_deadline,
        application_deadline=application_deadline,
        q1_return_deadline=q1_return_deadline,
        q2_return_deadline=q2_return_deadline,
        q3_return_deadline=q3_return_deadline,
        q4_return_deadline=q4_return_deadline,
    )
    problems = round_terms_problems(terms)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            funding_round = FundingRound.objects.create(
                **{f.name: getattr(terms, f.name) for f in fields(RoundTerms)},
                status=RoundStatus.SETUP,
                created_by=user,
            )
    except IntegrityError:  # another manager created the same year a moment ago
        raise ValidationError(
            {"year_start": f"There is already a round for {FinancialYear(year_start).label}"}
        ) from None
    audit_record(
        subject=funding_round,
        actor=user,
        action="round created",
        to_state=RoundStatus.SETUP,
        reason=(
            f"Total budget {_pounds(total_budget)}, up to {_pounds(allocable_ceiling)} for "
            f"groups, access-needs fund {_pounds(access_fund)}"
        ),
    )
    for code, title, description in _objective_specs(objectives):
        objective_add(
            user=user,
            funding_round=funding_round,
            code=code,
            title=title,
            description=description,
        )
    return funding_round


@transaction.atomic
def round_update(
    *,
    user: User,
    funding_round: FundingRound,
    total_budget: Decimal,
    allocable_ceiling: Decimal,
    access_fund: Decimal,
    outline_deadline: datetime.date,
    application_deadline: datetime.date,
    q1_return_deadline: datetime.date,
    q2_return_deadline: datetime.date,
    q3_return_deadline: datetime.date,
    q4_return_deadline: datetime.date,
    year_start: int | None = None,
) -> FundingRound:
    """Change the round's terms. The year may change only while the round is being set up
    (None keeps it); the ceiling never drops below what is already awarded. Unchanged terms
    change nothing and record nothing."""
    _require(user)
    funding_round = _locked(funding_round)
    terms = RoundTerms(
        year_start=funding_round.year_start if year_start is None else year_start,
        total_budget=total_budget,
        allocable_ceiling=allocable_ceiling,
        access_fund=access_fund,
        outline_deadline=outline_deadline,
        application_deadline=application_deadline,
        q1_return_deadline=q1_return_deadline,
        q2_return_deadline=q2_return_deadline,
        q3_return_deadline=q3_return_deadline,
        q4_return_deadline=q4_return_deadline,
    )
    before = RoundTerms.of(funding_round)
    changed = [
        f.name for f in fields(RoundTerms) if getattr(terms, f.name) != getattr(before, f.name)
    ]
    if not changed:
        return funding_round
    problems = round_terms_problems(terms, funding_round=funding_round)
    if problems:
        raise ValidationError(problems)
    for name in changed:
        setattr(funding_round, name, getattr(terms, name))
    funding_round.save(update_fields=[*changed, "updated_at"])
    audit_record(
        subject=funding_round,
        actor=user,
        action="round details changed",
        reason="Changed: " + ", ".join(_TERM_NAMES[name] for name in changed),
    )
    return funding_round


@transaction.atomic
def round_set_status(*, user: User, funding_round: FundingRound, status: str) -> FundingRound:
    """Move the round to ``status`` along TRANSITIONS. Asking for the status it already has
    does nothing. Opening for outlines needs at least one objective."""
    _require(user)
    funding_round = _locked(funding_round)
    if funding_round.status == status:
        return funding_round
    from_state = funding_round.status
    action = TRANSITIONS.get((from_state, status))
    if action is None:
        current = funding_round.get_status_display().lower()
        wanted = RoundStatus(status).label.lower() if status in RoundStatus.values else status
        raise ValidationError(f"A round that is {current} cannot become {wanted}.")
    if status == RoundStatus.OUTLINES_OPEN and not funding_round.objectives.exists():
        raise ValidationError("Add at least one objective before opening the round for outlines.")
    funding_round.status = status
    funding_round.save(update_fields=["status", "updated_at"])
    audit_record(
        subject=funding_round,
        actor=user,
        action=f"round {action}",
        from_state=from_state,
        to_state=status,
    )
    return funding_round


def _require_objectives_editable(funding_round: FundingRound) -> None:
    if not funding_round.objectives_editable:
        raise ValidationError(
            "Objectives cannot be changed once the round is open for applications."
        )


def _clean_objective(code: str, title: str, description: str) -> tuple[str, str, str]:
    code, title, description = code.strip(), title.strip(), description.strip()
    problems = {}
    if not code:
        problems["code"] = "Enter a short code for the objective, like O1"
    elif len(code) > 10:
        problems["code"] = "The code must be 10 characters or fewer"
    if not title:
        problems["title"] = "Enter the objective's title"
    elif len(title) > 200:
        problems["title"] = "The title must be 200 characters or fewer"
    if problems:
        raise ValidationError(problems)
    return code, title, description


def _code_taken(funding_round: FundingRound, code: str, *, exclude: int | None = None) -> None:
    clash = Objective.objects.filter(funding_round=funding_round, code__iexact=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"code": f"The round already has an objective {code}: choose another code"}
        )


@transaction.atomic
def objective_add(
    *,
    user: User,
    funding_round: FundingRound,
    code: str,
    title: str,
    description: str = "",
) -> Objective:
    """Add an objective at the end of the round's list. Adding one that is already there,
    word for word, returns it unchanged (a form sent twice adds it once)."""
    _require(user)
    funding_round = _locked(funding_round)
    _require_objectives_editable(funding_round)
    code, title, description = _clean_objective(code, title, description)
    same = Objective.objects.filter(
        funding_round=funding_round, code=code, title=title, description=description
    ).first()
    if same is not None:
        return same
    _code_taken(funding_round, code)
    last = funding_round.objectives.aggregate(last=Max("position"))["last"] or 0
    objective = Objective.objects.create(
        funding_round=funding_round,
        code=code,
        title=title,
        description=description,
        position=last + 1,
    )
    audit_record(
        subject=funding_round, actor=user, action="objective added", reason=f"{code}: {title}"
    )
    return objective


@transaction.atomic
def objective_update(
    *, user: User, objective: Objective, code: str, title: str, description: str = ""
) -> Objective:
    """Change an objective's code, title or description while objectives are editable."""
    _require(user)
    funding_round = _locked(objective.funding_round)
    _require_objectives_editable(funding_round)
    objective = Objective.objects.get(pk=objective.pk, funding_round=funding_round)
    code, title, description = _clean_objective(code, title, description)
    if (objective.code, objective.title, objective.description) == (code, title, description):
        return objective
    _code_taken(funding_round, code, exclude=objective.pk)
    was = f"{objective.code}: {objective.title}"
    objective.code, objective.title, objective.description = code, title, description
    objective.save(update_fields=["code", "title", "description"])
    now = f"{code}: {title}"
    audit_record(
        subject=funding_round,
        actor=user,
        action="objective changed",
        reason=now if was == now else f"{was} → {now}",
    )
    return objective


def _clean_amount_and_reason(amount: Decimal, reason: str) -> str:
    reason = reason.strip()
    problems = {}
    if amount <= 0:
        problems["amount"] = "Enter an amount of more than £0"
    elif amount != amount.quantize(PENNY):
        problems["amount"] = "Enter the amount in pounds and pence, with 2 decimal places at most"
    if not reason:
        problems["reason"] = "Enter the reason, so the committee can see why"
    if problems:
        raise ValidationError(problems)
    return reason


@transaction.atomic
def access_fund_top_up(
    *, user: User, funding_round: FundingRound, amount: Decimal, reason: str
) -> AccessFundTopUp:
    """Add money to the round's access-needs fund, recording who, when and why."""
    _require(user)
    funding_round = _locked(funding_round)
    reason = _clean_amount_and_reason(amount, reason)
    top_up = AccessFundTopUp.objects.create(
        funding_round=funding_round, amount=amount, reason=reason, created_by=user
    )
    audit_record(
        subject=funding_round,
        actor=user,
        action="access-needs fund topped up",
        reason=f"{_pounds(amount)} added: {reason}",
    )
    return top_up


@transaction.atomic
def access_fund_draw(
    *, user: User, funding_round: FundingRound, cpeg: Cpeg, amount: Decimal, reason: str
) -> AccessFundDrawdown:
    """Draw money from the access-needs fund for one group. Never more than is available:
    the round's row is locked first, so two drawdowns at once cannot both spend the same
    pounds."""
    _require(user)
    funding_round = _locked(funding_round)
    reason = _clean_amount_and_reason(amount, reason)
    available = access_fund_available(funding_round=funding_round)
    if amount > available:
        raise ValidationError(
            {
                "amount": f"Enter an amount no more than the {_pounds(available)} available "
                "in the access-needs fund"
            }
        )
    drawdown = AccessFundDrawdown.objects.create(
        funding_round=funding_round, cpeg=cpeg, amount=amount, reason=reason, created_by=user
    )
    audit_record(
        subject=funding_round,
        actor=user,
        action="access-needs fund drawn",
        reason=f"{_pounds(amount)} for {cpeg.name}: {reason}",
    )
    return drawdown
