"""Two drawdowns from the access-needs fund at the same moment never spend more than it holds.

PostgreSQL only (SQLite serialises every writer, so it proves nothing): two threads, each
with its own connection, start together (``tests.concurrency.two_at_once``) and each draws
£1,500 from a £2,000 fund.

Why the test would fail without the lock: each thread, after reading what is available,
waits (up to ``tests.concurrency.WINDOW`` seconds) for the other to have read too before it
writes and commits. Without ``select_for_update`` on the round both read £2,000 side by side
and both draw. With the lock the second cannot read until the first commits, then reads £500
and is refused. (Checked by replacing ``locked`` in grants.services.rounds.access_fund with a
plain read: the test then fails with two drawdowns.)
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from boroughs.models import Borough
from grants.models import AccessFundDrawdown
from grants.services.rounds import access_fund as round_services
from tests.concurrency import two_at_once
from tests.factories import UserFactory
from tests.grants.factories import make_round
from tests.services import require_postgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_drawdowns_at_once_never_spend_more_than_the_fund_holds():
    require_postgres()
    funding_round = make_round(access_fund="2000.00")
    groups = [Borough.objects.get(slug=slug).cpeg for slug in ("barnet", "camden")]
    managers = [UserFactory(username=f"manager-{n}", role=Role.FUNDING_MANAGER) for n in (1, 2)]

    def draw(index: int) -> str:
        round_services.access_fund_draw(
            user=managers[index],
            funding_round=funding_round,
            cpeg=groups[index],
            amount=Decimal("1500.00"),
            reason="Interpreters for the year",
        )
        return "drawn"

    outcomes = two_at_once(draw, hold_open_after=(round_services, "access_fund_available"))

    drawn = [index for index, outcome in outcomes.items() if outcome == "drawn"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    assert len(drawn) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].message_dict == {
        "amount": ["Enter an amount no more than the £500.00 available in the access-needs fund"]
    }
    assert AccessFundDrawdown.objects.count() == 1
