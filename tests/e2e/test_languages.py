"""Every public page in every language: no error, lang and dir right, accessible, no
sideways scrolling at 320 pixels; screenshots of the mirrored layout for people to check."""

import pytest
from playwright.sync_api import expect

from app.i18n import LOCALES, language
from tests.e2e.conftest import ARTIFACTS, fits_320_pixels

FIXED_PAGES = [
    "/",
    "/capabilities/",
    "/capabilities/3",
    "/capabilities/5?locality=oldham",
    "/stories/",
    "/panels/",
    "/panels/outcomes",
    "/hearings/",
    "/hearings/records",
    "/deck/",
    "/deck/print",
    "/deck-guide",
    "/privacy",
    "/accessibility",
    "/moderation",
    "/open-data/",
    "/translations/",
    "/sign-in",
    "/sign-up",
    "/forgot-password",
]


def first_link(page, listing: str, prefix: str) -> str:
    """The first link on ``listing`` to a page under ``prefix`` (an item of demo content)."""
    page.goto(listing)
    return page.locator(f'main a[href^="{prefix}"]').first.get_attribute("href")


@pytest.fixture(scope="module")
def public_pages(browser, live_server):
    page = browser.new_page(base_url=live_server)
    found = [
        first_link(page, "/stories/", "/stories/1"),
        first_link(page, "/panels/", "/panels/"),
        first_link(page, "/hearings/records", "/hearings/"),
        first_link(page, "/deck/", "/deck/cards/"),
    ]
    page.close()
    return FIXED_PAGES + found


@pytest.mark.parametrize("code", LOCALES)
def test_every_public_page_in_every_language(page, check, public_pages, code):
    direction = language(code).direction
    page.goto(f"/?lang={code}")
    for url in public_pages:
        response = page.goto(url)
        assert response.status < 500, url
        expect(page.locator("html")).to_have_attribute("lang", language(code).tag)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        check(page)
        assert fits_320_pixels(page), f"{url} scrolls sideways at 320 pixels in {code}"


@pytest.mark.parametrize("code", ["ur", "ar"])
def test_screenshots_of_the_mirrored_layout_in_urdu_and_arabic(page, public_pages, code):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"/?lang={code}")
    story, panel, _event, card = public_pages[-4:]
    for name, url in (("home", "/"), ("story", story), ("panel", panel), ("card", card)):
        page.goto(url)
        path = ARTIFACTS / f"{name}-{code}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 10_000, path
