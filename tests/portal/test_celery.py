"""Celery: tasks unit-tested in eager mode, and round trips through a real worker process.

The real-worker tests start `celery worker` as a separate process, as `make run` and a
deployment do: once through Redis (the production broker; CI provides it) and once through
kombu's filesystem transport (the demo's broker, which needs no server).
"""

import os
import subprocess
import sys
import textwrap
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from accounts.services import email_send
from accounts.tasks import ping, send_email
from cpeg_portal.celery import app as celery_app
from tests.services import require_redis

WORKER_START_TIMEOUT = 60


def test_send_email_sends_one_message_in_eager_mode():
    assert send_email.delay(to=["a@example.org"], subject="Hello", body="Body").get() == 1
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["a@example.org"], "Hello", "Body")
    ]


@pytest.mark.django_db
def test_email_send_queues_nothing_until_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_send(to=["a@example.org"], subject="Queued", body="Body")
    assert mail.outbox == []
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["Queued"]


def _environment(**overrides: str | None) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpeg_portal.test_settings"}
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@contextmanager
def real_worker(queue: str, env: dict[str, str], log: Path):
    """A `celery worker` process consuming one queue, stopped when the block ends."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "cpeg_portal", "worker",
                "--pool=solo", "--loglevel=INFO", "--queues", queue,
                "--hostname", f"{queue}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def not_eager():
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.mark.real_worker
def test_a_task_round_trips_through_redis_and_a_real_worker(tmp_path, not_eager):
    redis_url = require_redis()
    assert celery_app.conf.broker_url.startswith("redis://"), (
        "REDIS_URL is set: Redis is the broker"
    )
    queue = f"test-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "outbox"
    env = _environment(REDIS_URL=redis_url, EMAIL_URL=f"filemail:///{outbox}")
    with real_worker(queue, env, tmp_path / "worker.log") as worker:
        result = ping.apply_async(queue=queue)
        try:
            assert result.get(timeout=WORKER_START_TIMEOUT) == "pong"
            sent = send_email.apply_async(
                kwargs={"to": ["w@example.org"], "subject": "From the worker", "body": "Hi"},
                queue=queue,
            )
            assert sent.get(timeout=WORKER_START_TIMEOUT) == 1
        finally:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    written = "".join(path.read_text() for path in outbox.iterdir())
    assert "Subject: From the worker" in written
    assert "To: w@example.org" in written
    assert result.worker == f"{queue}@{os.uname().nodename}"


CLIENT = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from accounts.tasks import ping
    from cpeg_portal.celery import app
    assert app.conf.broker_url == "filesystem://", app.conf.broker_url
    app.conf.task_always_eager = False  # the test settings run tasks in-process
    result = ping.apply_async(queue=sys.argv[1])
    print(result.get(timeout=60, interval=0.05), result.worker)
    """
)


@pytest.mark.real_worker
def test_a_task_round_trips_through_the_filesystem_broker_with_no_server(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = _environment(REDIS_URL=None, CELERY_FILESYSTEM_DIR=str(tmp_path / "broker"))
    with real_worker(queue, env, tmp_path / "worker.log"):
        client = subprocess.run(
            [sys.executable, "-c", CLIENT, queue],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert client.returncode == 0, client.stderr + (tmp_path / "worker.log").read_text()
    assert client.stdout.split() == ["pong", f"{queue}@{os.uname().nodename}"]
