"""A round's terms: its year, money and deadlines. The funding manager sets them when the
round is created and may change them later, within what has already been awarded and drawn."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from audit.services import audit_record
from cpeg_portal.fiscal import QUARTERS, FinancialYear
from grants.models import FundingRound
from grants.selectors.ledger import access_fund_available, approved_total
from grants.services.rounds.common import PENNY, day, locked, pounds, require_manager
from grants.services.rounds.objectives import objective_add
from grants.workflows.round import BEING_SET_UP, ROUND

#: Days before a quarterly return is due that its secretary is reminded: the most a round
#: may set (the model's constraint) and the default.
MAX_REMINDER_DAYS = 60
DEFAULT_REMINDER_DAYS: int = FundingRound._meta.get_field("reminder_days_before").default


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
    reminder_days_before: int = DEFAULT_REMINDER_DAYS

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
    "reminder_days_before": "days before a return is due to remind the secretary",
}


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
            f"of {pounds(terms.total_budget)}"
        )
    return problems


def _deadline_problems(terms: RoundTerms) -> dict[str, str]:
    problems: dict[str, str] = {}
    year = FinancialYear(terms.year_start)
    if terms.outline_deadline > terms.application_deadline:
        problems["outline_deadline"] = (
            "Outlines must be due on or before the applications deadline, "
            f"{day(terms.application_deadline)}"
        )
    if terms.application_deadline > year.end:
        problems["application_deadline"] = (
            f"Applications must be due by the end of the financial year, {day(year.end)}"
        )
    for number in QUARTERS:
        quarter = year.quarter(number)
        due = getattr(terms, f"q{number}_return_deadline")
        if due <= quarter.end:
            problems[f"q{number}_return_deadline"] = (
                f"The quarter {number} return must be due after the quarter ends on "
                f"{day(quarter.end)}"
            )
    return problems


def _year_problems(terms: RoundTerms, *, funding_round: FundingRound | None) -> dict[str, str]:
    if not 2000 <= terms.year_start <= 2099:
        return {"year_start": "Enter a financial year from 2000/01 to 2099/00, like 2011/12"}
    if (
        funding_round is not None
        and terms.year_start != funding_round.year_start
        and funding_round.status not in BEING_SET_UP
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


def _reminder_problems(terms: RoundTerms) -> dict[str, str]:
    days = terms.reminder_days_before
    if not isinstance(days, int) or isinstance(days, bool):
        return {"reminder_days_before": "Enter the number of days as a whole number, like 7"}
    if days < 0:
        return {
            "reminder_days_before": "The number of days before a return is due must be 0 or more"
        }
    if days > MAX_REMINDER_DAYS:
        return {
            "reminder_days_before": "The number of days before a return is due must be "
            f"{MAX_REMINDER_DAYS} or fewer"
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
    problems.update(_reminder_problems(terms))
    if "year_start" not in problems:
        problems.update(_deadline_problems(terms))
    if funding_round is not None and "allocable_ceiling" not in problems:
        approved = approved_total(funding_round=funding_round)
        if terms.allocable_ceiling < approved:
            problems["allocable_ceiling"] = (
                f"The most that may be allocated cannot be less than the {pounds(approved)} "
                "already awarded"
            )
    if funding_round is not None and "access_fund" not in problems:
        available = access_fund_available(funding_round=funding_round)
        if terms.access_fund - funding_round.access_fund + available < 0:
            needed = funding_round.access_fund - available  # drawn, less the top-ups
            problems["access_fund"] = (
                f"The access-needs fund at the start must be at least {pounds(needed)}, "
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
    reminder_days_before: int | None = None,
    objectives: Iterable[Sequence[str]] = (),
) -> FundingRound:
    """Set up a new round (status "being set up"), with ``objectives`` as (code, title) or
    (code, title, description), in order. ``reminder_days_before``: None for the default
    (7 days)."""
    require_manager(user)
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
        reminder_days_before=(
            DEFAULT_REMINDER_DAYS if reminder_days_before is None else reminder_days_before
        ),
    )
    problems = round_terms_problems(terms)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            funding_round = FundingRound.objects.create(
                **{f.name: getattr(terms, f.name) for f in fields(RoundTerms)},
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
        to_state=ROUND.initial,
        reason=(
            f"Total budget {pounds(total_budget)}, up to {pounds(allocable_ceiling)} for "
            f"groups, access-needs fund {pounds(access_fund)}"
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
    reminder_days_before: int | None = None,
) -> FundingRound:
    """Change the round's terms. The year may change only while the round is being set up
    (None keeps it, as it keeps the days before a return is due that secretaries are
    reminded); the ceiling never drops below what is already awarded. Unchanged terms
    change nothing and record nothing."""
    require_manager(user)
    funding_round = locked(funding_round)
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
        reminder_days_before=(
            funding_round.reminder_days_before
            if reminder_days_before is None
            else reminder_days_before
        ),
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
