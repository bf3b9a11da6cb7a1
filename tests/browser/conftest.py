"""Playwright (sync API) with Debian's Chromium, for tests that drive the real portal.

One browser for the whole session; a fresh context (cookies, storage) for every test.
Every test in this folder is marked ``browser``. Without Chromium the tests are skipped on
a laptop and fail under CI=true (see tests.services.require_chromium).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from tests.services import require_chromium

HERE = Path(__file__).parent

# Flags that let Debian's Chromium run headless in a container with no network to call.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Long enough for a slow CI machine, short enough that a broken page fails promptly.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _serialized_contents() -> dict[str, str]:
    """The database contents Django saved at set-up for ``serialized_rollback``."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _keep_serialized_contents(contents: dict[str, str]) -> None:
    """Give the connections seen under Playwright's event loop the saved contents too.

    Between sync calls Playwright marks its asyncio loop as running in the test's own
    thread. Django's ``connections`` is then context-local rather than thread-local, so
    the test sees new connection objects without ``_test_serialized_contents``, and
    ``serialized_rollback`` silently restores nothing: after the first browser test's
    flush the 32 boroughs would be gone. (pytest-dev/pytest-django#1117.)
    """
    for alias, serialized in contents.items():
        connections[alias]._test_serialized_contents = serialized


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    executable = require_chromium()
    contents = _serialized_contents()  # read before Playwright's loop starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        _keep_serialized_contents(contents)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
