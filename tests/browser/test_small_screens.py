"""On a 375 px screen a wide table scrolls inside its own box, not the whole page, and the
box can be scrolled from the keyboard (axe's scrollable-region-focusable rule)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_wide_table_scrolls_inside_its_box_on_a_small_screen(page: Page, live_server):
    reverse("boroughs:list")  # load the URLconf before the first page
    manager = UserFactory(role=Role.FUNDING_MANAGER)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, manager.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('boroughs:list')}")
    box = page.locator(".portal-table-container").first
    expect(box).to_be_attached()
    widths = box.evaluate(
        "box => [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth,"
        " window.innerWidth]"
    )
    table_width, box_width, page_width, screen_width = widths
    assert table_width > box_width  # the table is wider than the screen, and scrolls in its box
    assert page_width <= screen_width  # the page itself does not scroll sideways
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    box.focus()
    page.keyboard.press("ArrowRight")
    expect(box).to_be_focused()
    assert_accessible(page)

    # Wide enough for the table: nothing to scroll, so the box leaves the tab order; narrow
    # again, it comes back.
    page.set_viewport_size({"width": 1600, "height": 800})
    expect(box).not_to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 375, "height": 800})
    expect(box).to_have_attribute("tabindex", "0")
