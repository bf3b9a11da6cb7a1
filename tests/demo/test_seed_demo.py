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


def test_the_demo_is_the_same_every_time():
    call_command("seed_demo")
    first = list(
        User.objects.order_by("username").values_list("username", "first_name", "last_name")
    )
    User.objects.all().delete()
    call_command("seed_demo")
    second = list(
        User.objects.order_by("username").values_list("username", "first_name", "last_name")
    )
    assert first == second


def test_every_borough_has_a_link_officer_in_the_demo():
    call_command("seed_demo")
    assert not Borough.objects.filter(link_officers__isnull=True).exists()


@override_settings(IS_PRODUCTION=True)
def test_the_demo_refuses_a_production_configuration():
    with pytest.raises(CommandError, match="may not be loaded in production"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("username", "role", "heading"),
    [
        ("manager", Role.FUNDING_MANAGER, "Borough overview"),
        ("officer", Role.LINK_OFFICER, "Borough overview"),
        ("committee", Role.COMMITTEE_MEMBER, "Committee reports"),
        ("secretary-kensington-and-chelsea", Role.SECRETARY, "Your tasks"),
        ("chair-barnet", Role.CHAIR, "Your tasks"),
        ("police-westminster", Role.POLICE_PARTNER, "Your tasks"),
        ("council-barking-and-dagenham", Role.COUNCIL_PARTNER, "Your tasks"),
    ],
)
def test_a_demo_login_signs_in_with_the_published_password(username, role, heading):
    call_command("seed_demo")
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"].role == role
    assert f">{heading}</h1>" in response.content.decode()


def test_every_demo_login_lands_on_a_home_page():
    call_command("seed_demo")
    client = Client()
    for username in sorted(demo_usernames()):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get(reverse("home")).status_code == 200, username
        client.logout()
