"""The e-mails of quarterly returns that are not reminders (submitted, resubmitted, returned
with questions, accepted, instalment released) say what happened, to whom, with the
reference and the link; and the daily run reads the returns it may remind in a fixed number
of queries, however many boroughs there are."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from boroughs.models import Borough
from grants.models import FundingRound, InstalmentStatus
from grants.models.money import money
from slas import emails, reminders
from slas.models import ReturnStatus
from tests.slas.factories import funded_award, officer_for, return_for, secretary_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def q2(barnet, user_in_role):
    award = funded_award(borough=barnet)
    secretary_of(barnet)
    user_in_role(Role.CHAIR, username="barnet-chair")
    return return_for(award, 2)


def only_message(django_capture_on_commit_callbacks, send):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    (message,) = mail.outbox
    return message


def test_submitted_goes_to_the_link_officer(q2, barnet, django_capture_on_commit_callbacks):
    message = only_message(django_capture_on_commit_callbacks, lambda: emails.submitted(q2, None))
    assert message.to == [officer_for(barnet).email]
    assert message.subject == f"{q2.cpeg}: quarter 2 return for 2011/12 submitted"
    assert "(CPEG-2011-BARNET-Q2)" in message.body
    assert message.body.endswith(q2.get_absolute_url())


def test_a_resubmission_says_the_questions_were_answered(q2, django_capture_on_commit_callbacks):
    q2.returned_at = timezone.now()
    message = only_message(django_capture_on_commit_callbacks, lambda: emails.submitted(q2, None))
    assert message.subject.endswith("resubmitted")
    assert "answered your questions and resubmitted" in message.body


def test_returned_tells_secretary_and_chair_when_answers_are_due(
    q2, django_capture_on_commit_callbacks
):
    q2.answer_due_on = datetime.date(2011, 11, 25)
    message = only_message(django_capture_on_commit_callbacks, lambda: emails.returned(q2, None))
    assert sorted(message.to) == ["barnet-chair@example.org", secretary_of(q2.cpeg.borough).email]
    assert "submit it again by 25 November 2011." in message.body


def test_instalment_released_states_the_amount(q2, django_capture_on_commit_callbacks):
    instalment = q2.award.instalments.get(quarter=1)
    instalment.status = InstalmentStatus.RELEASED
    instalment.released_on = datetime.date(2011, 7, 4)
    instalment.release_reference = "PAY-0042"
    amount = money(instalment.amount)
    message = only_message(
        django_capture_on_commit_callbacks, lambda: emails.instalment_released(instalment, None)
    )
    assert message.subject == f"{q2.cpeg}: quarter 1 instalment of {amount} released"
    assert (
        f"award {q2.award.reference}, {amount}, was released on 4 July 2011 (payment "
        "reference PAY-0042)." in message.body
    )


def test_the_run_reads_the_returns_in_the_same_queries_for_one_borough_or_three(
    barnet, camden, django_assert_num_queries
):
    funded_award(borough=barnet)
    day = datetime.date(2011, 11, 4)  # quarter 2 overdue, quarter 1 long overdue
    # The returns with how often each was returned (a subquery), and their reminders (one
    # prefetch); the content type is cached after the first call.
    reminders.reminders_due(today=day)
    with django_assert_num_queries(2):
        one = reminders.reminders_due(today=day)
    funding_round = FundingRound.objects.get()
    for borough in (camden, Borough.objects.get(slug="croydon")):
        funded_award(borough=borough, funding_round=funding_round)
    with django_assert_num_queries(2):
        three = reminders.reminders_due(today=day)
    assert len(three) == 3 * len(one)
    assert {due.quarterly_return.status for due in three} == {ReturnStatus.NOT_STARTED}
