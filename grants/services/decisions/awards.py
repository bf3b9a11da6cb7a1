"""Awards: the one place they are made (``award_create``, under the round's lock, with four
quarterly instalments), their payment schedule, and interim funding.

Awards never exceed the round's allocable ceiling, even when two managers record at once:
every writer of awards locks the round's row first (``lock_round``), then sums what is
already awarded, so the second waits for the first to commit and then sees its awards.
"""

import datetime
from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from grants.models import Award, Decision, FundingRound, Instalment, InstalmentStatus
from grants.models.money import PENNY, money
from grants.permissions import can_record_decisions
from grants.selectors.ledger import approved_total
from grants.workflows.round import BEING_SET_UP


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ValidationError(message)


def lock_round(funding_round: FundingRound) -> FundingRound:
    """Lock the round's row: writers of awards take turns from here to their commit."""
    return FundingRound.objects.select_for_update().get(pk=funding_round.pk)


def check_ceiling(funding_round: FundingRound, adding: Decimal) -> None:
    """Refuse awards of ``adding`` that would take the (locked) round past its ceiling."""
    already = approved_total(funding_round=funding_round)
    over = already + adding - funding_round.allocable_ceiling
    if over > 0:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: (
                    f"These awards would take the round {money(over)} over its ceiling of "
                    f"{money(funding_round.allocable_ceiling)}"
                )
            }
        )


def default_instalments(amount: Decimal) -> dict[int, Decimal]:
    """A quarter of the award each quarter, to the penny; the odd pennies go in quarter 1,
    so the four always add up to the award (£10,000.01 → £2,500.01 then 3 × £2,500.00)."""
    quarter_share = (amount / len(QUARTERS)).quantize(PENNY, rounding=ROUND_DOWN)
    shares = dict.fromkeys(QUARTERS, quarter_share)
    shares[QUARTERS[0]] += amount - quarter_share * len(QUARTERS)
    return shares


def _next_reference(funding_round: FundingRound, cpeg: Cpeg) -> str:
    """``CPEG-2011-BARNET-A``; a group's second award in the round (interim funding and then
    the full award, say) is ``-B``. Unique while the round is locked."""
    prefix = f"CPEG-{funding_round.year_start}-{cpeg.borough.slug.upper()}-"
    taken = set(
        Award.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    )
    number = 0
    while True:
        suffix = chr(ord("A") + number) if number < 26 else str(number + 1)
        if prefix + suffix not in taken:
            return prefix + suffix
        number += 1


def award_create(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    amount: Decimal,
    awarded_on: datetime.date,
    decision: Decision | None = None,
    conditions: str = "",
    interim_reason: str = "",
) -> Award:
    award = Award.objects.create(
        funding_round=funding_round,
        cpeg=cpeg,
        decision=decision,
        is_interim=decision is None,
        interim_reason=interim_reason,
        reference=_next_reference(funding_round, cpeg),
        amount=amount,
        conditions=conditions,
        awarded_on=awarded_on,
        created_by=user,
    )
    Instalment.objects.bulk_create(
        Instalment(
            award=award,
            quarter=quarter,
            amount=share,
            # Quarter 1's is ready when the award is made; the rest once the quarter before
            # has an accepted return. Interim funding has no returns: all are ready at once,
            # for the funding manager to release with a reason.
            status=(
                InstalmentStatus.READY
                if decision is None or quarter == 1
                else InstalmentStatus.SCHEDULED
            ),
        )
        for quarter, share in default_instalments(amount).items()
    )
    audit_record(
        subject=award,
        actor=user,
        action="interim funding awarded" if decision is None else "awarded",
        reason=(
            f"{money(amount)}: {interim_reason}"
            if decision is None
            else f"{money(amount)} by {decision.meeting}"
        ),
    )
    return award


@transaction.atomic
def award_set_instalments(*, user: User, award: Award, amounts: Mapping[int, Decimal]) -> Award:
    """Change the award's payment schedule: one amount per quarter, each £0 or more, adding up
    to the award exactly. Unchanged amounts change nothing."""
    require(can_record_decisions(user), "Only the funding manager changes instalments.")
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors: dict[str, list[str]] = {}
    for quarter in QUARTERS:
        value = amounts.get(quarter)
        if value is None:
            errors[f"q{quarter}"] = [f"Enter the instalment for quarter {quarter}"]
        elif value < 0:
            errors[f"q{quarter}"] = [f"The instalment for quarter {quarter} must be £0 or more"]
        elif value != value.quantize(PENNY):
            errors[f"q{quarter}"] = [
                f"Enter the instalment for quarter {quarter} in pounds and pence, with no more "
                "than 2 decimal places"
            ]
    if set(amounts) - set(QUARTERS):
        errors.setdefault(NON_FIELD_ERRORS, []).append("Instalments are for quarters 1 to 4")
    if errors:
        raise ValidationError(errors)
    total = sum((amounts[quarter] for quarter in QUARTERS), Decimal(0))
    if total != award.amount:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: (
                    f"The instalments add up to {money(total)}; they must add up to the "
                    f"award, {money(award.amount)}"
                )
            }
        )
    current = {i.quarter: i for i in award.instalments.select_for_update()}
    released = {
        f"q{quarter}": [
            f"Quarter {quarter}'s instalment has been released: keep it at "
            f"{money(instalment.amount)}"
        ]
        for quarter, instalment in current.items()
        if instalment.status == InstalmentStatus.RELEASED and instalment.amount != amounts[quarter]
    }
    if released:
        raise ValidationError(released)
    changes = [
        f"Q{quarter} {money(current[quarter].amount) if quarter in current else 'none'} → "
        f"{money(amounts[quarter])}"
        for quarter in QUARTERS
        if quarter not in current or current[quarter].amount != amounts[quarter]
    ]
    if not changes:
        return award  # asked twice, or nothing changed
    for quarter in QUARTERS:
        Instalment.objects.update_or_create(
            award=award, quarter=quarter, defaults={"amount": amounts[quarter]}
        )
    audit_record(subject=award, actor=user, action="instalments changed", reason="; ".join(changes))
    return award


@transaction.atomic
def interim_award_create(
    *,
    user: User,
    funding_round: FundingRound,
    cpeg: Cpeg,
    amount: Decimal | None,
    reason: str,
    awarded_on: datetime.date | None,
) -> Award:
    """Interim funding for a group without an agreed work plan (no full award in the round):
    marked as interim, with its reason, four instalments and no SLA milestones. The same
    ceiling lock as the committee's batch. The same award asked twice returns the first."""
    require(can_record_decisions(user), "Only the funding manager awards interim funding.")
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if amount is None:
        errors["amount"] = ["Enter the amount of interim funding"]
    elif amount <= 0:
        errors["amount"] = ["The amount of interim funding must be more than £0"]
    elif amount != amount.quantize(PENNY):
        errors["amount"] = [
            "Enter the amount in pounds and pence, with no more than 2 decimal places"
        ]
    if not reason:
        errors["reason"] = ["Enter why the group is given interim funding"]
    if awarded_on is None:
        errors["awarded_on"] = ["Enter the date the interim funding was agreed"]
    elif awarded_on > timezone.localdate():
        errors["awarded_on"] = [
            "The date the interim funding was agreed must be today or in the past"
        ]
    if errors or amount is None or awarded_on is None:
        raise ValidationError(errors)

    funding_round = lock_round(funding_round)
    if funding_round.status in BEING_SET_UP:
        raise ValidationError("Open the round before awarding interim funding.")
    same = Award.objects.filter(
        funding_round=funding_round,
        cpeg=cpeg,
        is_interim=True,
        amount=amount,
        interim_reason=reason,
        awarded_on=awarded_on,
    ).first()
    if same is not None:
        return same
    who = cpeg.borough.short_name
    if Award.objects.filter(funding_round=funding_round, cpeg=cpeg, is_interim=False).exists():
        raise ValidationError(
            {
                "cpeg": f"{who} already has an award from the committee for "
                f"{funding_round.label}: interim funding is for a group without an agreed "
                "work plan"
            }
        )
    check_ceiling(funding_round, amount)
    return award_create(
        user=user,
        funding_round=funding_round,
        cpeg=cpeg,
        amount=amount,
        awarded_on=awarded_on,
        interim_reason=reason,
    )
