"""The round's money to the penny, with sums that do not divide evenly: as Decimals from the
ledger, and as the round page shows them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough
from grants.models import ApplicationStatus
from grants.selectors.ledger import round_ledger
from grants.services.decisions import meeting_record_decisions
from grants.services.rounds import access_fund_draw, access_fund_top_up
from tests.grants.factories import make_application, make_round, staff
from tests.grants.rounds_support import ledger_rows, make_award

pytestmark = pytest.mark.django_db

WARNING = "Recommendations and awards exceed the ceiling by"


@pytest.fixture
def awkward_round():
    """A round whose sums do not divide evenly, worked out by hand:

    ceiling £1,200.00 of £1,500.00; three awards of £333.33 = £999.99 approved, £200.01
    remaining; recommended and awaiting the committee £150.01 + £50.02 (deferred) = £200.03,
    so awards and recommendations reach £1,200.02, 2p over the ceiling. A funded application's
    old recommendation (£999.00) no longer counts. Access fund £100.10 + top-ups £0.10 and
    £33.33 = £133.53; drawn £33.34 + £0.01 = £33.35; available £100.18.
    """
    funding_round = make_round(total="1500.00", ceiling="1200.00", access_fund="100.10")
    boroughs = {b.slug: b for b in Borough.objects.all()}
    for slug in ("barnet", "camden"):
        make_award(funding_round, boroughs[slug], "333.33")
    make_application(
        funding_round=funding_round,
        borough=boroughs["ealing"],
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="150.01",
    )
    make_application(
        funding_round=funding_round,
        borough=boroughs["enfield"],
        status=ApplicationStatus.DEFERRED,
        recommended_amount="50.02",
    )
    # Hackney was recommended £999.00 and funded £333.33: its award is the third of £333.33.
    hackney = make_application(
        funding_round=funding_round,
        borough=boroughs["hackney"],
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="999.00",
    )
    meeting_record_decisions(
        user=staff(Role.FUNDING_MANAGER),
        funding_round=funding_round,
        name="Sub-committee",
        held_on=datetime.date(2011, 7, 20),
        decisions=[(hackney, "fund", Decimal("333.33"), "")],
    )
    manager = staff(Role.FUNDING_MANAGER)
    for amount in ("0.10", "33.33"):
        access_fund_top_up(
            user=manager, funding_round=funding_round, amount=Decimal(amount), reason="Loops"
        )
    for slug, amount in (("barnet", "33.34"), ("camden", "0.01")):
        access_fund_draw(
            user=manager,
            funding_round=funding_round,
            cpeg=boroughs[slug].cpeg,
            amount=Decimal(amount),
            reason="Interpreter",
        )
    return funding_round


def test_the_ledger_is_exact_to_the_penny(awkward_round):
    ledger = round_ledger(funding_round=awkward_round)
    assert ledger.total_budget == Decimal("1500.00")
    assert ledger.ceiling == Decimal("1200.00")
    assert ledger.approved == Decimal("999.99")
    assert ledger.recommended == Decimal("200.03")
    assert ledger.remaining == Decimal("200.01")
    assert ledger.over_ceiling_by == Decimal("0.02")
    assert ledger.access_fund == Decimal("133.53")
    assert ledger.access_drawn == Decimal("33.35")
    assert ledger.access_available == Decimal("100.18")


def test_the_round_page_shows_the_ledger_to_the_penny_with_the_warning(client, awkward_round):
    client.force_login(staff(Role.LINK_OFFICER))
    response = client.get(reverse("grants:round", kwargs={"year": 2011}))
    html = response.content.decode()
    assert ledger_rows(html) == {
        "Total budget": "£1,500.00",
        "Most that may be allocated to groups": "£1,200.00",
        "Recommended, awaiting decision": "£200.03",
        "Approved": "£999.99",
        "Remaining to award": "£200.01",
        "Access-needs fund": "£133.53",
        "Drawn from the access-needs fund": "£33.35",
        "Available in the access-needs fund": "£100.18",
        # Nothing is released until the funding manager releases it: all £999.99 to go.
        "Instalments released": "£0.00",
        "Instalments still to release": "£999.99",
    }
    assert f"{WARNING} £0.02" in html


def test_the_access_fund_history_lists_each_top_up_and_drawdown_with_who_and_why(
    client, awkward_round, barnet, camden
):
    client.force_login(staff(Role.FUNDING_MANAGER))
    response = client.get(reverse("grants:round", kwargs={"year": 2011}))
    history = response.context["detail"].access_history
    assert [(e.kind, e.amount, e.group) for e in history] == [
        ("top-up", Decimal("0.10"), ""),
        ("top-up", Decimal("33.33"), ""),
        ("drawdown", Decimal("33.34"), barnet.cpeg.name),
        ("drawdown", Decimal("0.01"), camden.cpeg.name),
    ]
    html = response.content.decode()
    assert f"Drawn for {barnet.cpeg.name}" in html
    assert "−£33.34" in html
    assert "+£33.33" in html
    assert f"{history[0].who.display_name}: Loops" in html


def test_no_warning_while_awards_and_recommendations_stay_within_the_ceiling(client, barnet):
    funding_round = make_round(total="1000.00", ceiling="999.99")
    make_award(funding_round, barnet, "999.99")
    client.force_login(staff(Role.FUNDING_MANAGER))
    html = client.get(reverse("grants:round", kwargs={"year": 2011})).content.decode()
    assert ledger_rows(html)["Remaining to award"] == "£0.00"
    assert WARNING not in html


def test_a_round_with_nothing_awarded_shows_zeros_not_blanks(client):
    make_round(total="1400000.00", ceiling="1320000.00", access_fund="2000.00")
    client.force_login(staff(Role.COMMITTEE_MEMBER))
    html = client.get(reverse("grants:round", kwargs={"year": 2011})).content.decode()
    rows = ledger_rows(html)
    assert rows["Approved"] == "£0.00"
    assert rows["Recommended, awaiting decision"] == "£0.00"
    assert rows["Remaining to award"] == "£1,320,000.00"
    assert rows["Available in the access-needs fund"] == "£2,000.00"
