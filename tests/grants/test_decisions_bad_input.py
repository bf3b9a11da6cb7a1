"""Gaps in the decisions pages' bad-input tests: interim funding refused by the service (a
date in the future, a group already funded, the ceiling), a batch posted without its
management data or with a tampered row, an over-long meeting name, and instalments that are
not numbers. Each is refused with its message where it belongs, and nothing is saved."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from grants.forms.decisions import STALE
from grants.models import Award
from tests.factories import audit_mark, audited_since
from tests.grants.decisions_helpers import borough, fund, nothing_saved, recommended
from tests.grants.factories import make_round, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(staff())
    return client


# Interim funding


def interim_url(funding_round):
    return reverse("grants:interim_award_create", kwargs={"year": funding_round.year_start})


def interim_data(slug="brent", amount="2000", day=("1", "6", "2011"), reason="No work plan yet"):
    return {
        "cpeg": borough(slug).cpeg.pk,
        "amount": amount,
        "reason": reason,
        "awarded_on_0": day[0],
        "awarded_on_1": day[1],
        "awarded_on_2": day[2],
    }


def test_interim_funding_dated_in_the_future_is_refused_beside_the_date(
    manager_client, funding_round
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    day = (str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    response = manager_client.post(interim_url(funding_round), interim_data(day=day))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "awarded_on": ["The date the interim funding was agreed must be today or in the past"]
    }
    assert not Award.objects.exists()


def test_interim_funding_for_a_group_the_committee_funded_is_refused_beside_the_group(
    manager_client, funding_round
):
    fund(funding_round, recommended(funding_round, "barnet"))
    response = manager_client.post(interim_url(funding_round), interim_data(slug="barnet"))
    assert response.context["form"].errors == {
        "cpeg": [
            "Barnet already has an award from the committee for 2011/12: interim funding is "
            "for a group without an agreed work plan"
        ]
    }
    assert Award.objects.count() == 1


def test_interim_funding_over_the_ceiling_is_refused_above_the_form_and_saves_nothing(
    manager_client,
):
    funding_round = make_round(total="10000.00", ceiling="1000.00")
    mark = audit_mark()
    response = manager_client.post(interim_url(funding_round), interim_data(amount="1000.01"))
    message = "These awards would take the round £0.01 over its ceiling of £1,000.00"
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert not Award.objects.exists()
    assert not audited_since(mark).exists()


def test_interim_funding_for_a_group_that_does_not_exist_is_refused_beside_the_group(
    manager_client, funding_round
):
    response = manager_client.post(interim_url(funding_round), {**interim_data(), "cpeg": "0"})
    assert response.context["form"].errors == {"cpeg": ["Choose one of the groups listed"]}
    assert not Award.objects.exists()


# The batch


def meeting_create_url(funding_round):
    return reverse("grants:meeting_create", kwargs={"year": funding_round.year_start})


@pytest.fixture
def two_recommended(funding_round):
    return recommended(funding_round, "barnet"), recommended(funding_round, "camden", "25000.50")


def batch(rows, *, name="Community Engagement Sub-committee", day=("14", "7", "2011")):
    data = {
        "name": name,
        "held_on_0": day[0],
        "held_on_1": day[1],
        "held_on_2": day[2],
        "decisions-TOTAL_FORMS": str(len(rows)),
        "decisions-INITIAL_FORMS": str(len(rows)),
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, outcome, amount) in enumerate(rows):
        data[f"decisions-{index}-application_pk"] = str(pk)
        data[f"decisions-{index}-outcome"] = outcome
        data[f"decisions-{index}-amount"] = amount
        data[f"decisions-{index}-conditions"] = ""
    return data


def test_a_batch_without_its_management_data_is_refused_not_a_server_error(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    data = batch([(barnet.pk, "fund", "30000"), (camden.pk, "defer", "")])
    data = {key: value for key, value in data.items() if "_FORMS" not in key}
    response = manager_client.post(meeting_create_url(funding_round), data)
    assert response.status_code == 200
    assert response.context["stale"] is True  # not the page drawn: the rows drawn again
    assert response.context["error_items"] == [("#decisions", STALE)]
    assert response.context["has_errors"] is True
    nothing_saved(barnet, camden)


def test_a_row_whose_application_was_swapped_is_refused_once_for_the_batch(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(camden.pk, "fund", "30000"), (camden.pk, "defer", "")]),
    )
    assert response.context["stale"] is True
    assert all(not row.errors for row in response.context["formset"].forms)
    assert response.content.decode().count(STALE) == 2  # the summary, and above the rows
    nothing_saved(barnet, camden)


def test_a_meeting_name_over_200_characters_is_refused_beside_the_name(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet.pk, "defer", ""), (camden.pk, "defer", "")], name="x" * 201),
    )
    assert response.context["form"].errors == {
        "name": ["The name of the committee must be 200 characters or fewer"]
    }
    nothing_saved(barnet, camden)


def test_a_meeting_date_with_a_two_digit_year_is_refused_beside_the_date(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet.pk, "defer", ""), (camden.pk, "defer", "")], day=("14", "7", "11")),
    )
    assert response.context["form"].errors == {
        "held_on": ["The date of the meeting must have a year of 4 numbers, like 2011"]
    }
    nothing_saved(barnet, camden)


def test_an_outcome_that_is_not_offered_is_refused_beside_the_outcome(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet.pk, "approve", "30000"), (camden.pk, "defer", "")]),
    )
    assert response.context["formset"].forms[0].errors == {
        "outcome": ["Choose one of the decisions listed for Barnet"]
    }
    nothing_saved(barnet, camden)


# Instalments


def test_an_instalment_that_is_not_a_number_is_refused_beside_it_and_changes_nothing(
    client, funding_round
):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    client.force_login(staff())
    response = client.post(
        reverse("grants:award_instalments", kwargs={"pk": award.pk}),
        {"q1": "ten thousand", "q2": "0", "q3": "0", "q4": ""},
    )
    assert response.context["form"].errors == {
        "q1": ["Enter the instalment for quarter 1 as a number in pounds, like 1250 or 1250.50"],
        "q4": ["Enter the instalment for quarter 4"],
    }
    assert {i.amount for i in award.instalments.all()} == {Decimal("2500.00")}
    assert not AuditEvent.objects.filter(action="instalments changed").exists()


def test_a_meeting_dated_in_the_future_is_refused_beside_the_date(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    day = (str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet.pk, "defer", ""), (camden.pk, "defer", "")], day=day),
    )
    assert response.context["form"].errors == {
        "held_on": ["The date of the meeting must be today or in the past"]
    }
    assert "The date of the meeting must be today or in the past" in response.content.decode()
    nothing_saved(barnet, camden)
