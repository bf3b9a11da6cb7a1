"""The funding manager's rounds pages: what each form saves, the message beside each field
when the input is wrong (with nothing saved), and what the round page offers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import AccessFundDrawdown, AccessFundTopUp, FundingRound, RoundStatus
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS
from tests.grants.factories import make_round
from tests.grants.rounds_support import form_data, shown_token

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:round_create")


def url(name, year=2011, **kwargs):
    return reverse(f"grants:{name}", kwargs={"year": year, **kwargs})


@pytest.fixture
def manager_client(client, user_in_role):
    client.force_login(user_in_role(Role.FUNDING_MANAGER, username="manager"))
    return client


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "a form with errors is shown again, not redirected"
    return {field: list(messages) for field, messages in response.context["form"].errors.items()}


# Creating a round


def test_the_manager_creates_a_round_and_lands_on_its_page(manager_client):
    response = manager_client.post(CREATE, form_data())
    funding_round = FundingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("round", year=2012)
    assert funding_round.label == "2012/13"
    assert funding_round.total_budget == Decimal("1400000.00")
    assert funding_round.access_fund == Decimal("2000.00")
    assert funding_round.outline_deadline == datetime.date(2012, 5, 11)
    assert funding_round.status == RoundStatus.SETUP


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"total_budget": "lots"},
            "total_budget",
            "Enter the total budget as a number in pounds, like 1250 or 1250.50",
        ),
        ({"total_budget": "-5"}, "total_budget", "The total budget must be £0.01 or more"),
        (
            {"allocable_ceiling": "-0.01"},
            "allocable_ceiling",
            "The most that may be allocated to groups must be £0 or more",
        ),
        (
            {"access_fund": "2000.005"},
            "access_fund",
            "Enter the access-needs fund in pounds and pence, with no more than 2 decimal places",
        ),
        ({"access_fund": ""}, "access_fund", "Enter the access-needs fund"),
        (
            {"allocable_ceiling": "1400000.01"},
            "allocable_ceiling",
            "The most that may be allocated to groups must be no more than the total budget "
            "of £1,400,000.00",
        ),
        (
            {"outline_deadline_0": "31", "outline_deadline_1": "2"},
            "outline_deadline",
            "The date outlines are due must be a real date",
        ),
        (
            {"outline_deadline_0": ""},
            "outline_deadline",
            "The date outlines are due must include a day",
        ),
        (
            {"application_deadline_1": "", "application_deadline_2": ""},
            "application_deadline",
            "The date applications are due must include a month",
        ),
        (
            {"q1_return_deadline_0": "", "q1_return_deadline_1": "", "q1_return_deadline_2": ""},
            "q1_return_deadline",
            "Enter the date the quarter 1 return is due",
        ),
        (
            {"q2_return_deadline_0": "first"},
            "q2_return_deadline",
            "The date the quarter 2 return is due must be a real date",
        ),
        (
            {"q3_return_deadline_2": "13"},
            "q3_return_deadline",
            "The date the quarter 3 return is due must have a 4-digit year, like 2012",
        ),
        (
            {"year_start": "2012/14"},
            "year_start",
            "Enter the financial year as its two years, like 2011/12",
        ),
        ({"year_start": ""}, "year_start", "Enter the financial year, like 2011/12"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_saves_nothing(
    manager_client, changes, field, message
):
    response = manager_client.post(CREATE, form_data(**changes))
    assert message in errors_of(response)[field]
    assert message in response.content.decode()
    assert not FundingRound.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_date_missing_two_parts_names_both(manager_client):
    response = manager_client.post(CREATE, form_data(outline_deadline_1="", outline_deadline_2=""))
    assert errors_of(response)["outline_deadline"] == [
        "The date outlines are due must include a month",
        "The date outlines are due must include a year",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"outline_deadline_1": "7"},
            "outline_deadline",
            "Outlines must be due on or before the applications deadline, 15 June 2012",
        ),
        (
            {"q1_return_deadline_0": "30", "q1_return_deadline_1": "6"},
            "q1_return_deadline",
            "The quarter 1 return must be due after the quarter ends on 30 June 2012",
        ),
        ({"year_start": "2011/12"}, "year_start", "There is already a round for 2011/12"),
    ],
)
def test_the_services_rules_come_back_beside_the_field(manager_client, changes, field, message):
    make_round(status=RoundStatus.CLOSED)  # 2011/12
    response = manager_client.post(CREATE, form_data(**changes))
    assert errors_of(response)[field] == [message]
    assert FundingRound.objects.count() == 1


def test_the_form_shows_the_error_summary_and_an_error_title(manager_client):
    response = manager_client.post(CREATE, form_data(total_budget="lots"))
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: Create a funding round – CPEG Portal</title>" in html


# Changing a round


def test_the_edit_form_starts_with_the_rounds_terms(manager_client):
    make_round(status=RoundStatus.SETUP)
    response = manager_client.get(url("round_edit"))
    html = response.content.decode()
    assert response.context["form"].initial["year_start"] == "2011/12"
    assert 'name="total_budget" value="1400000.00"' in html
    # The outlines deadline, 13 May 2011, in its three boxes.
    assert 'name="outline_deadline_0" value="13"' in html
    assert 'name="outline_deadline_1" value="5"' in html
    assert 'name="outline_deadline_2" value="2011"' in html


def test_the_manager_changes_the_terms(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    data = form_data(year_start="2011/12", total_budget="1500000", allocable_ceiling="1320000")
    for name in ("outline_deadline", "application_deadline"):
        value = getattr(funding_round, name)
        data.update({f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year})
    for q in (1, 2, 3, 4):
        value = funding_round.return_deadline(q)
        data.update(
            {
                f"q{q}_return_deadline_{i}": part
                for i, part in enumerate((value.day, value.month, value.year))
            }
        )
    response = manager_client.post(url("round_edit"), data)
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.total_budget == Decimal("1500000.00")
    assert funding_round.year_start == 2011


def test_the_year_is_not_offered_once_the_round_has_opened(manager_client):
    make_round(status=RoundStatus.OUTLINES_OPEN)
    response = manager_client.get(url("round_edit"))
    assert "year_start" not in response.context["form"].fields
    assert "cannot change now that the round has opened" in response.content.decode()


# The round's status


def test_the_round_page_offers_the_next_move_from_the_workflow(manager_client):
    make_round(status=RoundStatus.OUTLINES_OPEN)
    response = manager_client.get(url("round"))
    assert [t.name for t in response.context["status_buttons"]] == [OPEN_APPLICATIONS]
    assert (
        f'name="transition" value="{OPEN_APPLICATIONS}" class="govuk-button" '
        'data-module="govuk-button">Open the round for applications</button>'
    ) in response.content.decode()


def test_the_round_page_offers_no_moves_to_others(client, user_in_role):
    make_round(status=RoundStatus.OUTLINES_OPEN)
    client.force_login(user_in_role(Role.LINK_OFFICER))
    assert client.get(url("round")).context["status_buttons"] == []


def test_the_manager_opens_the_round_for_applications(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    response = manager_client.post(url("round_status"), {"transition": OPEN_APPLICATIONS})
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.APPLICATIONS_OPEN


def test_a_move_the_table_refuses_is_shown_in_an_error_summary(manager_client):
    funding_round = make_round(status=RoundStatus.SETUP)
    response = manager_client.post(url("round_status"), {"transition": CLOSE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#status">A round that is being set up cannot be closed.</a>' in html
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.SETUP


def test_a_closed_round_offers_no_status_buttons(manager_client):
    make_round(status=RoundStatus.CLOSED)
    assert manager_client.get(url("round")).context["status_buttons"] == []


# Objectives


def test_the_manager_adds_an_objective(manager_client):
    funding_round = make_round(status=RoundStatus.SETUP)
    response = manager_client.post(
        url("objective_add"), {"code": "O6", "title": "Young people", "description": ""}
    )
    assert response.status_code == 302
    assert funding_round.objectives.filter(code="O6", title="Young people").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "", "title": "New"}, "code", "Enter a short code for the objective, like O1"),
        ({"code": "O6", "title": ""}, "title", "Enter the objective's title"),
        (
            {"code": "O123456789X", "title": "New"},
            "code",
            "The code must be 10 characters or fewer",
        ),
        (
            {"code": "O1", "title": "New"},
            "code",
            "The round already has an objective O1: choose another code",
        ),
    ],
)
def test_a_bad_objective_gets_a_message_beside_the_field(manager_client, data, field, message):
    funding_round = make_round(status=RoundStatus.SETUP)
    response = manager_client.post(url("objective_add"), data)
    assert errors_of(response)[field] == [message]
    assert funding_round.objectives.count() == 5


def test_the_manager_changes_an_objective(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    objective = funding_round.objectives.get(code="O3")
    edit = url("objective_edit", pk=objective.pk)
    assert manager_client.get(edit).context["form"].initial["code"] == "O3"
    response = manager_client.post(
        edit, {"code": "O3", "title": "Young people", "description": "Youth forums"}
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.title, objective.description) == ("Young people", "Youth forums")


@pytest.mark.parametrize("name", ["objective_add", "objective_edit"])
def test_objective_pages_send_the_manager_back_once_applications_open(manager_client, name):
    funding_round = make_round(status=RoundStatus.APPLICATIONS_OPEN)
    kwargs = {"pk": funding_round.objectives.first().pk} if name == "objective_edit" else {}
    for response in (
        manager_client.get(url(name, **kwargs)),
        manager_client.post(url(name, **kwargs), {"code": "O9", "title": "New"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == url("round")
    assert funding_round.objectives.count() == 5


def test_the_round_page_offers_objective_changes_only_while_editable(manager_client):
    make_round(status=RoundStatus.APPLICATIONS_OPEN)
    html = manager_client.get(url("round")).content.decode()
    assert "Add an objective" not in html
    assert "Objectives are fixed now that the round is open for applications." in html


# The access-needs fund


def top_up_form(client, **data):
    return {"token": shown_token(client, url("access_top_up")), **data}


def drawdown_form(client, **data):
    return {"token": shown_token(client, url("access_drawdown")), **data}


def test_the_manager_tops_up_the_fund(manager_client):
    funding_round = make_round()
    response = manager_client.post(
        url("access_top_up"), top_up_form(manager_client, amount="£250.50", reason="Loops")
    )
    assert response.status_code == 302
    top_up = AccessFundTopUp.objects.get()
    assert (top_up.funding_round, top_up.amount, top_up.created_by.username) == (
        funding_round,
        Decimal("250.50"),
        "manager",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"amount": "a lot", "reason": "Loops"},
            "amount",
            "Enter the amount to add as a number in pounds, like 1250 or 1250.50",
        ),
        ({"amount": "-10", "reason": "Loops"}, "amount", "The amount to add must be £0.01 or more"),
        ({"amount": "0", "reason": "Loops"}, "amount", "The amount to add must be £0.01 or more"),
        (
            {"amount": "10.123", "reason": "Loops"},
            "amount",
            "Enter the amount to add in pounds and pence, with no more than 2 decimal places",
        ),
        (
            {"amount": "10", "reason": ""},
            "reason",
            "Enter the reason, so the committee can see why",
        ),
    ],
)
def test_a_bad_top_up_gets_a_message_beside_the_field_and_saves_nothing(
    manager_client, data, field, message
):
    make_round()
    response = manager_client.post(url("access_top_up"), top_up_form(manager_client, **data))
    assert errors_of(response)[field] == [message]
    assert not AccessFundTopUp.objects.exists()


def test_the_manager_draws_for_a_group(manager_client, barnet):
    make_round(access_fund="2000.00")
    response = manager_client.post(
        url("access_drawdown"),
        drawdown_form(manager_client, cpeg=barnet.cpeg.pk, amount="120", reason="BSL"),
    )
    assert response.status_code == 302
    assert AccessFundDrawdown.objects.get().cpeg == barnet.cpeg


def audit_actions(funding_round, action):
    return AuditEvent.objects.filter(object_id=funding_round.pk, action=action).count()


def test_a_top_up_posted_twice_is_added_once(manager_client):
    funding_round = make_round()
    data = top_up_form(manager_client, amount="250", reason="Hearing loops")
    for _ in range(2):
        assert manager_client.post(url("access_top_up"), data).status_code == 302
    assert AccessFundTopUp.objects.count() == 1
    assert audit_actions(funding_round, "access-needs fund topped up") == 1


def test_two_top_ups_of_the_same_amount_are_both_kept(manager_client):
    make_round()
    for _ in range(2):
        data = top_up_form(manager_client, amount="250", reason="Hearing loops")
        assert manager_client.post(url("access_top_up"), data).status_code == 302
    assert AccessFundTopUp.objects.count() == 2


def test_a_drawdown_posted_twice_is_drawn_once(manager_client, barnet):
    funding_round = make_round(access_fund="2000.00")
    data = drawdown_form(manager_client, cpeg=barnet.cpeg.pk, amount="120", reason="BSL")
    for _ in range(2):
        assert manager_client.post(url("access_drawdown"), data).status_code == 302
    assert AccessFundDrawdown.objects.count() == 1
    assert audit_actions(funding_round, "access-needs fund drawn") == 1


def test_two_drawdowns_of_the_same_amount_are_both_kept(manager_client, barnet):
    make_round(access_fund="2000.00")
    for _ in range(2):
        data = drawdown_form(manager_client, cpeg=barnet.cpeg.pk, amount="120", reason="BSL")
        assert manager_client.post(url("access_drawdown"), data).status_code == 302
    assert AccessFundDrawdown.objects.count() == 2


def test_a_form_without_its_token_is_shown_again_and_saves_nothing(manager_client):
    make_round()
    response = manager_client.post(url("access_top_up"), {"amount": "250", "reason": "Loops"})
    assert response.status_code == 200
    assert "open it again" in response.content.decode()
    assert not AccessFundTopUp.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"cpeg": "", "amount": "10", "reason": "BSL"},
            "cpeg",
            "Choose the group the money is for",
        ),
        (
            {"amount": "2000.01", "reason": "BSL"},
            "amount",
            "Enter an amount no more than the £2,000.00 available in the access-needs fund",
        ),
        ({"amount": "-1", "reason": "BSL"}, "amount", "The amount to draw must be £0.01 or more"),
        (
            {"amount": "1.999", "reason": "BSL"},
            "amount",
            "Enter the amount to draw in pounds and pence, with no more than 2 decimal places",
        ),
        ({"amount": "10", "reason": ""}, "reason", "Enter what the money is for"),
    ],
)
def test_a_bad_drawdown_gets_a_message_beside_the_field_and_saves_nothing(
    manager_client, barnet, data, field, message
):
    make_round(access_fund="2000.00")
    response = manager_client.post(
        url("access_drawdown"), drawdown_form(manager_client, **{"cpeg": barnet.cpeg.pk, **data})
    )
    assert errors_of(response)[field] == [message]
    assert not AccessFundDrawdown.objects.exists()


def test_the_drawdown_page_says_what_is_available(manager_client):
    make_round(access_fund="2000.00")
    assert "£2,000.00" in manager_client.get(url("access_drawdown")).content.decode()


# Links to the other stages


def test_the_round_page_links_the_manager_to_every_page_of_the_round(manager_client):
    make_round()
    html = manager_client.get(url("round")).content.decode()
    expected = [
        ("Outlines and consensus", url("outline_list")),
        ("Applications to review", reverse("grants:review_list") + "?round=2011"),
        ("Record committee decisions", url("meeting_create")),
        ("Awards", url("award_list")),
        ("Downloads", url("exports")),
    ]
    for label, path in expected:
        assert f'<a class="govuk-link" href="{path}">{label}</a>' in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SECRETARY, [("Your group in this round", ("group_round", {"slug": "barnet"}))]),
        (Role.COMMITTEE_MEMBER, [("Awards", ("award_list", {}))]),
        (
            Role.LINK_OFFICER,
            [
                ("Outlines and consensus", ("outline_list", {})),
                ("Applications to review", ("review_list", None)),
                ("Awards", ("award_list", {})),
                ("Downloads", ("exports", {})),
            ],
        ),
    ],
)
def test_the_round_page_links_each_role_to_its_pages(client, user_in_role, role, expected):
    make_round()
    client.force_login(user_in_role(role))
    response = client.get(url("round"))
    expected = [
        (
            label,
            reverse(f"grants:{name}") + "?round=2011" if kwargs is None else url(name, **kwargs),
        )
        for label, (name, kwargs) in expected
    ]
    assert response.context["links"] == expected
    for label, path in expected:
        assert client.get(path).status_code == 200, f"{label} leads to a page that answers"


def test_the_audit_timeline_is_on_the_round_page(manager_client):
    manager_client.post(CREATE, form_data())
    html = manager_client.get(url("round", year=2012)).content.decode()
    assert "Round created" in html
