"""Who may see and do what with quarterly returns and instalments. One question each.

- A group's returns are the group's: its secretary writes and submits them; its chair reads
  them. Police and council partners sign the outline; they do not see the returns.
- Link officers and the funding manager see every return that has left the group's hands, and
  review them; a draft nobody has submitted is the group's own.
- Committee members see the grid of accepted ratings and London-wide counts, never a return.
- The funding manager releases instalments.
Views answer 404 for a return the user may not see, exactly as if it did not exist.
"""

from accounts.models import MPA_STAFF, Role, User
from grants.permissions import GROUP_ROLES
from slas.models import QuarterlyReturn, ReturnStatus

#: States in which a return is the group's alone: staff see that it exists, not its contents.
GROUP_ONLY = frozenset({ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT})


def is_staff(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.role in MPA_STAFF


def in_returns_group(user: User | None, cpeg_id: int) -> bool:
    """The group's secretary or chair."""
    return (
        user is not None
        and user.is_authenticated
        and user.role in GROUP_ROLES
        and user.cpeg_id == cpeg_id
    )


def can_view_return(user: User, quarterly_return: QuarterlyReturn) -> bool:
    """The group's secretary and chair always; staff once it has been submitted (a correction
    in draft is shown to staff as its accepted predecessor, which they can read)."""
    if in_returns_group(user, quarterly_return.cpeg_id):
        return True
    return is_staff(user) and quarterly_return.status not in GROUP_ONLY


def is_group_secretary(user: User | None, quarterly_return: QuarterlyReturn) -> bool:
    """The group's secretary, who writes, submits and corrects its returns."""
    return (
        user is not None
        and user.is_authenticated
        and user.role == Role.SECRETARY
        and user.cpeg_id == quarterly_return.cpeg_id
    )


def may_review_returns(user: User | None, quarterly_return: QuarterlyReturn) -> bool:
    """Link officers and the funding manager accept returns or return them with questions."""
    return is_staff(user)


def can_view_returns_dashboard(user: User) -> bool:
    """The round's grid with states, links and spend: officers and the funding manager."""
    return is_staff(user)


def can_view_committee_grid(user: User) -> bool:
    """Accepted ratings and London-wide counts: committee members, and staff."""
    return user.is_authenticated and (user.role == Role.COMMITTEE_MEMBER or is_staff(user))


def can_export_returns(user: User) -> bool:
    return is_staff(user)


def may_release_instalment(user: User | None, instalment: object = None) -> bool:
    """The funding manager releases instalments."""
    return user is not None and user.is_authenticated and user.role == Role.FUNDING_MANAGER


def may_make_instalment_ready(user: User | None, instalment: object = None) -> bool:
    """An instalment becomes ready when a return is accepted (by staff) or, for the first
    quarter, when the award is made; the portal itself may also do it (no user)."""
    return user is None or is_staff(user)
