import os

import pytest
from django.core.management import call_command
from django.db import connections

from accounts.models import Role, User
from boroughs.models import Borough
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# `make test` runs the suite on pytest-xdist workers with --dist loadfile: each file runs
# whole on one worker (its module fixtures are made once; each worker has its own test
# database, test_<name>_gw0, …), and the workers take files in the order below.
#
# The files listed here are dealt out test by test instead: each of their tests loads the
# whole demo (seconds on SQLite, half a minute on PostgreSQL) and they share no module
# fixture, so on one worker they would be the run's longest wait.
SPLIT_BY_TEST = frozenset({"tests/demo/test_seed_demo.py"})
# The files of long tests (a browser journey, a demo load, a subprocess) go out first, so
# that the workers finish together on short ones rather than one waiting on the other.
SLOW_FIRST = (
    "tests/browser/",
    "tests/demo/",
    "tests/portal/test_readme_commands.py",
    "tests/portal/test_celery.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SlowFilesFirst(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path in SPLIT_BY_TEST else path

    config.option.loadscopereorder = False  # files in the order the workers collect them
    return SlowFilesFirst(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, put SLOW_FIRST's tests first, each group in pytest-django's order."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))


def _transactional(item: pytest.Item) -> bool:
    """Whether the test runs in a TransactionTestCase, which empties the database after it
    (pytest-django's rule for ordering tests)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _uses_db(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in getattr(item, "fixturenames", ())


# The migrations' data (boroughs, census categories, content types) that a transactional
# test's flush has deleted, kept to be put back; empty while the database still holds it.
_flushed: dict[str, str] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Note when a transactional test has emptied the database.

    In one process pytest-django runs every transactional test after all the others, as
    Django does, so no test sees the database they leave empty. A pytest-xdist worker runs
    whole files in turn, and a file of ordinary tests can follow a transactional one.
    """
    result = yield
    if _transactional(item):
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents is not None:
                _flushed[alias] = contents
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before an ordinary database test, put back what a transactional test deleted, as
    serialized_rollback does (committed, outside the test's own transaction)."""
    if not _flushed or _transactional(item) or not _uses_db(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for alias, contents in _flushed.items():
            # Empty first: a flush without serialized_rollback re-creates content types.
            # Sequences run on, as after TransactionTestCase's own flush: the rows put back
            # keep their ids, and a reset sequence would hand those ids out again.
            call_command(
                "flush", database=alias, interactive=False, verbosity=0,
                inhibit_post_migrate=True, reset_sequences=False,
            )  # fmt: skip
            connections[alias].creation.deserialize_db_from_string(contents)
    _flushed.clear()


@pytest.fixture
def barnet() -> Borough:
    return Borough.objects.select_related("cpeg").get(slug="barnet")


@pytest.fixture
def camden() -> Borough:
    return Borough.objects.select_related("cpeg").get(slug="camden")


@pytest.fixture
def user_in_role(barnet):
    """Make a user in any role; borough roles belong to Barnet unless told otherwise."""

    def make(role: Role, borough: Borough | None = None, **fields) -> User:
        if role in (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER):
            fields["cpeg"] = (borough or barnet).cpeg
        return UserFactory(role=role, **fields)

    return make
