from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Role, User
from boroughs.models import Borough
from demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def demo_usernames() -> set[str]:
    slugs = Borough.objects.values_list("slug", flat=True)
    return {"manager", "officer", "officer-south", "officer-east", "committee"} | {
        f"{prefix}-{slug}"
        for slug in slugs
        for prefix in ("secretary", "chair", "police", "council")
    }


def test_the_demo_creates_every_documented_login():
    call_command("seed_demo")
    assert set(User.objects.values_list("username", flat=True)) == demo_usernames()
    assert User.objects.count() == 5 + 32 * 4


def test_running_the_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = list(User.objects.order_by("username").values())
    call_command("seed_demo")
    assert list(User.objects.order_by("username").values()) == before


def _snapshot():
    from diversity.models import CategoryCount

    people = list(
        User.objects.order_by("username").values_list("username", "first_name", "last_name")
    )
    counts = list(
        CategoryCount.objects.order_by(
            "diversity_return__cpeg__borough__gss_code",
            "diversity_return__year_start",
            "category_id",
        ).values_list(
            "diversity_return__cpeg__borough__gss_code",
            "diversity_return__year_start",
            "diversity_return__status",
            "category_id",
            "count",
        )
    )
    from grants.models import Application, Award, Outline

    outlines = list(
        Outline.objects.order_by("cpeg__borough__gss_code").values_list(
            "cpeg__borough__gss_code", "status", "version", "proposed_sum"
        )
    )
    applications = list(
        Application.objects.order_by("cpeg__borough__gss_code").values_list(
            "cpeg__borough__gss_code", "status", "requested_amount", "recommended_amount"
        )
    )
    awards = list(
        Award.objects.order_by("reference").values_list("reference", "amount", "is_interim")
    )
    return people, counts, outlines, applications, awards


def _delete_the_demo():
    from audit.models import AuditEvent
    from diversity.models import DiversityReturn
    from grants.models import (
        Application,
        Award,
        CommitteeMeeting,
        Decision,
        FundingRound,
        Outline,
    )
    from slas.models import SlaMilestone

    AuditEvent.objects.all().delete()
    DiversityReturn.objects.all().delete()
    for model in (SlaMilestone, Award, Decision, CommitteeMeeting, Application, Outline):
        model.objects.all().delete()
    FundingRound.objects.all().delete()
    User.objects.all().delete()


def test_the_demo_is_the_same_every_time():
    call_command("seed_demo")
    first = _snapshot()
    _delete_the_demo()
    call_command("seed_demo")
    assert _snapshot() == first


def test_every_borough_has_a_link_officer_in_the_demo():
    call_command("seed_demo")
    assert not Borough.objects.filter(link_officers__isnull=True).exists()


@override_settings(IS_PRODUCTION=True)
def test_the_demo_refuses_a_production_configuration():
    with pytest.raises(CommandError, match="may not be loaded in production"):
        call_command("seed_demo")
    assert not User.objects.exists()


SAMPLE_LOGINS = [
    ("manager", Role.FUNDING_MANAGER, "Borough overview"),
    ("officer", Role.LINK_OFFICER, "Borough overview"),
    ("committee", Role.COMMITTEE_MEMBER, "Committee reports"),
    ("secretary-kensington-and-chelsea", Role.SECRETARY, "Your tasks"),
    ("chair-barnet", Role.CHAIR, "Your tasks"),
    ("police-westminster", Role.POLICE_PARTNER, "Your tasks"),
    ("council-barking-and-dagenham", Role.COUNCIL_PARTNER, "Your tasks"),
]


def test_demo_logins_sign_in_with_the_published_password_to_their_role():
    call_command("seed_demo")
    for username, role, heading in SAMPLE_LOGINS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home"), username
        assert response.context["user"].role == role
        assert f">{heading}</h1>" in response.content.decode()


def test_every_demo_login_lands_on_a_home_page():
    call_command("seed_demo")
    client = Client()
    for username in sorted(demo_usernames()):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get(reverse("home")).status_code == 200, username
        client.logout()


def test_the_demo_has_diversity_returns_in_every_state_and_none_irish_or_chinese():
    from django.db.models import Sum

    from diversity.models import CategoryCount, DiversityReturn

    call_command("seed_demo")
    statuses_2011 = set(
        DiversityReturn.objects.filter(year_start=2011).values_list("status", flat=True)
    )
    assert statuses_2011 == {"draft", "submitted", "returned", "accepted"}
    assert DiversityReturn.objects.filter(year_start=2010).count() == 32
    assert DiversityReturn.objects.filter(year_start=2011).values("cpeg").distinct().count() == 29
    absent = CategoryCount.objects.filter(
        category__key__in=["white-irish", "asian-chinese"]
    ).aggregate(total=Sum("count"))
    assert absent["total"] == 0
    assert CategoryCount.objects.filter(category__kind="prefer_not_to_say", count__gt=0).exists()


def test_every_submitted_demo_return_adds_up():
    from diversity.models import DiversityReturn
    from diversity.selectors import submission_problems

    call_command("seed_demo")
    for diversity_return in DiversityReturn.objects.exclude(status="draft"):
        assert submission_problems(diversity_return) == [], diversity_return


def test_the_demo_round_holds_boroughs_at_every_stage():
    from grants.models import Application, ApplicationStatus, Award, Outline, OutlineStatus
    from grants.selectors.ledger import round_ledger

    call_command("seed_demo")
    outline_states = set(Outline.objects.values_list("status", flat=True))
    assert outline_states == set(OutlineStatus)
    application_states = set(Application.objects.values_list("status", flat=True))
    assert application_states == set(ApplicationStatus)
    assert Award.objects.filter(is_interim=True).count() == 1
    # Barnet is the walk-through: its outline still needs the partners' signatures.
    barnet = Outline.objects.get(cpeg__borough__slug="barnet")
    assert barnet.status == OutlineStatus.DRAFT
    assert list(barnet.signatures.values_list("role", "decision")) == [("chair", "signed")]
    ledger = round_ledger(funding_round=barnet.funding_round)
    assert ledger.approved <= ledger.ceiling == Decimal("1320000.00")
    assert ledger.total_budget == Decimal("1400000.00")
    assert ledger.access_fund == Decimal("2500.00")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_keeps_its_e_mails_out_of_the_worker_and_the_console(monkeypatch):
    """Seeding makes dozens of e-mails (signatures, submissions, decisions). Each must be
    sent in-process to the in-memory backend, never queued for the worker to print.
    Transactional, so that e-mails are queued when the seeding really commits."""
    from django.conf import settings as live_settings

    from accounts import tasks
    from cpeg_portal.celery import app

    how_sent = []

    def record(*args, **kwargs):
        how_sent.append((app.conf.task_always_eager, live_settings.EMAIL_BACKEND))

    monkeypatch.setattr(tasks.send_email, "apply_async", record)
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as under `make run`
    try:
        call_command("seed_demo")
    finally:
        app.conf.task_always_eager = was_eager
    assert len(how_sent) > 50
    assert set(how_sent) == {(True, "django.core.mail.backends.locmem.EmailBackend")}
