"""Who may see diversity figures, and who may move a return along its workflow.

A group's own figures: its own borough users, link officers and the funding manager; never
committee members, who see only published, suppressed aggregates. Diversity figures are kept
out of funding review pages altogether (DESIGN.md, "Why counts, not people").
"""

from accounts.models import MPA_STAFF, Role, User
from boroughs.models import Cpeg
from diversity.models import DiversityReturn


def can_view_group_diversity(user: User, cpeg: Cpeg) -> bool:
    if not user.is_authenticated:
        return False
    if user.role in MPA_STAFF:
        return True
    return user.is_borough_user and user.cpeg_id == cpeg.pk


def is_group_secretary(user: User | None, diversity_return: DiversityReturn) -> bool:
    """The group's secretary, who writes and submits its returns."""
    return (
        user is not None
        and user.is_authenticated
        and user.role == Role.SECRETARY
        and user.cpeg_id == diversity_return.cpeg_id
    )


def may_review_diversity_returns(user: User | None, diversity_return: DiversityReturn) -> bool:
    """Link officers and the funding manager accept returns or send them back."""
    return user is not None and user.is_authenticated and user.role in MPA_STAFF


def can_edit_diversity_return(user: User, diversity_return: DiversityReturn) -> bool:
    """The group's secretary fills in a draft, or answers a return sent back to them."""
    from diversity.workflows.diversity_return import DIVERSITY_RETURN, SUBMIT

    return DIVERSITY_RETURN.may(SUBMIT, user, diversity_return)


def can_start_diversity_return(user: User, cpeg: Cpeg) -> bool:
    return user.is_authenticated and user.role == Role.SECRETARY and user.cpeg_id == cpeg.pk


def can_review_diversity_return(user: User, diversity_return: DiversityReturn) -> bool:
    """An officer or the manager accepts a submitted return, or sends it back with a question."""
    from diversity.workflows.diversity_return import ACCEPT, DIVERSITY_RETURN

    return DIVERSITY_RETURN.may(ACCEPT, user, diversity_return)


def can_view_london_diversity(user: User) -> bool:
    """The unsuppressed London-wide tables: officers and the funding manager only."""
    return user.is_authenticated and user.role in MPA_STAFF


def can_view_published_diversity(user: User) -> bool:
    """Published aggregates, after disclosure control: committee members and MPA staff."""
    return user.is_authenticated and (user.role == Role.COMMITTEE_MEMBER or user.role in MPA_STAFF)
