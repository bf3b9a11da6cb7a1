"""Two funding managers release the same instalment at the same moment: one release, one
refusal that says so, one audit row and one e-mail.

PostgreSQL only (SQLite serialises every writer, so it proves nothing): two threads, each
with its own database connection, start together (``tests.concurrency.two_at_once``).

Why the test would fail without the lock: each thread, after checking whether anything
stands in the way (``release_refusal``: already released, or the gate), waits (up to
``tests.concurrency.WINDOW`` seconds) for the other to have checked too before it writes and
commits. Without ``select_for_update`` on the instalment both threads read "ready" side by
side, meet, and both release: two audit rows, two e-mails, the second reference over the
first. With the lock the second thread cannot even read the instalment until the first
commits; it then reads "released" and is refused. (Checked by replacing ``INSTALMENT.lock``
in ``slas.services.instalments.instalment_release`` with a plain read: this test then fails
with two releases.)
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from grants.models import Instalment, InstalmentStatus
from slas.services import instalments as instalment_services
from tests.concurrency import two_at_once
from tests.factories import UserFactory, audit_mark, audited_since
from tests.services import require_postgres
from tests.slas.factories import funded_award, secretary_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAID = datetime.date(2011, 10, 3)


def test_two_managers_releasing_one_instalment_at_once_release_it_once(barnet):
    require_postgres()
    award = funded_award(borough=barnet)
    secretary_of(barnet)  # the group's one address: one release, one e-mail
    instalment = Instalment.objects.get(award=award, quarter=1)
    managers = [
        UserFactory(username=f"manager-{n}", role=Role.FUNDING_MANAGER, first_name=name)
        for n, name in ((1, "Ada"), (2, "Bo"))
    ]
    mark = audit_mark()
    mail.outbox.clear()

    def release(index: int) -> str:
        instalment_services.instalment_release(
            user=managers[index],
            instalment=instalment,
            released_on=PAID,
            reference=f"FIN-{index + 1}",
        )
        return "released"

    outcomes = two_at_once(release, hold_open_after=(instalment_services, "release_refusal"))

    released = [index for index, outcome in outcomes.items() if outcome == "released"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    assert len(released) == 1, outcomes
    assert len(refused) == 1, outcomes
    winner = released[0]
    assert refused[0].messages == [
        f"Quarter 1's instalment was already released on 3 October 2011 by "
        f"{managers[winner].display_name} (payment reference FIN-{winner + 1})"
    ]
    instalment.refresh_from_db()
    assert instalment.status == InstalmentStatus.RELEASED
    assert (instalment.released_by, instalment.release_reference) == (
        managers[winner],
        f"FIN-{winner + 1}",
    )
    events = audited_since(mark)
    assert [(e.action, e.actor_id) for e in events] == [("released", managers[winner].pk)]
    assert [m.subject for m in mail.outbox] == [
        f"{award.cpeg}: quarter 1 instalment of £7,500.00 released"
    ]
