"""The demo's people: the MPA team, the committee, and four people for every borough."""

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from accounts.services import user_create
from boroughs.models import Borough

#: One password for every demo login, written in the README.
DEMO_PASSWORD = "Engage-2011"  # noqa: S105 (a demo password, published on purpose)

FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Efua",
    "Farid",
    "Grace",
    "Hamza",
    "Ines",
    "Jon",
    "Kiran",
    "Leah",
    "Marek",
    "Nadia",
    "Owen",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tariq",
    "Una",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zara",
    "Aled",
    "Bola",
    "Ciaran",
    "Dana",
)
LAST_NAMES = (
    "Adeyemi",
    "Brennan",
    "Chowdhury",
    "Dlamini",
    "Evans",
    "Fitzgerald",
    "Gupta",
    "Hughes",
    "Ibrahim",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rahman",
    "Singh",
    "Thompson",
    "Uddin",
    "Vaughan",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Ahmed",
)

BOROUGH_PEOPLE = (
    ("secretary", Role.SECRETARY),
    ("chair", Role.CHAIR),
    ("police", Role.POLICE_PARTNER),
    ("council", Role.COUNCIL_PARTNER),
)

#: Link officers and the boroughs each looks after, by GSS code range (north, south, east).
LINK_OFFICERS = (
    ("officer", "Olivia", "Okonkwo", range(2, 13)),
    ("officer-south", "Samir", "Haddad", range(13, 24)),
    ("officer-east", "Erin", "McCarthy", range(24, 34)),
)


def _name(index: int) -> tuple[str, str]:
    return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[(index * 7) % len(LAST_NAMES)]


def seed_people() -> int:
    """Create every demo login that does not exist yet; returns how many were created."""
    password_hash = make_password(DEMO_PASSWORD)
    existing = set(User.objects.values_list("username", flat=True))
    created = 0

    def create(username: str, **fields) -> None:
        nonlocal created
        if username in existing:
            return
        user_create(
            username=username,
            password_hash=password_hash,
            email=f"{username}@example.org",
            **fields,
        )
        created += 1

    create("manager", role=Role.FUNDING_MANAGER, first_name="Margaret", last_name="Osei")
    create("committee", role=Role.COMMITTEE_MEMBER, first_name="Clive", last_name="Barrington")
    boroughs = list(Borough.objects.select_related("cpeg").order_by("gss_code"))
    for username, first_name, last_name, codes in LINK_OFFICERS:
        create(
            username,
            role=Role.LINK_OFFICER,
            first_name=first_name,
            last_name=last_name,
            assigned_boroughs=[b for b in boroughs if int(b.gss_code[-2:]) in codes],
        )
    for borough_index, borough in enumerate(boroughs):
        for person_index, (prefix, role) in enumerate(BOROUGH_PEOPLE):
            first_name, last_name = _name(borough_index * len(BOROUGH_PEOPLE) + person_index)
            create(
                f"{prefix}-{borough.slug}",
                role=role,
                cpeg=borough.cpeg,
                first_name=first_name,
                last_name=last_name,
            )
    return created
