"""The instalment gate: quarter N+1's instalment is released only once the quarter N return
is accepted. The instalment workflow's release precondition asks here, so the rule holds for
whoever tries, from any page, however often."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slas.models import QuarterlyReturn, ReturnStatus

if TYPE_CHECKING:
    from grants.models import Award, Instalment


def _on(moment) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(moment):%-d %B}"


def previous_quarter_accepted(award: Award, quarter: int) -> bool:
    """The award's return for ``quarter - 1`` has an accepted version (always true for
    quarter 1, whose instalment is ready when the award is made)."""
    if quarter <= 1:
        return True
    return QuarterlyReturn.objects.filter(
        award=award, quarter=quarter - 1, status=ReturnStatus.ACCEPTED
    ).exists()


def why_not_yet(previous: QuarterlyReturn | None) -> str:
    """Where the previous quarter's return stands, as the end of the refusal's sentence."""
    if previous is None or previous.status == ReturnStatus.NOT_STARTED:
        return "it has not been started"
    if previous.status == ReturnStatus.DRAFT:
        return "it is still a draft"
    if previous.status == ReturnStatus.SUBMITTED and previous.submitted_at:
        return f"it was submitted on {_on(previous.submitted_at)} and waits for review"
    if previous.status == ReturnStatus.RETURNED and previous.returned_at:
        return f"it was returned with questions on {_on(previous.returned_at)}"
    return f"it is {previous.get_status_display().lower()}"


def release_blocker(instalment: Instalment) -> str | None:
    """What stops the instalment's release by the gate, or None. Interim awards have no
    returns: their instalments are released by the funding manager with a reason."""
    award = instalment.award
    if award.is_interim or instalment.quarter <= 1:
        return None
    if previous_quarter_accepted(award, instalment.quarter):
        return None
    previous = (
        QuarterlyReturn.objects.filter(award=award, quarter=instalment.quarter - 1)
        .order_by("-version")
        .first()
    )
    return (
        f"Quarter {instalment.quarter}'s instalment is released once the quarter "
        f"{instalment.quarter - 1} return is accepted; {why_not_yet(previous)}"
    )
