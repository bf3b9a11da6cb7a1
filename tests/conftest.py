import os

import pytest

from accounts.models import Role, User
from boroughs.models import Borough
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def barnet() -> Borough:
    return Borough.objects.select_related("cpeg").get(slug="barnet")


@pytest.fixture
def camden() -> Borough:
    return Borough.objects.select_related("cpeg").get(slug="camden")


@pytest.fixture
def user_in_role(barnet):
    """Make a user in any role; borough roles belong to Barnet unless told otherwise."""

    def make(role: Role, borough: Borough | None = None, **fields) -> User:
        if role in (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER):
            fields["cpeg"] = (borough or barnet).cpeg
        return UserFactory(role=role, **fields)

    return make
