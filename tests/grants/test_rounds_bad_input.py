"""Gaps in the rounds pages' bad-input tests: changing a round's terms and changing an
objective. Each bad answer gets its message beside the field, and the round, the objective
and the audit log stay as they were."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import AccessFundDrawdown, FundingRound, RoundStatus
from tests.grants.factories import make_round
from tests.grants.rounds_support import make_award, shown_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, user_in_role):
    client.force_login(user_in_role(Role.FUNDING_MANAGER, username="manager"))
    return client


def url(name, year=2011, **kwargs):
    return reverse(f"grants:{name}", kwargs={"year": year, **kwargs})


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "a form with errors is shown again, not redirected"
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


def edit_data(funding_round: FundingRound, **changes) -> dict[str, str]:
    """The edit form as the page fills it in for ``funding_round`` (no year: it has opened)."""
    data = {
        "total_budget": str(funding_round.total_budget),
        "allocable_ceiling": str(funding_round.allocable_ceiling),
        "access_fund": str(funding_round.access_fund),
    }
    for name in (
        "outline_deadline",
        "application_deadline",
        "q1_return_deadline",
        "q2_return_deadline",
        "q3_return_deadline",
        "q4_return_deadline",
    ):
        value: datetime.date = getattr(funding_round, name)
        data |= {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
    return {**data, **changes}


def unchanged(funding_round: FundingRound) -> None:
    before = {
        name: getattr(funding_round, name)
        for name in ("total_budget", "allocable_ceiling", "access_fund", "outline_deadline")
    }
    funding_round.refresh_from_db()
    assert {name: getattr(funding_round, name) for name in before} == before
    assert not AuditEvent.objects.filter(action="round details changed").exists()


# Changing a round's terms


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"total_budget": "lots"},
            "total_budget",
            "Enter the total budget as a number in pounds, like 1250 or 1250.50",
        ),
        (
            {"allocable_ceiling": "1400000.01"},
            "allocable_ceiling",
            "The most that may be allocated to groups must be no more than the total budget "
            "of £1,400,000.00",
        ),
        ({"access_fund": "-1"}, "access_fund", "The access-needs fund must be £0 or more"),
        (
            {"outline_deadline_0": "31", "outline_deadline_1": "2"},
            "outline_deadline",
            "The date outlines are due must be a real date",
        ),
        (
            {"q4_return_deadline_0": "", "q4_return_deadline_1": "", "q4_return_deadline_2": ""},
            "q4_return_deadline",
            "Enter the date the quarter 4 return is due",
        ),
    ],
)
def test_bad_input_when_changing_a_round_gets_a_field_message_and_changes_nothing(
    manager_client, changes, field, message
):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    response = manager_client.post(url("round_edit"), edit_data(funding_round, **changes))
    assert errors_of(response)[field] == [message]
    assert message in response.content.decode()
    unchanged(funding_round)


def test_a_ceiling_below_what_is_awarded_is_refused_beside_the_ceiling(manager_client, barnet):
    funding_round = make_round(status=RoundStatus.APPLICATIONS_OPEN)
    make_award(funding_round, barnet, "50000.00")
    response = manager_client.post(
        url("round_edit"), edit_data(funding_round, allocable_ceiling="49999.99")
    )
    assert errors_of(response) == {
        "allocable_ceiling": [
            "The most that may be allocated cannot be less than the £50,000.00 already awarded"
        ]
    }
    unchanged(funding_round)


def test_an_access_fund_below_what_is_drawn_is_refused_beside_the_fund(manager_client, barnet):
    funding_round = make_round(status=RoundStatus.APPLICATIONS_OPEN, access_fund="2000.00")
    AccessFundDrawdown.objects.create(
        funding_round=funding_round,
        cpeg=barnet.cpeg,
        amount=Decimal("500.00"),
        reason="BSL interpreter",
        created_by=funding_round.created_by,
    )
    response = manager_client.post(url("round_edit"), edit_data(funding_round, access_fund="499"))
    assert errors_of(response) == {
        "access_fund": [
            "The access-needs fund at the start must be at least £500.00, to cover what has "
            "already been drawn from it"
        ]
    }
    unchanged(funding_round)


def test_a_year_taken_by_another_round_is_refused_beside_the_year(manager_client):
    make_round(year_start=2012, status=RoundStatus.CLOSED)
    funding_round = make_round(status=RoundStatus.SETUP)
    data = edit_data(funding_round, year_start="2012/13")
    response = manager_client.post(url("round_edit"), data)
    assert errors_of(response)["year_start"] == ["There is already a round for 2012/13"]
    funding_round.refresh_from_db()
    assert funding_round.year_start == 2011


# Changing an objective


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "", "title": "New"}, "code", "Enter a short code for the objective, like O1"),
        ({"code": "O1", "title": ""}, "title", "Enter the objective's title"),
        ({"code": "O1", "title": "x" * 201}, "title", "The title must be 200 characters or fewer"),
        (
            {"code": "O2", "title": "Public meetings"},
            "code",
            "The round already has an objective O2: choose another code",
        ),
        (
            {"code": "o2", "title": "Public meetings"},
            "code",
            "The round already has an objective o2: choose another code",
        ),
    ],
)
def test_bad_input_when_changing_an_objective_gets_a_field_message_and_changes_nothing(
    manager_client, data, field, message
):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    objective = funding_round.objectives.get(code="O1")
    response = manager_client.post(url("objective_edit", pk=objective.pk), data)
    assert errors_of(response)[field] == [message]
    objective.refresh_from_db()
    assert (objective.code, objective.title) == ("O1", "Public meetings and engagement events")
    assert not AuditEvent.objects.filter(action="objective changed").exists()


# The access-needs fund


def test_a_drawdown_for_a_group_that_does_not_exist_is_refused_beside_the_group(manager_client):
    make_round()
    token = shown_token(manager_client, url("access_drawdown"))
    response = manager_client.post(
        url("access_drawdown"),
        {"cpeg": "999999", "amount": "10", "reason": "BSL", "token": token},
    )
    assert errors_of(response) == {"cpeg": ["Choose one of the groups listed"]}
    assert not AccessFundDrawdown.objects.exists()


def test_a_top_up_reason_over_2000_characters_is_refused_beside_the_reason(manager_client):
    funding_round = make_round()
    token = shown_token(manager_client, url("access_top_up"))
    response = manager_client.post(
        url("access_top_up"), {"amount": "10", "reason": "x" * 2001, "token": token}
    )
    assert errors_of(response) == {"reason": ["The reason must be 2,000 characters or fewer"]}
    assert not funding_round.access_fund_top_ups.exists()


def test_a_drawdown_reason_over_2000_characters_is_refused_with_its_own_message(
    manager_client, barnet
):
    make_round()
    token = shown_token(manager_client, url("access_drawdown"))
    response = manager_client.post(
        url("access_drawdown"),
        {"cpeg": barnet.cpeg.pk, "amount": "10", "reason": "x" * 2001, "token": token},
    )
    assert errors_of(response) == {
        "reason": ["What the money is for must be 2,000 characters or fewer"]
    }
    assert not AccessFundDrawdown.objects.exists()


@pytest.mark.parametrize("page", ["access_top_up", "access_drawdown"])
def test_each_reason_has_the_character_count_and_no_maxlength(manager_client, page):
    make_round()
    content = manager_client.get(url(page)).content.decode()
    counter = (
        r'<div class="govuk-character-count" data-module="govuk-character-count" '
        r'data-maxlength="2000">\s*<div id="div_id_reason"'
    )
    assert re.search(counter, content)
    textarea = re.search(r'<textarea [^>]*id="id_reason"[^>]*>', content).group(0)
    assert "maxlength" not in textarea


def test_limited_single_line_boxes_have_no_maxlength(manager_client):
    funding_round = make_round(status=RoundStatus.SETUP)
    pages = {
        reverse("grants:round_create"): ["year_start"],
        url("round_edit", year=funding_round.year_start): ["year_start"],
        url("objective_add", year=funding_round.year_start): ["code", "title"],
    }
    for address, fields in pages.items():
        content = manager_client.get(address).content.decode()
        for field in fields:
            box = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', content).group(0)
            assert "maxlength" not in box, (address, field)


def test_a_year_over_7_characters_gets_a_message_naming_the_year_and_the_limit(manager_client):
    response = manager_client.post(reverse("grants:round_create"), {"year_start": "2011/2012"})
    assert errors_of(response)["year_start"] == [
        "The financial year must be 7 characters or fewer, like 2011/12"
    ]
    assert not FundingRound.objects.exists()
