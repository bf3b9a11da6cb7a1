"""The e-mails the borough outline sends: those its transitions send (named in
``grants.workflows.outline``) and those of the drafting services. They queue on commit."""

from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Cpeg
from grants.models import Outline, SignatoryRole, Signature, SignatureDecision
from grants.notifications import group_people, link_officers, notify

SIGNATORIES: tuple[str, ...] = tuple(SignatoryRole.values)
DEADLINE_REASON = "The outline deadline passed without consensus"


def outline_path(outline: Outline) -> str:
    return reverse("grants:outline", kwargs={"pk": outline.pk})


def signatories(cpeg: Cpeg) -> list[User]:
    return group_people(cpeg, SIGNATORIES)


def _invited(outline: Outline, *, how: str) -> None:
    """The group may now make a full application: its secretary and chair, and the officers."""
    notify(
        users=[
            *group_people(outline.cpeg, [Role.SECRETARY, Role.CHAIR]),
            *link_officers(outline.cpeg),
        ],
        subject=f"{outline.cpeg}: invited to make a full application for {outline.funding_round}",
        body=(
            f"{how}\n\n{outline.cpeg} is invited to make a full application for "
            f"funding in {outline.funding_round}."
        ),
        path=outline_path(outline),
    )


def _disputed(outline: Outline, *, why: str) -> None:
    notify(
        users=[*link_officers(outline.cpeg), *signatories(outline.cpeg)],
        subject=f"{outline.cpeg}: the outline for {outline.funding_round} is disputed",
        body=(
            f"The {outline.cpeg.borough} outline for {outline.funding_round} is disputed.\n\n"
            f"{why}\n\nThe link officer will broker an agreement and record the outcome "
            "for the committee."
        ),
        path=outline_path(outline),
    )


# One per transition: called by the engine with the outline and the user who moved it.


def consensus_reached(outline: Outline, user: User | None) -> None:
    _invited(
        outline,
        how=(
            f"The CPEG chair, police partner and council partner have all signed the "
            f"{outline.cpeg.borough} outline (version {outline.version}): consensus."
        ),
    )


def declined(outline: Outline, user: User) -> None:
    signature = Signature.objects.get(
        outline=outline,
        role=user.role,
        decision=SignatureDecision.DECLINED,
        voided_at__isnull=True,
    )
    role_label = signature.get_role_display().lower()
    _disputed(
        outline, why=f"The {role_label}, {user.display_name}, declined it: {signature.reason}"
    )


def deadline_passed(outline: Outline, user: None) -> None:
    _disputed(
        outline,
        why=f"{DEADLINE_REASON} ({outline.funding_round.outline_deadline:%-d %B %Y}).",
    )


def brokered_agreed(outline: Outline, user: User) -> None:
    _invited(
        outline,
        how=(
            f"{user.display_name} brokered an agreement on the {outline.cpeg.borough} "
            f"outline: {outline.brokering_outcome_notes}"
        ),
    )


def brokered_not_agreed(outline: Outline, user: User) -> None:
    notify(
        users=[*group_people(outline.cpeg, [Role.SECRETARY]), *signatories(outline.cpeg)],
        subject=f"{outline.cpeg}: no agreement on the outline for {outline.funding_round}",
        body=(
            f"{user.display_name} recorded that brokering on the {outline.cpeg.borough} "
            f"outline ended without agreement. The committee will be told: "
            f"{outline.brokering_outcome_notes}"
        ),
        path=outline_path(outline),
    )
