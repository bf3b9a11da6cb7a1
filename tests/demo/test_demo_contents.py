"""What the demo holds, loaded once on a pinned day (WINTER) for tests that only read it: the
documented logins, two funding rounds, and diversity returns for both years."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Borough
from demo.people import DEMO_PASSWORD
from tests.demo.test_seed_demo import WINTER, check_the_demo_makes_sense, pin, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def winter():
    with pin(WINTER):
        yield WINTER


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo as loaded on WINTER, once for the tests that only read it (seeding takes
    seconds); rolled back when they are done, so nothing outlives this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with pin(WINTER):
            seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, winter):
    """Read the WINTER demo on WINTER (each test's changes are rolled back)."""
    return WINTER


def demo_usernames() -> set[str]:
    slugs = Borough.objects.values_list("slug", flat=True)
    return {"manager", "officer", "officer-south", "officer-east", "committee"} | {
        f"{prefix}-{slug}"
        for slug in slugs
        for prefix in ("secretary", "chair", "police", "council")
    }


def test_the_demo_creates_every_documented_login(demo):
    assert set(User.objects.values_list("username", flat=True)) == demo_usernames()
    assert User.objects.count() == 5 + 32 * 4


def test_every_borough_has_a_link_officer_in_the_demo(demo):
    assert not Borough.objects.filter(link_officers__isnull=True).exists()


SAMPLE_LOGINS = [
    ("manager", Role.FUNDING_MANAGER, "Borough overview"),
    ("officer", Role.LINK_OFFICER, "Borough overview"),
    ("committee", Role.COMMITTEE_MEMBER, "Committee reports"),
    ("secretary-kensington-and-chelsea", Role.SECRETARY, "Your tasks"),
    ("chair-barnet", Role.CHAIR, "Your tasks"),
    ("police-westminster", Role.POLICE_PARTNER, "Your tasks"),
    ("council-barking-and-dagenham", Role.COUNCIL_PARTNER, "Your tasks"),
]


def test_demo_logins_sign_in_with_the_published_password_to_their_role(demo):
    for username, role, heading in SAMPLE_LOGINS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home"), username
        assert response.context["user"].role == role
        assert f">{heading}</h1>" in response.content.decode()


def test_every_demo_login_lands_on_a_home_page(demo):
    client = Client()
    for username in sorted(demo_usernames()):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get(reverse("home")).status_code == 200, username
        client.logout()


def test_the_demo_has_diversity_returns_for_both_years_and_none_irish_or_chinese(demo):
    from django.db.models import Sum

    from diversity.models import CategoryCount, DiversityReturn
    from diversity.selectors import return_year_due

    assert return_year_due() == 2026
    previous = DiversityReturn.objects.filter(year_start=2025)
    assert previous.count() == 32
    assert previous.filter(status="accepted").count() == 30
    assert set(previous.values_list("status", flat=True)) == {"accepted", "submitted"}
    current = DiversityReturn.objects.filter(year_start=2026)
    assert set(current.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "accepted",
    }
    assert current.values("cpeg").distinct().count() == 29
    missing = Borough.objects.exclude(cpeg__diversity_returns__year_start=2026)
    assert set(missing.values_list("slug", flat=True)) == {
        "croydon",
        "islington",
        "richmond-upon-thames",
    }
    assert set(DiversityReturn.objects.values_list("year_start", flat=True)) == {2025, 2026}
    absent = CategoryCount.objects.filter(
        category__key__in=["white-irish", "asian-chinese"]
    ).aggregate(total=Sum("count"))
    assert absent["total"] == 0
    assert CategoryCount.objects.filter(category__kind="prefer_not_to_say", count__gt=0).exists()


def test_every_submitted_demo_return_adds_up(demo):
    from diversity.models import DiversityReturn
    from diversity.selectors import submission_problems

    for diversity_return in DiversityReturn.objects.exclude(status="draft"):
        assert submission_problems(diversity_return) == [], diversity_return


def test_the_current_round_holds_boroughs_at_every_stage(demo):
    from grants.models import Application, ApplicationStatus, Award, Outline, OutlineStatus
    from grants.selectors.ledger import round_ledger

    current = {"funding_round__year_start": 2026}
    outline_states = set(Outline.objects.filter(**current).values_list("status", flat=True))
    assert outline_states == set(OutlineStatus)
    application_states = set(Application.objects.filter(**current).values_list("status", flat=True))
    assert application_states == set(ApplicationStatus)
    # Three groups without an agreed work plan, on interim funding, as the paper found.
    interim = Award.objects.filter(**current, is_interim=True)
    assert sorted(interim.values_list("cpeg__borough__slug", flat=True)) == [
        "bromley",
        "waltham-forest",
        "wandsworth",
    ]
    # Barnet is the walk-through: its outline still needs the partners' signatures.
    barnet = Outline.objects.get(**current, cpeg__borough__slug="barnet")
    assert barnet.status == OutlineStatus.DRAFT
    assert list(barnet.signatures.values_list("role", "decision")) == [("chair", "signed")]
    assert Outline.objects.get(**current, cpeg__borough__slug="bexley").status == "disputed"
    assert Outline.objects.get(**current, cpeg__borough__slug="camden").status == "consensus"
    assert Application.objects.get(**current, cpeg__borough__slug="croydon").status == "draft"
    ledger = round_ledger(funding_round=barnet.funding_round)
    assert ledger.approved <= ledger.ceiling == Decimal("1320000.00")
    assert ledger.total_budget == Decimal("1400000.00")
    assert ledger.access_fund == Decimal("2500.00")
    objectives = barnet.funding_round.objectives.order_by("code")
    assert list(objectives.values_list("code", flat=True)) == ["O1", "O2", "O3", "O4", "O5"]


def test_the_previous_round_is_complete_on_its_own_dates(demo):
    from grants.models import Application, Award, Decision, FundingRound, Outline

    previous = FundingRound.objects.get(year_start=2025)
    assert previous.label == "2025/26"
    assert previous.status == "closed"
    assert (
        previous.outline_deadline,
        previous.application_deadline,
        previous.q1_return_deadline,
        previous.q2_return_deadline,
        previous.q3_return_deadline,
        previous.q4_return_deadline,
    ) == (
        datetime.date(2025, 5, 13),
        datetime.date(2025, 6, 17),
        datetime.date(2025, 7, 29),
        datetime.date(2025, 10, 28),
        datetime.date(2026, 1, 27),
        datetime.date(2026, 4, 27),
    )
    assert list(previous.meetings.values_list("held_on", flat=True)) == [datetime.date(2025, 7, 7)]
    outlines = Outline.objects.filter(funding_round=previous)
    assert outlines.count() == 32
    assert set(outlines.values_list("status", flat=True)) == {"consensus", "agreed", "not_agreed"}
    applications = Application.objects.filter(funding_round=previous)
    assert applications.count() == 31  # all but Bromley, whose partners did not agree
    assert set(applications.values_list("status", flat=True)) == {"funded", "not_funded"}
    assert Decision.objects.filter(application__funding_round=previous).count() == 31
    awards = Award.objects.filter(funding_round=previous)
    assert awards.count() == 31  # 30 funded, and Bromley's interim funding
    assert awards.get(is_interim=True).cpeg.borough.slug == "bromley"
    assert set(awards.values_list("awarded_on", flat=True)) == {datetime.date(2025, 7, 7)}


def test_the_round_page_shows_the_demo_deadlines_in_the_future(demo):
    from grants.models import FundingRound

    client = Client()
    client.force_login(User.objects.get(username="manager"))
    page = client.get(FundingRound.objects.get(year_start=2026).get_absolute_url())
    content = page.content.decode()
    assert "16 December 2026" in content  # outlines due in two weeks
    assert "13 January 2027" in content  # applications in six
    assert "2011" not in content


HOME_LINK = re.compile(r"<main.*?</main>", re.S)


@pytest.mark.parametrize(
    "username",
    [
        "manager",
        "officer",
        "committee",
        "secretary-barnet",
        "chair-barnet",
        "police-barnet",
        "council-barnet",
        "secretary-camden",
        "secretary-lewisham",
        "secretary-croydon",
    ],
)
def test_every_link_on_a_demo_home_page_opens(demo, username):
    """Each role's next steps lead somewhere that answers: no link to a page the role may not
    see, or to an address that takes only a form's POST."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    main = HOME_LINK.search(client.get(reverse("home")).content.decode()).group(0)
    links = set(re.findall(r'href="(/[^"#]*)', main))
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, f"{username}: {link}"


def test_the_demo_makes_sense_on_the_day_it_is_loaded(demo):
    check_the_demo_makes_sense(demo)


def test_the_demo_has_quarterly_returns_in_every_state_with_instalments_to_match(demo):
    from django.db.models import Count

    from grants.models import Instalment, InstalmentStatus
    from slas.models import QuarterlyReturn, Rating, Reminder, ReturnStatus, TimeState

    current = QuarterlyReturn.objects.filter(funding_round__year_start=2026)
    ended = current.filter(quarter__lte=2)  # quarters over when the committee met
    assert set(ended.values_list("status", flat=True)) == set(ReturnStatus)
    assert ended.filter(status=ReturnStatus.NOT_STARTED, time_state=TimeState.OVERDUE).exists()
    assert ended.filter(status=ReturnStatus.DRAFT, time_state=TimeState.OVERDUE).exists()
    assert set(current.filter(quarter__gte=3).values_list("status", "time_state")) == {
        (ReturnStatus.NOT_STARTED, TimeState.NOT_OPEN)
    }
    overall = dict(
        Rating.objects.filter(
            quarterly_return__funding_round__year_start=2026, objective__isnull=True
        )
        .values_list("final")
        .annotate(n=Count("id"))
    )
    assert overall["red"] == 1
    assert overall["green"] > overall["amber"] > 0  # most Green, some Amber, one Red
    raised = Rating.objects.filter(quarterly_return__funding_round__year_start=2026).exclude(
        override_reason=""
    )
    assert raised.exists()
    assert all(r.suggested == "amber" and r.final == "green" for r in raised)
    # The previous year: every funded group's four returns accepted and rated.
    previous = QuarterlyReturn.objects.filter(funding_round__year_start=2025)
    assert previous.count() == 30 * 4
    assert set(previous.values_list("status", flat=True)) == {ReturnStatus.ACCEPTED}
    # An instalment after the first is released only where the return before is accepted.
    for instalment in Instalment.objects.filter(
        status=InstalmentStatus.RELEASED, quarter__gt=1, award__is_interim=False
    ):
        assert QuarterlyReturn.objects.filter(
            award=instalment.award, quarter=instalment.quarter - 1, status=ReturnStatus.ACCEPTED
        ).exists()
    assert Instalment.objects.filter(
        award__funding_round__year_start=2026, status=InstalmentStatus.READY, quarter=3
    ).exists()  # left for the funding manager to release
    # Reminders ran on their days since the meeting: the week-overdue return escalated once.
    assert Reminder.objects.filter(step="overdue_7").count() == 1
