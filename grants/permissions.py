"""Who may see and do what in the funding round. Small functions, one question each.

- A borough's secretary, chair and partners see only their own borough's outline.
- The application is the group's: its secretary and chair. Police and council partners sign
  the outline; they do not see the application.
- MPA staff (link officers and the funding manager) see every borough's outline, and an
  application once it has been submitted: never a draft nobody has submitted.
- Committee members see the round's ledger, decisions and awards, not the papers behind them.
- Internal notes are for MPA staff only.
Views answer 404 for an object the user may not see, exactly as if it did not exist.
"""

from collections.abc import Iterable

from accounts.models import MPA_STAFF, Role, User
from boroughs.models import Cpeg
from grants.models import (
    Application,
    Award,
    CommitteeMeeting,
    Decision,
    FundingRound,
    Outline,
)

GROUP_ROLES = frozenset({Role.SECRETARY, Role.CHAIR})
SIGNATORY_ROLES = frozenset({Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER})


def is_mpa_staff(user: User) -> bool:
    return user.is_authenticated and user.role in MPA_STAFF


def is_funding_manager(user: User) -> bool:
    return user.is_authenticated and user.role == Role.FUNDING_MANAGER


def in_group(user: User, cpeg_id: int, roles: Iterable[str]) -> bool:
    """The user holds one of ``roles`` in the group ``cpeg_id``."""
    return user.is_authenticated and user.role in roles and user.cpeg_id == cpeg_id


# Rounds


def can_view_round(user: User, funding_round: FundingRound) -> bool:
    """Everyone signed in may read a round once it is open; only staff see one being set up."""
    from grants.workflows.round import BEING_SET_UP

    if not user.is_authenticated:
        return False
    return is_mpa_staff(user) or funding_round.status not in BEING_SET_UP


def can_view_ledger(user: User) -> bool:
    """The round's money: MPA staff and the committee that decides on it."""
    return is_mpa_staff(user) or (user.is_authenticated and user.role == Role.COMMITTEE_MEMBER)


def can_manage_round(user: User) -> bool:
    """Create and edit rounds, objectives and the access-needs fund."""
    return is_funding_manager(user)


def may_manage_round(user: User | None, funding_round: FundingRound) -> bool:
    """The funding manager moves a round along its workflow (open it, close it)."""
    return user is not None and is_funding_manager(user)


# Outlines


def can_view_outline(user: User, outline: Outline) -> bool:
    if is_mpa_staff(user):
        return True
    return user.is_authenticated and user.is_borough_user and user.cpeg_id == outline.cpeg_id


def can_view_group_round(user: User, cpeg: Cpeg) -> bool:
    """A borough's page for a round: the borough's own people, and MPA staff."""
    if is_mpa_staff(user):
        return True
    return user.is_authenticated and user.is_borough_user and user.cpeg_id == cpeg.pk


def can_view_outline_list(user: User) -> bool:
    """Every borough's outline at once: MPA staff only."""
    return is_mpa_staff(user)


def can_start_outline(user: User, cpeg: Cpeg, funding_round: FundingRound) -> bool:
    from grants.workflows.round import TAKING_OUTLINES

    return (
        in_group(user, cpeg.pk, frozenset({Role.SECRETARY}))
        and funding_round.status in TAKING_OUTLINES
    )


def is_outline_signatory(user: User | None, outline: Outline) -> bool:
    """The borough's chair, police partner and council partner sign or decline its outline."""
    return user is not None and in_group(user, outline.cpeg_id, SIGNATORY_ROLES)


def may_broker_outlines(user: User | None, outline: Outline) -> bool:
    """Link officers (and the funding manager) broker a disputed outline."""
    return user is not None and is_mpa_staff(user)


def can_edit_outline(user: User, outline: Outline) -> bool:
    """The secretary drafts the outline while it awaits signatures."""
    from grants.workflows.outline import AWAITING_SIGNATURES

    return (
        in_group(user, outline.cpeg_id, frozenset({Role.SECRETARY}))
        and outline.status in AWAITING_SIGNATURES
    )


def can_sign_outline(user: User, outline: Outline) -> bool:
    """The chair, police partner and council partner sign (or decline) a draft outline."""
    from grants.workflows.outline import DECLINE, OUTLINE

    return OUTLINE.may(DECLINE, user, outline)


def can_broker_outline(user: User, outline: Outline) -> bool:
    """A link officer (or the manager) logs contacts and records the outcome of a dispute."""
    from grants.workflows.outline import BROKER_AGREED, OUTLINE

    return OUTLINE.may(BROKER_AGREED, user, outline)


# Applications


def can_view_application(user: User, application: Application) -> bool:
    if in_group(user, application.cpeg_id, GROUP_ROLES):
        return True
    return is_mpa_staff(user) and application.submitted_version > 0


def can_start_application(user: User, outline: Outline) -> bool:
    from grants.workflows.round import TAKING_APPLICATIONS

    return (
        in_group(user, outline.cpeg_id, frozenset({Role.SECRETARY}))
        and outline.is_agreed
        and outline.funding_round.status in TAKING_APPLICATIONS
    )


def is_application_secretary(user: User | None, application: Application) -> bool:
    """The group's secretary, who writes and submits its application."""
    return user is not None and in_group(user, application.cpeg_id, frozenset({Role.SECRETARY}))


def may_review_application(user: User | None, application: Application) -> bool:
    """Link officers and the funding manager send an application back or recommend it."""
    return user is not None and is_mpa_staff(user)


def may_decide_application(user: User | None, application: Application) -> bool:
    """The funding manager records the committee's decision on an application."""
    return user is not None and is_funding_manager(user)


def can_edit_application(user: User, application: Application) -> bool:
    """The secretary edits a draft, or an application sent back for changes: while it may be
    submitted."""
    from grants.workflows.application import APPLICATION, SUBMIT

    return APPLICATION.may(SUBMIT, user, application)


def can_review_applications(user: User) -> bool:
    """The review list and exports: link officers and the funding manager."""
    return is_mpa_staff(user)


def can_review_application(user: User, application: Application) -> bool:
    """Comment, request changes, recommend: while the application awaits its review."""
    from grants.workflows.application import APPLICATION, RECOMMEND, REQUEST_CHANGES

    return any(APPLICATION.may(name, user, application) for name in (REQUEST_CHANGES, RECOMMEND))


def can_open_review(user: User, application: Application) -> bool:
    """The review pages of one application: MPA staff, once it has been submitted."""
    return can_review_applications(user) and can_view_application(user, application)


def can_view_internal_notes(user: User) -> bool:
    return is_mpa_staff(user)


# Decisions and awards


def can_record_decisions(user: User) -> bool:
    return is_funding_manager(user)


def can_view_meeting(user: User, meeting: CommitteeMeeting) -> bool:
    """What a meeting decided, for every group at once: MPA staff and the committee."""
    return can_view_ledger(user)


def can_view_decision(user: User, decision: Decision) -> bool:
    """The decision letter: the group, MPA staff and the committee."""
    if is_mpa_staff(user) or (user.is_authenticated and user.role == Role.COMMITTEE_MEMBER):
        return True
    return in_group(user, decision.application.cpeg_id, GROUP_ROLES)


def can_view_award(user: User, award: Award) -> bool:
    if is_mpa_staff(user) or (user.is_authenticated and user.role == Role.COMMITTEE_MEMBER):
        return True
    return in_group(user, award.cpeg_id, GROUP_ROLES)


def can_export_grants(user: User) -> bool:
    """CSV and Excel exports of applications and awards."""
    return is_mpa_staff(user)


def can_export_360giving(user: User) -> bool:
    return is_funding_manager(user)
