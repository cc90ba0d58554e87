"""End-to-end fixtures: a live server with its own database, and Debian's Chromium."""

import logging
import os
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from app.accounts.models import Role
from app.cli import DEMO_ACCOUNTS, ensure_user, load_demo_content
from app.extensions import db
from tests.conftest import build_app, reset_schema, sibling_database

logging.getLogger("werkzeug").setLevel(logging.WARNING)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ADMIN = ("e2e-admin@example.org", "E2E Admin", "quiet-river-lantern")
DEMO = {email.split("@")[0]: (email, password) for email, _name, password, _roles in DEMO_ACCOUNTS}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _transaction():
    """Browser tests talk to a live server with its own, committed database."""
    yield


def _e2e_database(tmp_path_factory) -> str:
    return sibling_database(tmp_path_factory, "e2e")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    app = build_app(
        _e2e_database(tmp_path_factory),
        tmp_path_factory.mktemp("e2e-instance"),
        RATELIMIT_SIGN_IN="200 per minute",
        RATELIMIT_SIGN_UP="200 per minute",
        SELECTION_RUNNER="thread",
    )
    reset_schema(app)
    with app.app_context():
        email, name, password = ADMIN
        ensure_user(email, name, password, [Role.ADMIN])
        load_demo_content()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (Debian package chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check(axe):
    """Assert a page has no axe-core violations (WCAG 2.2 A and AA rules)."""

    def accessible(page: Page) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return accessible


def fits_320_pixels(page: Page) -> bool:
    """True when the page, at 320 CSS pixels wide, needs no horizontal scrolling."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(size)
    return fits


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
