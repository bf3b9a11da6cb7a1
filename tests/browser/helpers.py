"""What browser tests do again and again: sign in, and check a page with axe-core."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# Only these fail a test; "moderate" and "minor" findings are advice, not barriers.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every serious or critical rule."""
    violations = [
        violation
        for violation in _axe.run(page).response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    if not violations:
        return
    lines = [f"axe found {len(violations)} serious or critical violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('html', '').strip()}")
    raise AssertionError("\n".join(lines))


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the real form, as a person would, and wait for the next page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
