"""What the outline tests share: a borough's people, and an outline moved along by the
services themselves (so each test starts from a state the services really produce)."""

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role, User
from boroughs.models import Borough
from grants.models import BrokeringOutcome, FundingRound, Outline, OutlineStatus
from grants.services import outlines as services
from tests.factories import UserFactory

POSITION = "Police, council and community agree on a programme of public meetings."
ACTIVITIES = "Quarterly public meetings; ward panel visits; a youth forum."


@dataclass(frozen=True)
class People:
    secretary: User
    chair: User
    police: User
    council: User
    officer: User  # the link officer assigned to the borough

    @property
    def signatories(self) -> list[User]:
        return [self.chair, self.police, self.council]


def borough_people(borough: Borough) -> People:
    slug = borough.slug
    cpeg = borough.cpeg

    def person(role: Role, name: str) -> User:
        return UserFactory(username=f"{name}-{slug}", role=role, cpeg=cpeg)

    return People(
        secretary=person(Role.SECRETARY, "secretary"),
        chair=person(Role.CHAIR, "chair"),
        police=person(Role.POLICE_PARTNER, "police"),
        council=person(Role.COUNCIL_PARTNER, "council"),
        officer=UserFactory(
            username=f"officer-{slug}", role=Role.LINK_OFFICER, assigned_boroughs=[borough]
        ),
    )


def start(
    funding_round: FundingRound, people: People, borough: Borough, **fields: object
) -> Outline:
    values: dict = {
        "position": POSITION,
        "proposed_activities": ACTIVITIES,
        "proposed_sum": Decimal("40000.00"),
        **fields,
    }
    return services.outline_start(
        user=people.secretary, funding_round=funding_round, cpeg=borough.cpeg, **values
    )


def sign(outline: Outline, *signatories: User) -> Outline:
    for user in signatories:
        outline = services.outline_sign(user=user, outline=outline, version=outline.version)
    return outline


def dispute(outline: Outline, people: People, reason: str = "The sum is too high.") -> Outline:
    return services.outline_decline(
        user=people.police, outline=outline, version=outline.version, reason=reason
    )


def by_role(people: People, role: str) -> User:
    """The borough's person in ``role`` (the link officer for MPA's link officer role)."""
    return {
        Role.SECRETARY: people.secretary,
        Role.CHAIR: people.chair,
        Role.POLICE_PARTNER: people.police,
        Role.COUNCIL_PARTNER: people.council,
        Role.LINK_OFFICER: people.officer,
    }[role]


def outline_in(
    state: str,
    *,
    funding_round: FundingRound,
    people: People,
    borough: Borough,
    unsigned: str = Role.CHAIR,
) -> Outline:
    """Barnet's outline brought to ``state`` by the services. Awaiting signatures, it is signed
    by every signatory but ``unsigned``, whose signature would be the third."""
    outline = start(funding_round, people, borough)
    if state == OutlineStatus.DRAFT:
        others = [u for u in people.signatories if u.role != unsigned]
        return sign(outline, *others)
    if state == OutlineStatus.CONSENSUS:
        return sign(outline, *people.signatories)
    outline = dispute(outline, people)
    if state == OutlineStatus.DISPUTED:
        return outline
    outcome = {
        OutlineStatus.AGREED: BrokeringOutcome.AGREED,
        OutlineStatus.NOT_AGREED: BrokeringOutcome.NOT_AGREED,
    }[OutlineStatus(state)]
    return services.brokering_outcome_record(
        user=people.officer, outline=outline, outcome=outcome, notes="Brokered in a meeting."
    )
