"""Releasing instalments (``slas.services.instalments``): the gate holds whoever asks and
however often; quarter 1's is ready with the award; an accepted return lets the next one go;
interim funding needs a reason; the round's ledger adds released and still to release to
the penny."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from grants.models import Award, Instalment, InstalmentStatus
from grants.selectors.ledger import round_ledger
from grants.services.decisions import interim_award_create
from grants.workflows.instalment import INSTALMENT, MAKE_READY
from slas.models import QuarterlyReturn, ReturnStatus
from slas.selectors.instalments import instalment_totals
from slas.services.instalments import instalment_release
from tests.factories import UserFactory, audit_mark, audited_since
from tests.grants.factories import make_round, staff
from tests.slas.factories import funded_award, return_in, secretary_of

pytestmark = pytest.mark.django_db

PAID = datetime.date(2011, 10, 3)


@pytest.fixture
def award(barnet) -> Award:
    return funded_award(borough=barnet)


@pytest.fixture
def manager():
    return staff(Role.FUNDING_MANAGER)


def instalment(award: Award, quarter: int) -> Instalment:
    return Instalment.objects.get(award=award, quarter=quarter)


def release(user, item: Instalment, **fields) -> Instalment:
    return instalment_release(
        user=user,
        instalment=item,
        released_on=fields.get("released_on", PAID),
        reference=fields.get("reference", "FIN-2011-0042"),
        reason=fields.get("reason", ""),
    )


def snapshot(award: Award):
    return list(
        Instalment.objects.filter(award=award)
        .order_by("quarter")
        .values_list(
            "quarter", "status", "released_on", "release_reference", "released_by", "amount"
        )
    )


def ready_after_accepting(award: Award, quarter: int) -> Instalment:
    """Quarter ``quarter``'s return accepted, and the next instalment made ready as the
    review's accept service does."""
    return_in(ReturnStatus.ACCEPTED, award=award, quarter=quarter)
    return INSTALMENT.move(instalment(award, quarter + 1), MAKE_READY, user=None)


def handed_back(quarterly_return, on: datetime.datetime) -> None:
    """When the return was submitted and sent back, as the return's services record (the
    factory moves its status only)."""
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(
        submitted_at=on if quarterly_return.status != ReturnStatus.NOT_STARTED else None,
        returned_at=on if quarterly_return.status == ReturnStatus.RETURNED else None,
    )


# Quarter 1, and the gate


def test_quarter_1_is_ready_when_the_award_is_made_and_the_rest_are_scheduled(award):
    assert [i.status for i in award.instalments.order_by("quarter")] == [
        InstalmentStatus.READY,
        InstalmentStatus.SCHEDULED,
        InstalmentStatus.SCHEDULED,
        InstalmentStatus.SCHEDULED,
    ]


def test_the_manager_releases_quarter_1_with_its_date_reference_and_who(award, manager):
    released = release(manager, instalment(award, 1))
    released.refresh_from_db()
    assert released.status == InstalmentStatus.RELEASED
    assert (released.released_on, released.release_reference, released.released_by) == (
        PAID,
        "FIN-2011-0042",
        manager,
    )


def test_a_release_is_audited_and_tells_the_group(
    award, manager, django_capture_on_commit_callbacks
):
    secretary_of(award.cpeg.borough)
    mark = audit_mark()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release(manager, instalment(award, 1))
    events = list(audited_since(mark))
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("released", "ready", "released")
    ]
    assert events[0].reason == "£7,500.00, payment reference FIN-2011-0042"
    assert [m.subject for m in mail.outbox] == [
        f"{award.cpeg}: quarter 1 instalment of £7,500.00 released"
    ]


GATE = (
    "Quarter 2's instalment is released once the quarter 1 return is accepted; "
    "it has not been started"
)


@pytest.mark.parametrize(
    "role",
    [
        Role.FUNDING_MANAGER,
        Role.LINK_OFFICER,
        Role.SECRETARY,
        Role.CHAIR,
        Role.COMMITTEE_MEMBER,
        None,
    ],
)
def test_the_gate_refuses_whoever_tries_however_often(
    award, role, django_capture_on_commit_callbacks
):
    user = None
    if role in (Role.SECRETARY, Role.CHAIR):
        user = UserFactory(role=role, cpeg=award.cpeg)
    elif role is not None:
        user = UserFactory(role=role)
    before = snapshot(award)
    mark = audit_mark()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        for _ in range(3):
            with pytest.raises(ValidationError) as refused:
                release(user, instalment(award, 2))
            assert refused.value.messages == [GATE]
    assert queued == []
    assert snapshot(award) == before
    assert not audited_since(mark).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (ReturnStatus.NOT_STARTED, "it has not been started"),
        (ReturnStatus.DRAFT, "it is still a draft"),
        (ReturnStatus.SUBMITTED, "it was submitted on 4 November and waits for review"),
        (ReturnStatus.RETURNED, "it was returned with questions on 4 November"),
    ],
)
def test_the_gate_says_where_the_return_before_stands(award, manager, state, why):
    on = datetime.datetime(2011, 11, 4, 10, tzinfo=datetime.UTC)
    handed_back(return_in(state, award=award, quarter=2), on)
    # Whatever the state of the instalment itself: the gate speaks first.
    for status in (InstalmentStatus.SCHEDULED, InstalmentStatus.READY):
        Instalment.objects.filter(award=award, quarter=3).update(status=status)
        with pytest.raises(ValidationError) as refused:
            release(manager, instalment(award, 3))
        assert refused.value.messages == [
            f"Quarter 3's instalment is released once the quarter 2 return is accepted; {why}"
        ]


def test_the_gate_says_the_day_a_return_was_sent_back(award, manager):
    on = datetime.datetime(2011, 11, 5, 10, tzinfo=datetime.UTC)
    handed_back(return_in(ReturnStatus.RETURNED, award=award, quarter=2), on)
    with pytest.raises(ValidationError) as refused:
        release(manager, instalment(award, 3), released_on=datetime.date(2011, 11, 5))
    assert refused.value.messages == [
        "Quarter 3's instalment is released once the quarter 2 return is accepted; it was "
        "returned with questions on 5 November"
    ]


def test_an_accepted_return_lets_the_next_instalment_go(award, manager):
    release(manager, instalment(award, 1))
    for quarter in (1, 2, 3):
        ready = ready_after_accepting(award, quarter)
        assert ready.status == InstalmentStatus.READY
        release(manager, ready, reference=f"FIN-Q{quarter + 1}")
    assert set(award.instalments.values_list("status", flat=True)) == {InstalmentStatus.RELEASED}


def test_accepted_but_not_yet_made_ready_is_refused_by_its_state(award, manager):
    return_in(ReturnStatus.ACCEPTED, award=award, quarter=1)
    with pytest.raises(ValidationError) as refused:
        release(manager, instalment(award, 2))
    assert refused.value.messages == ["Quarter 2's instalment is scheduled: it cannot be released."]


def test_only_the_funding_manager_releases_a_ready_instalment(award):
    before = snapshot(award)
    for role in (Role.LINK_OFFICER, Role.COMMITTEE_MEMBER):
        with pytest.raises(ValidationError) as refused:
            release(UserFactory(role=role), instalment(award, 1))
        assert refused.value.messages == ["Only the funding manager can release an instalment."]
    with pytest.raises(ValidationError):
        release(UserFactory(role=Role.SECRETARY, cpeg=award.cpeg), instalment(award, 1))
    with pytest.raises(ValidationError):
        release(None, instalment(award, 1))
    assert snapshot(award) == before


def test_released_twice_says_when_and_by_whom(award, manager):
    manager.first_name, manager.last_name = "Pat", "Okoro"
    manager.save()
    release(manager, instalment(award, 1))
    mark = audit_mark()
    mail.outbox.clear()
    with pytest.raises(ValidationError) as refused:
        release(manager, instalment(award, 1), reference="FIN-AGAIN")
    assert refused.value.messages == [
        "Quarter 1's instalment was already released on 3 October 2011 by Pat Okoro "
        "(payment reference FIN-2011-0042)"
    ]
    assert instalment(award, 1).release_reference == "FIN-2011-0042"
    assert not audited_since(mark).exists()
    assert mail.outbox == []


# Input


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"released_on": None}, {"released_on": ["Enter the date the instalment was released"]}),
        (
            {"released_on": datetime.date(2011, 7, 19)},
            {
                "released_on": [
                    "The date the instalment was released must be on or after the date of "
                    "the award, 20 July 2011"
                ]
            },
        ),
        (
            {"released_on": "tomorrow"},
            {"released_on": ["The date the instalment was released must be today or in the past"]},
        ),
        (
            {"reference": "  "},
            {"reference": ["Enter the payment reference from the finance system"]},
        ),
        (
            {"reference": "X" * 41},
            {"reference": ["The payment reference must be 40 characters or fewer"]},
        ),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(award, manager, fields, errors):
    if fields.get("released_on") == "tomorrow":
        fields["released_on"] = timezone.localdate() + datetime.timedelta(days=1)
    before = snapshot(award)
    mark = audit_mark()
    with pytest.raises(ValidationError) as refused:
        release(manager, instalment(award, 1), **fields)
    assert refused.value.message_dict == errors
    assert snapshot(award) == before
    assert not audited_since(mark).exists()


# Interim funding


@pytest.fixture
def interim(manager, barnet) -> Award:
    funding_round = make_round(year_start=2012)
    return interim_award_create(
        user=manager,
        funding_round=funding_round,
        cpeg=barnet.cpeg,
        amount=Decimal("1000.01"),
        reason="No agreed work plan yet",
        awarded_on=datetime.date(2012, 5, 1),
    )


def test_interim_instalments_are_all_ready_and_need_a_reason(interim, manager):
    assert set(interim.instalments.values_list("status", flat=True)) == {InstalmentStatus.READY}
    with pytest.raises(ValidationError) as refused:
        release(manager, instalment(interim, 3), released_on=datetime.date(2012, 9, 1))
    assert refused.value.message_dict == {
        "reason": ["Enter why this instalment of interim funding is released"]
    }
    mark = audit_mark()
    released = release(
        manager,
        instalment(interim, 3),
        released_on=datetime.date(2012, 9, 1),
        reason="The group's work plan is agreed in principle",
    )
    assert released.release_reason == "The group's work plan is agreed in principle"
    assert audited_since(mark).get().reason == (
        "£250.00, payment reference FIN-2011-0042: The group's work plan is agreed in principle"
    )


def test_an_interim_reason_may_not_run_on(interim, manager):
    with pytest.raises(ValidationError) as refused:
        release(
            manager,
            instalment(interim, 1),
            released_on=datetime.date(2012, 9, 1),
            reason="x" * 5001,
        )
    assert refused.value.message_dict == {
        "reason": ["The reason for releasing the instalment must be 5,000 characters or fewer"]
    }


# The ledger


def test_the_ledger_adds_released_and_still_to_release_to_the_penny(interim, manager):
    funding_round = interim.funding_round
    # £1,000.01 in four: £250.01, then three of £250.00.
    assert instalment_totals(funding_round=funding_round).to_release == Decimal("1000.01")
    release(
        manager,
        instalment(interim, 1),
        released_on=datetime.date(2012, 6, 1),
        reason="Set-up costs",
    )
    release(manager, instalment(interim, 4), released_on=datetime.date(2012, 6, 1), reason="Early")
    totals = instalment_totals(funding_round=funding_round)
    assert (totals.released, totals.to_release) == (Decimal("500.01"), Decimal("500.00"))
    ledger = round_ledger(funding_round=funding_round)
    assert (ledger.released, ledger.to_release) == (Decimal("500.01"), Decimal("500.00"))
    assert ledger.released + ledger.to_release == ledger.approved == Decimal("1000.01")


def test_the_ledger_counts_only_its_own_round(interim, award, manager):
    release(manager, instalment(award, 1))
    assert instalment_totals(funding_round=award.funding_round).released == Decimal("7500.00")
    assert instalment_totals(funding_round=interim.funding_round).released == Decimal("0.00")
