"""The rounds pages take a fixed number of queries, however many rounds, objectives, top-ups
and drawdowns there are."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from grants.models import FundingRound, RoundStatus
from grants.services.rounds import access_fund_draw, access_fund_top_up, objective_add
from tests.grants.factories import make_round, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_round():
    """Build a round with more of everything: makes a query per row show up as a changed count."""

    def make(size: int) -> FundingRound:
        funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
        manager = staff(Role.FUNDING_MANAGER)
        boroughs = list(Borough.objects.select_related("cpeg")[:size])
        for number, borough in enumerate(boroughs, start=1):
            objective_add(
                user=manager, funding_round=funding_round, code=f"X{number}", title="More"
            )
            access_fund_top_up(
                user=manager, funding_round=funding_round, amount=Decimal("1.00"), reason="More"
            )
            access_fund_draw(
                user=manager,
                funding_round=funding_round,
                cpeg=borough.cpeg,
                amount=Decimal("0.50"),
                reason="Loop",
            )
        return funding_round

    return make


@pytest.mark.parametrize("rounds", [1, 6])
@pytest.mark.parametrize("role", [Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER])
def test_the_round_list_takes_three_queries(
    client, user_in_role, django_assert_num_queries, rounds, role
):
    for year in range(2011, 2011 + rounds):
        make_round(year_start=year, status=RoundStatus.CLOSED)
    client.force_login(user_in_role(role))
    # 1 session, 1 user (with group and borough), 1 the rounds.
    with django_assert_num_queries(3):
        response = client.get(reverse("grants:round_list"))
    assert len(response.context["rounds"]) == rounds


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("role", [Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER])
def test_the_round_page_with_its_money_takes_twelve_queries(
    client, user_in_role, django_assert_num_queries, busy_round, size, role
):
    busy_round(size)
    client.force_login(user_in_role(role))
    ContentType.objects.get_for_model(FundingRound)  # cached for the process after its first use
    # 1 session, 1 user; 1 the round, then 3 prefetched: its objectives, its top-ups (with
    # who) and its drawdowns (with group and who); 4 the ledger's sums (top-ups, recommended,
    # approved, drawn); 1 the instalments released and still to release (two sums in one
    # query); 1 the audit timeline with its actors.
    with django_assert_num_queries(12):
        response = client.get(reverse("grants:round", kwargs={"year": 2011}))
    assert len(response.context["detail"].objectives) == 5 + size
    assert len(response.context["detail"].access_history) == 2 * size
