"""Two funding managers fund at the same moment: the round's ceiling still holds.

PostgreSQL only (SQLite serialises every writer, so it proves nothing): two threads, each
with its own database connection, start together (``tests.concurrency.two_at_once``) and
each funds a different application. The round has room for one award, not two.

Why the test would fail without the lock: each thread, after summing what is already
awarded, waits (up to ``tests.concurrency.WINDOW`` seconds) for the other to have summed too
before it writes and commits. Without ``select_for_update`` on the round both threads sum £0
side by side, meet, and both award £30,000 against a £50,000 ceiling. With the lock the
second thread cannot even start summing until the first commits: the first waits out the
window alone, commits, and the second then sums £30,000 and is refused. (Checked by removing
the lock in ``grants.services.decisions.awards.lock_round``: this test then fails with two awards.)
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.models import ApplicationStatus, Award, CommitteeMeeting
from grants.services import decisions as decision_services
from grants.services.decisions import awards as award_services
from tests.concurrency import two_at_once
from tests.grants.decisions_helpers import MEETING_DAY, manager, recommended
from tests.grants.factories import make_round
from tests.services import require_postgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_managers_funding_at_once_never_take_the_round_over_its_ceiling():
    require_postgres()
    funding_round = make_round(total="100000.00", ceiling="50000.00")
    applications = [
        recommended(funding_round, "barnet", "30000.00"),
        recommended(funding_round, "camden", "30000.00"),
    ]
    managers = [manager("manager-one"), manager("manager-two")]

    def fund(index: int) -> str:
        decision_services.meeting_record_decisions(
            user=managers[index],
            funding_round=funding_round,
            name=f"Sub-committee, as recorded by manager {index + 1}",
            held_on=MEETING_DAY,
            decisions=[(applications[index], "fund", Decimal("30000.00"), "")],
        )
        return "funded"

    outcomes = two_at_once(fund, hold_open_after=(award_services, "approved_total"))

    funded = [index for index, outcome in outcomes.items() if outcome == "funded"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    assert len(funded) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].messages == [
        "These awards would take the round £10,000.00 over its ceiling of £50,000.00"
    ]
    total = sum(award.amount for award in Award.objects.filter(funding_round=funding_round))
    assert total == Decimal("30000.00")
    assert total <= funding_round.allocable_ceiling
    assert CommitteeMeeting.objects.count() == 1  # the refused batch left nothing behind
    loser = applications[1 - funded[0]]
    loser.refresh_from_db()
    assert loser.status == ApplicationStatus.RECOMMENDED
