"""What a test needs of the machine: PostgreSQL, Redis, Chromium.

On a laptop a missing service skips the tests that need it. Under CI=true it fails them:
a skipped test in CI is a failed test.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def missing(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        missing("this test needs PostgreSQL: set DATABASE_URL=postgres://…")


def require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing("this test needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError as error:
        missing(f"Redis at {url} does not answer: {error}")
    return url


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing(f"this test needs Chromium at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM
