"""Settings for the test suite: the demo profile, plus what makes tests fast and isolated.

DATABASE_URL and REDIS_URL still come from the environment, so the same suite runs on
SQLite on a laptop and on PostgreSQL and Redis in CI.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PORTAL_PROFILE", "demo")
os.environ.setdefault("SECRET_KEY", "test-suite-key-not-secret")

from .settings import *  # noqa: F403

# Hashing passwords slowly is a production concern; here it only slows the suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Unit tests run tasks in-process; the real-worker tests turn this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cpeg-portal-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cpeg-portal-test-static-"))
# Tests find static files where they are (pytest-django's live server serves them), so
# they need no collectstatic run and no manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
