"""The periodic task: outlines still awaiting signatures after the outline deadline become
disputed. Only outlines that exist are touched: a borough that wrote none has nothing to
dispute (the round's list shows it as "Not started")."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from grants.models import FundingRound, Outline, OutlineStatus, RoundStatus
from grants.services.outlines import DEADLINE_REASON
from grants.tasks import outlines_dispute_overdue
from tests.grants.factories import make_round
from tests.grants.outlines_support import borough_people, sign, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_round():
    """Outlines were due on 13 May 2011: long past."""
    return make_round(status=RoundStatus.OUTLINES_OPEN)


@pytest.fixture
def future_round():
    today = timezone.localdate()
    return make_round(
        year_start=today.year + 1,
        status=RoundStatus.OUTLINES_OPEN,
        outline_deadline=datetime.date(today.year + 1, 5, 13),
    )


def test_the_task_is_scheduled_under_its_name():
    assert settings.CELERY_BEAT_SCHEDULE["dispute-overdue-outlines"]["task"] == (
        outlines_dispute_overdue.name
    )
    assert outlines_dispute_overdue.name == "grants.outlines_dispute_overdue"


def test_an_overdue_draft_is_disputed_by_the_portal_with_the_reason(past_round, barnet):
    outline = start(past_round, borough_people(barnet), barnet)
    assert outlines_dispute_overdue() == 1
    assert Outline.objects.get().status == OutlineStatus.DISPUTED
    event = AuditEvent.objects.get(object_id=outline.pk, action="outline deadline passed")
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        None,
        OutlineStatus.DRAFT,
        OutlineStatus.DISPUTED,
        DEADLINE_REASON,
    )


def test_only_overdue_drafts_are_disputed(past_round, future_round, barnet, camden):
    barnet_people, camden_people = borough_people(barnet), borough_people(camden)
    agreed = sign(start(past_round, barnet_people, barnet), *barnet_people.signatories)
    not_yet_due = start(future_round, camden_people, camden)
    assert outlines_dispute_overdue() == 0
    assert Outline.objects.get(pk=agreed.pk).status == OutlineStatus.CONSENSUS
    assert Outline.objects.get(pk=not_yet_due.pk).status == OutlineStatus.DRAFT


def test_an_outline_is_not_overdue_on_its_deadline_day(future_round, barnet):
    FundingRound.objects.filter(pk=future_round.pk).update(outline_deadline=timezone.localdate())
    start(future_round, borough_people(barnet), barnet)
    assert outlines_dispute_overdue() == 0


def test_a_borough_with_no_outline_is_left_alone(past_round):
    assert outlines_dispute_overdue() == 0
    assert not Outline.objects.exists()


def test_running_again_disputes_nothing_more(past_round, barnet):
    start(past_round, borough_people(barnet), barnet)
    assert outlines_dispute_overdue() == 1
    assert outlines_dispute_overdue() == 0
    assert AuditEvent.objects.filter(action="outline deadline passed").count() == 1


def test_the_link_officer_and_signatories_are_told(
    past_round, barnet, django_capture_on_commit_callbacks
):
    people = borough_people(barnet)
    start(past_round, people, barnet)
    with django_capture_on_commit_callbacks(execute=True):
        outlines_dispute_overdue()
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [people.officer.email, *(u.email for u in people.signatories)]
    )
    assert DEADLINE_REASON in message.body


def test_the_task_runs_through_celery(past_round, barnet):
    start(past_round, borough_people(barnet), barnet)
    assert outlines_dispute_overdue.delay().get() == 1
