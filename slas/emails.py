"""The e-mails quarterly returns and instalments send. Those of the return's transitions are
named in ``slas.workflows.quarterly_return`` and called by the engine with the return and the
user who moved it; reminders and escalation are sent by ``slas.reminders``. All queue on
commit through ``accounts.services.email_send``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role, User
from grants.notifications import group_people, link_officers, notify

if TYPE_CHECKING:
    from grants.models import Instalment
    from slas.models import QuarterlyReturn

GROUP = (Role.SECRETARY, Role.CHAIR)


def return_path(quarterly_return: QuarterlyReturn) -> str:
    return quarterly_return.get_absolute_url()


def _name(quarterly_return: QuarterlyReturn) -> str:
    return (
        f"{quarterly_return.cpeg}: quarter {quarterly_return.quarter} return for "
        f"{quarterly_return.funding_round}"
    )


def submitted(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the borough's link officers: a return waits for review."""
    notify(
        users=link_officers(quarterly_return.cpeg),
        subject=f"{_name(quarterly_return)} submitted",
        body=(
            f"{quarterly_return.cpeg} has submitted its quarter {quarterly_return.quarter} "
            f"return ({quarterly_return.reference}). It is waiting for your review."
        ),
        path=return_path(quarterly_return),
    )


def returned(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the group's secretary and chair: questions to answer, and by when."""
    due = quarterly_return.answer_due_on
    notify(
        users=group_people(quarterly_return.cpeg, GROUP),
        subject=f"{_name(quarterly_return)}: your link officer has questions",
        body=(
            f"Your link officer has returned your quarter {quarterly_return.quarter} return "
            f"({quarterly_return.reference}) with questions. Answer them in the return and "
            "submit it again" + (f" by {due:%-d %B %Y}." if due else ".")
        ),
        path=return_path(quarterly_return),
    )


def accepted(quarterly_return: QuarterlyReturn, user: User | None) -> None:
    """To the group's secretary and chair: accepted, with the quarter's overall rating."""
    from slas.models import Rating

    overall = Rating.objects.filter(
        quarterly_return=quarterly_return, objective__isnull=True
    ).first()
    rating = f" The quarter is rated {overall.get_final_display()} overall." if overall else ""
    notify(
        users=group_people(quarterly_return.cpeg, GROUP),
        subject=f"{_name(quarterly_return)} accepted",
        body=(
            f"Your link officer has accepted your quarter {quarterly_return.quarter} return "
            f"({quarterly_return.reference}).{rating}"
        ),
        path=return_path(quarterly_return),
    )


def instalment_released(instalment: Instalment, user: User | None) -> None:
    """To the group's secretary and chair: the instalment is on its way."""
    award = instalment.award
    reference = (
        f" (payment reference {instalment.release_reference})"
        if (instalment.release_reference)
        else ""
    )
    released_on = f" on {instalment.released_on:%-d %B %Y}" if instalment.released_on else ""
    notify(
        users=group_people(award.cpeg, GROUP),
        subject=f"{award.cpeg}: quarter {instalment.quarter} instalment released",
        body=(
            f"The quarter {instalment.quarter} instalment of your {award.funding_round} award "
            f"{award.reference} was released{released_on}{reference}."
        ),
        path=award.get_absolute_url(),
    )
