"""Instalments' pages in use: the round's list (ready first, filters, held, totals), the
funding manager's release (success, the gate as an error summary, bad input on every field),
the award page's instalments, and the round's ledger for the committee."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants.models import Award, Instalment, InstalmentStatus
from grants.services.decisions import interim_award_create
from slas.models import QuarterlyReturn, ReturnStatus, TimeState
from slas.services.instalments import instalment_release
from tests.factories import UserFactory, audit_mark, audited_since
from tests.grants.factories import make_round, staff
from tests.slas.factories import funded_award, return_in

pytestmark = pytest.mark.django_db

LIST = reverse("slas:instalments")


@pytest.fixture
def award(barnet) -> Award:
    return funded_award(borough=barnet)


@pytest.fixture
def manager():
    return staff(Role.FUNDING_MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def release_url(instalment: Instalment) -> str:
    return reverse("slas:instalment_release", kwargs={"pk": instalment.pk})


def instalment(award: Award, quarter: int) -> Instalment:
    return Instalment.objects.get(award=award, quarter=quarter)


def form_data(day="3", month="10", year="2011", reference="FIN-2011-0042", **extra):
    return {
        "released_on_0": day,
        "released_on_1": month,
        "released_on_2": year,
        "reference": reference,
        **extra,
    }


def snapshot():
    return list(
        Instalment.objects.order_by("pk").values_list(
            "status", "released_on", "release_reference", "released_by", "release_reason"
        )
    )


# The list


def test_the_list_opens_on_the_instalments_ready_for_release(manager_client, award):
    page = manager_client.get(LIST)
    assert page.status_code == 200
    assert [(i.award, i.quarter) for i in page.context["instalments"]] == [(award, 1)]
    html = page.content.decode()
    assert "1 instalment ready for release" in html
    assert release_url(instalment(award, 1)) in html
    assert page.context["totals"].to_release == Decimal("30000.00")


def test_the_list_filters_by_status_borough_and_quarter(manager_client, award, camden):
    other = funded_award(borough=camden, funding_round=award.funding_round)
    page = manager_client.get(LIST, {"round": 2011, "status": "", "borough": "camden"})
    assert {(i.award, i.quarter) for i in page.context["instalments"]} == {
        (other, q) for q in (1, 2, 3, 4)
    }
    page = manager_client.get(LIST, {"round": 2011, "status": "scheduled", "quarter": "3"})
    assert {(i.award, i.quarter) for i in page.context["instalments"]} == {(award, 3), (other, 3)}


def test_a_bad_filter_says_so(manager_client, award):
    page = manager_client.get(LIST, {"round": 2011, "quarter": "9", "status": "paid"})
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "quarter": ["Choose one of the quarters listed"],
        "status": ["Choose one of the statuses listed"],
    }


def test_an_officer_sees_the_list_without_release_links(client, user_in_role, award):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    page = client.get(LIST)
    assert page.status_code == 200
    assert release_url(instalment(award, 1)) not in page.content.decode()


def test_the_next_instalment_is_held_when_the_return_before_is_28_days_overdue(
    manager_client, award
):
    # Only quarter 1's return is late: the others are handed in (the factory's 2011 round is
    # long past, so every return would be overdue).
    QuarterlyReturn.objects.filter(award=award).update(
        time_state=TimeState.HANDED_IN, days_overdue=0
    )
    q1 = return_in(ReturnStatus.DRAFT, award=award, quarter=1)
    QuarterlyReturn.objects.filter(pk=q1.pk).update(time_state=TimeState.OVERDUE, days_overdue=27)
    rows = manager_client.get(LIST, {"round": 2011, "status": ""}).context["instalments"]
    assert [i.quarter for i in rows if i.held] == []
    QuarterlyReturn.objects.filter(pk=q1.pk).update(days_overdue=28)
    page = manager_client.get(LIST, {"round": 2011, "status": ""})
    assert [i.quarter for i in page.context["instalments"] if i.held] == [2]
    assert 'govuk-tag--red">Held</strong>' in page.content.decode()


# Releasing


def test_the_manager_releases_an_instalment_and_sees_it_said(manager_client, award, manager):
    page = manager_client.get(release_url(instalment(award, 1)))
    assert page.status_code == 200
    assert "reason" not in page.context["form"].fields  # not interim: no reason asked
    response = manager_client.post(release_url(instalment(award, 1)), form_data(), follow=True)
    assert response.redirect_chain[-1][0].startswith(LIST)
    assert (
        "Quarter 1 instalment of £7,500.00 released to Barnet (payment reference FIN-2011-0042)"
        in response.content.decode()
    )
    released = instalment(award, 1)
    assert (released.status, released.released_on, released.released_by) == (
        InstalmentStatus.RELEASED,
        datetime.date(2011, 10, 3),
        manager,
    )


def test_the_gate_is_shown_as_an_error_summary_with_nothing_to_fill_in(manager_client, award):
    before = snapshot()
    for response in (
        manager_client.get(release_url(instalment(award, 2))),
        manager_client.post(release_url(instalment(award, 2)), form_data()),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert (
            "Quarter 2&#x27;s instalment is released once the quarter 1 return is accepted; "
            "it has not been started" in html
        )
        assert 'name="reference"' not in html
    assert snapshot() == before


def test_a_released_instalment_says_when_and_by_whom(manager_client, award, manager):
    instalment_release(
        user=manager,
        instalment=instalment(award, 1),
        released_on=datetime.date(2011, 10, 3),
        reference="FIN-1",
    )
    html = manager_client.get(release_url(instalment(award, 1))).content.decode()
    assert "was already released on 3 October 2011 by" in html


TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


DATE = "The date the instalment was released"
REFERENCE = "Enter the payment reference from the finance system"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            form_data(day="", month="", year=""),
            "released_on",
            "Enter the date the instalment was released",
        ),
        (form_data(day=""), "released_on", f"{DATE} must include a day"),
        (form_data(month="13"), "released_on", f"{DATE} must be a real date"),
        (form_data(year="11"), "released_on", f"{DATE} must have a 4-digit year, like 2012"),
        (
            form_data(day=str(TOMORROW.day), month=str(TOMORROW.month), year=str(TOMORROW.year)),
            "released_on",
            f"{DATE} must be today or in the past",
        ),
        (
            form_data(day="19", month="7"),
            "released_on",
            f"{DATE} must be on or after the date of the award, 20 July 2011",
        ),
        (form_data(reference=""), "reference", REFERENCE),
        (form_data(reference="   "), "reference", REFERENCE),
        (
            form_data(reference="X" * 41),
            "reference",
            "The payment reference must be 40 characters or fewer",
        ),
    ],
)
def test_bad_input_gets_its_message_beside_the_field_and_saves_nothing(
    manager_client, award, data, field, message
):
    before = snapshot()
    mark = audit_mark()
    response = manager_client.post(release_url(instalment(award, 1)), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert "govuk-error-summary" in response.content.decode()
    assert snapshot() == before
    assert not audited_since(mark).exists()


@pytest.fixture
def interim(manager, camden) -> Award:
    return interim_award_create(
        user=manager,
        funding_round=make_round(year_start=2012),
        cpeg=camden.cpeg,
        amount=Decimal("1000.01"),
        reason="No agreed work plan yet",
        awarded_on=datetime.date(2012, 5, 1),
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why this instalment of interim funding is released"),
        ("x" * 5001, "The reason for releasing the instalment must be 5,000 characters or fewer"),
    ],
)
def test_interim_funding_asks_why_and_refuses_without_a_reason(
    manager_client, interim, reason, message
):
    url = release_url(instalment(interim, 2))
    assert "reason" in manager_client.get(url).context["form"].fields
    before = snapshot()
    response = manager_client.post(url, form_data(year="2012", reason=reason))
    assert response.context["form"].errors == {"reason": [message]}
    assert snapshot() == before


def test_interim_funding_is_released_with_its_reason(manager_client, interim):
    url = release_url(instalment(interim, 2))
    manager_client.post(url, form_data(year="2012", reason="The hall hire is due"))
    released = instalment(interim, 2)
    assert (released.status, released.release_reason) == (
        InstalmentStatus.RELEASED,
        "The hall hire is due",
    )


# The award page and the ledger


def test_the_award_page_shows_each_instalment_its_release_and_the_release_link(
    manager_client, award, manager
):
    instalment_release(
        user=manager,
        instalment=instalment(award, 1),
        released_on=datetime.date(2011, 10, 3),
        reference="FIN-1",
    )
    return_in(ReturnStatus.ACCEPTED, award=award, quarter=1)
    from grants.workflows.instalment import INSTALMENT, MAKE_READY

    INSTALMENT.move(instalment(award, 2), MAKE_READY, user=None)
    html = manager_client.get(award.get_absolute_url()).content.decode()
    assert "3 October 2011" in html
    assert f"Payment reference FIN-1, by {manager.display_name}" in html
    assert "Ready for release" in html
    assert "Scheduled" in html
    assert release_url(instalment(award, 2)) in html
    assert release_url(instalment(award, 1)) not in html


@pytest.mark.parametrize("role", [Role.LINK_OFFICER, Role.COMMITTEE_MEMBER, Role.SECRETARY])
def test_only_the_manager_gets_release_links_on_the_award_page(client, award, role):
    user = UserFactory(role=role, cpeg=award.cpeg if role == Role.SECRETARY else None)
    client.force_login(user)
    html = client.get(award.get_absolute_url()).content.decode()
    assert "Ready for release" in html
    assert release_url(instalment(award, 1)) not in html


@pytest.mark.parametrize("role", [Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER])
def test_the_round_ledger_shows_released_and_still_to_release(client, award, manager, role):
    instalment_release(
        user=manager,
        instalment=instalment(award, 1),
        released_on=datetime.date(2011, 10, 3),
        reference="FIN-1",
    )
    client.force_login(manager if role == Role.FUNDING_MANAGER else UserFactory(role=role))
    page = client.get(reverse("grants:round", kwargs={"year": 2011}))
    html = page.content.decode()
    assert 'Instalments released</dt><dd class="govuk-summary-list__value">£7,500.00' in html
    assert (
        'Instalments still to release</dt><dd class="govuk-summary-list__value">£22,500.00' in html
    )
    if role == Role.COMMITTEE_MEMBER:
        assert reverse("slas:instalments") not in html
        assert "/release/" not in html
