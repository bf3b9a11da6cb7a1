"""Every instalments page, for anonymous users and all 7 roles, and the list's query count.

- The round's instalments are for MPA staff (link officers and the funding manager): the
  committee and the borough roles get 403.
- Releasing is the funding manager's: a link officer gets 403; anyone else 404 for the
  instalment, as if it did not exist.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Instalment
from grants.services.decisions import interim_award_create
from slas.services.instalments import instalment_release
from tests.factories import UserFactory
from tests.grants.factories import make_round, staff
from tests.slas.factories import funded_award

pytestmark = pytest.mark.django_db

MANAGER, OFFICER = Role.FUNDING_MANAGER, Role.LINK_OFFICER
BOROUGH_ROLES = {Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER}

# (url name, expected status for each role)
PAGES = [
    ("instalments", {role: 200 if role in (MANAGER, OFFICER) else 403 for role in Role}),
    (
        "instalment_release",
        {role: 200 if role == MANAGER else 403 if role == OFFICER else 404 for role in Role},
    ),
]


@pytest.fixture
def ready(barnet) -> Instalment:
    """Barnet's quarter 1 instalment, ready for release."""
    return Instalment.objects.get(award=funded_award(borough=barnet), quarter=1)


def url_for(name: str, instalment: Instalment) -> str:
    if name == "instalments":
        return reverse("slas:instalments")
    return reverse(f"slas:{name}", kwargs={"pk": instalment.pk})


@pytest.mark.parametrize(("name", "expected"), PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_each_page_answers_each_role(client, ready, name, expected, role):
    user = UserFactory(role=role, cpeg=ready.award.cpeg if role in BOROUGH_ROLES else None)
    client.force_login(user)
    assert client.get(url_for(name, ready)).status_code == expected[role]


@pytest.mark.parametrize(("name", "expected"), PAGES)
@pytest.mark.parametrize("role", sorted(BOROUGH_ROLES))
def test_another_boroughs_users_are_refused_as_their_role_says(
    client, ready, camden, name, expected, role
):
    client.force_login(UserFactory(role=role, cpeg=camden.cpeg))
    assert client.get(url_for(name, ready)).status_code == expected[role]


@pytest.mark.parametrize(("name", "expected"), PAGES)
def test_signed_out_users_are_sent_to_sign_in(client, ready, name, expected):
    response = client.get(url_for(name, ready))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [r for r in Role if r != MANAGER])
def test_no_one_but_the_manager_can_post_a_release(client, ready, role):
    user = UserFactory(role=role, cpeg=ready.award.cpeg if role in BOROUGH_ROLES else None)
    client.force_login(user)
    response = client.post(
        url_for("instalment_release", ready),
        {"released_on_0": "3", "released_on_1": "10", "released_on_2": "2011", "reference": "X"},
    )
    assert response.status_code in (403, 404)
    ready.refresh_from_db()
    assert ready.status == "ready"


# Query count


@pytest.fixture
def round_of(db):
    """A round with interim funding for ``size`` boroughs, each with one instalment
    released (so every row has someone who released it or a Release link)."""

    def make(size: int):
        manager = staff(MANAGER)
        funding_round = make_round(year_start=2012)
        for borough in Borough.objects.select_related("cpeg").order_by("name")[:size]:
            award = interim_award_create(
                user=manager,
                funding_round=funding_round,
                cpeg=borough.cpeg,
                amount=Decimal("1000.01"),
                reason="No agreed work plan",
                awarded_on=datetime.date(2012, 5, 1),
            )
            instalment_release(
                user=manager,
                instalment=award.instalments.get(quarter=1),
                released_on=datetime.date(2012, 6, 1),
                reference=f"FIN-{borough.pk}",
                reason="Set-up",
            )
        return manager

    return make


@pytest.mark.parametrize("size", [1, 32])
def test_the_list_takes_the_same_queries_for_1_borough_as_for_32(
    client, round_of, django_assert_num_queries, size
):
    manager = round_of(size)
    client.force_login(manager)
    # Session, user, the rounds (filter), the boroughs (filter), the instalments with their
    # award, group, borough, who released them and whether each is held (one query), and
    # the round's totals released and still to release (one aggregate).
    with django_assert_num_queries(6):
        page = client.get(reverse("slas:instalments"), {"round": 2012, "status": ""})
    assert len(page.context["instalments"]) == 4 * size
    assert page.context["totals"].released == Decimal("250.01") * size
