"""The funding manager opens a round's exports page in Chromium and downloads the awards as
CSV and the 360Giving data; the page is checked with axe-core."""

import csv
import io
import json

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.exports_builders import build_round_2011, official_validator

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_funding_manager_downloads_the_rounds_awards_and_360giving_data(page, live_server):
    build_round_2011()
    manager = UserFactory(username="exports-manager", role=Role.FUNDING_MANAGER)
    sign_in(page, live_server, manager.username, PASSWORD)

    page.goto(f"{live_server.url}/funding/rounds/2011/exports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    assert_accessible(page)

    with page.expect_download() as awards:
        page.get_by_role("link", name="Download awards as CSV").click()
    assert awards.value.suggested_filename == "cpeg-awards-2011-12.csv"
    rows = list(csv.reader(io.StringIO(awards.value.path().read_text(encoding="utf-8"))))
    assert [row[:3] for row in rows[1:]] == [
        ["CPEG-2011-BARNET-A", "Barnet", "38500.50"],
        ["CPEG-2011-CROYDON-A", "Croydon", "5000.00"],
    ]

    with page.expect_download() as giving:
        page.get_by_role("link", name="Download 360Giving data (JSON)").click()
    assert giving.value.suggested_filename == "cpeg-360giving-2011-12.json"
    package = json.loads(giving.value.path().read_text(encoding="utf-8"))
    assert list(official_validator().iter_errors(package)) == []
