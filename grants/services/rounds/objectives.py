"""The round's objectives: added and changed by the funding manager until the round opens for
applications, when groups plan their work against them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from audit.services import audit_record
from grants.models import FundingRound, Objective
from grants.services.rounds.common import locked, require_manager


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
    require_manager(user)
    funding_round = locked(funding_round)
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
    require_manager(user)
    funding_round = locked(objective.funding_round)
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
