"""The round's setting for reminders: how many days before a quarterly return is due its
secretary is reminded (0 to 60, 7 unless the funding manager says otherwise), set on the
round's form, refused with a message beside the field (nothing saved), and shown on the
round's page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from grants.models import FundingRound, RoundStatus
from grants.services import rounds as services
from tests.grants.factories import make_round
from tests.grants.rounds_support import TERMS_2012, form_data, update_terms

pytestmark = pytest.mark.django_db

CREATE = reverse("grants:round_create")
EDIT = reverse("grants:round_edit", kwargs={"year": 2011})
FIELD = "reminder_days_before"


@pytest.fixture
def manager(user_in_role):
    return user_in_role(Role.FUNDING_MANAGER, username="manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def edit_data(funding_round: FundingRound, **changes) -> dict[str, str]:
    """The edit form as the page fills it in for an opened round (no year)."""
    data = form_data(
        total_budget=str(funding_round.total_budget),
        allocable_ceiling=str(funding_round.allocable_ceiling),
        access_fund=str(funding_round.access_fund),
    )
    del data["year_start"]
    for name in (
        "outline_deadline",
        "application_deadline",
        *(f"q{q}_return_deadline" for q in (1, 2, 3, 4)),
    ):
        value = getattr(funding_round, name)
        data |= {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
    return {**data, **changes}


BAD = [
    ("-1", "The number of days before a return is due must be 0 or more"),
    ("61", "The number of days before a return is due must be 60 or fewer"),
    ("x", "Enter the number of days as a whole number, like 7"),
    ("2.5", "Enter the number of days as a whole number, like 7"),
]


def test_a_new_round_reminds_7_days_before_unless_told_otherwise(manager_client):
    form = manager_client.get(CREATE).content.decode()
    assert f'name="{FIELD}" value="7"' in form
    assert "How many days before a quarterly return is due" in form
    assert manager_client.post(CREATE, form_data()).status_code == 302
    assert FundingRound.objects.get().reminder_days_before == 7


def test_the_manager_sets_the_days_when_creating_a_round(manager_client):
    assert manager_client.post(CREATE, form_data(**{FIELD: "14"})).status_code == 302
    assert FundingRound.objects.get().reminder_days_before == 14


@pytest.mark.parametrize(("typed", "message"), BAD)
def test_bad_days_on_a_new_round_get_their_message_and_save_nothing(manager_client, typed, message):
    response = manager_client.post(CREATE, form_data(**{FIELD: typed}))
    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {FIELD: [message]}
    assert message in response.content.decode()
    assert not FundingRound.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_edit_form_shows_the_rounds_days_and_saves_a_change_audited(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    FundingRound.objects.filter(pk=funding_round.pk).update(reminder_days_before=10)
    assert f'name="{FIELD}" value="10"' in manager_client.get(EDIT).content.decode()
    response = manager_client.post(EDIT, edit_data(funding_round, **{FIELD: "0"}))
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.reminder_days_before == 0
    event = AuditEvent.objects.get(action="round details changed")
    assert event.reason == "Changed: days before a return is due to remind the secretary"


@pytest.mark.parametrize(("typed", "message"), BAD)
def test_bad_days_on_a_round_being_changed_get_their_message_and_change_nothing(
    manager_client, typed, message
):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    response = manager_client.post(
        EDIT, edit_data(funding_round, total_budget="1500000", **{FIELD: typed})
    )
    assert dict(response.context["form"].errors) == {FIELD: [message]}
    funding_round.refresh_from_db()
    assert (funding_round.reminder_days_before, str(funding_round.total_budget)) == (
        7,
        "1400000.00",
    )
    assert not AuditEvent.objects.filter(action="round details changed").exists()


def test_left_empty_when_changing_a_round_the_days_stay_as_they_were(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    FundingRound.objects.filter(pk=funding_round.pk).update(reminder_days_before=10)
    response = manager_client.post(EDIT, edit_data(funding_round, **{FIELD: ""}))
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.reminder_days_before == 10


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "The number of days before a return is due must be 0 or more"),
        (61, "The number of days before a return is due must be 60 or fewer"),
    ],
)
def test_the_services_refuse_bad_days_beside_the_field(manager, days, message):
    with pytest.raises(ValidationError) as refused:
        services.round_create(user=manager, **TERMS_2012, reminder_days_before=days)
    assert refused.value.message_dict == {FIELD: [message]}
    funding_round = make_round()
    with pytest.raises(ValidationError) as refused:
        services.round_update(
            user=manager,
            funding_round=funding_round,
            **update_terms(funding_round, **{FIELD: days}),
        )
    assert refused.value.message_dict == {FIELD: [message]}
    funding_round.refresh_from_db()
    assert funding_round.reminder_days_before == 7
    assert FundingRound.objects.count() == 1


def test_the_round_page_says_when_secretaries_are_reminded(manager_client):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    page = reverse("grants:round", kwargs={"year": 2011})
    assert "7 days before a return is due, and on the day" in (
        manager_client.get(page).content.decode()
    )
    FundingRound.objects.filter(pk=funding_round.pk).update(reminder_days_before=0)
    assert "On the day a return is due" in manager_client.get(page).content.decode()
