"""The beat task through a real Celery worker: the reminders of a pinned day are sent once,
however often the task runs.

The worker is a separate process (as in `make run` and a deployment), so the test's clock
cannot be pinned there: the day goes to the task as its ISO date argument. The worker reads
the rows this test commits, so it needs a database two processes share: PostgreSQL (the
test database, which the worker is pointed at) and Redis as the broker. On a laptop without
them the test is skipped; under CI=true it fails (``tests.services``). The worker writes its
e-mails to files (Django's file backend), which the test reads back."""

import datetime
import os
import uuid
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import connection

from slas.models import Reminder, ReminderStep, ReturnStatus
from slas.tasks import returns_remind

# The real-worker helpers of the Celery tests, and their fixture that turns eager mode off.
from tests.portal.test_celery import (  # noqa: F401
    WORKER_START_TIMEOUT,
    _environment,
    not_eager,
    real_worker,
)
from tests.services import require_postgres, require_redis
from tests.slas.factories import funded_award, return_in

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("not_eager"),
]


def _test_database_url() -> str:
    """DATABASE_URL with the test database's name: the one this test's rows are in."""
    url = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(url._replace(path=f"/{connection.settings_dict['NAME']}"))


def _messages(outbox) -> list[str]:
    """Every e-mail the file backend wrote (one file per connection, messages separated by
    a line of dashes)."""
    if not outbox.exists():
        return []
    texts = []
    for path in sorted(outbox.iterdir()):
        texts += [text for text in path.read_text().split("-" * 79) if "Subject:" in text]
    return texts


def test_the_beat_task_sends_a_pinned_days_reminders_once_through_a_real_worker(tmp_path, barnet):
    redis_url = require_redis()
    require_postgres()
    award = funded_award(borough=barnet)
    for quarter in (1, 3, 4):
        return_in(ReturnStatus.ACCEPTED, award=award, quarter=quarter)
    q2 = return_in(ReturnStatus.DRAFT, award=award, quarter=2)
    day = q2.due_on + datetime.timedelta(days=7)  # 7 days overdue: secretary and chair

    queue = f"test-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "outbox"
    env = _environment(
        REDIS_URL=redis_url,
        DATABASE_URL=_test_database_url(),
        EMAIL_URL=f"filemail:///{outbox}",
    )
    log = tmp_path / "worker.log"
    with real_worker(queue, env, log) as worker:
        try:
            runs = [
                returns_remind.apply_async(kwargs={"day": day.isoformat()}, queue=queue).get(
                    timeout=WORKER_START_TIMEOUT
                )
                for _ in range(2)
            ]
        finally:
            assert worker.poll() is None, log.read_text()

    assert runs == [1, 0], log.read_text()
    reminder = Reminder.objects.get(quarterly_return=q2)
    assert (reminder.step, reminder.cycle, reminder.sent_on) == (ReminderStep.OVERDUE_7, 0, day)
    messages = _messages(outbox)
    assert len(messages) == 1, messages
    assert f"Subject: Quarter 2 return 7 days overdue ({q2.reference})" in messages[0]
    for address in reminder.recipients.splitlines():
        assert address in messages[0]
