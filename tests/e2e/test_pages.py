"""Every page, in English and in Urdu: no axe-core violations and no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN, ARTIFACTS, AXE_TAGS, fits_320_pixels, sign_in

PUBLIC_PAGES = [
    "/",
    "/capabilities/",
    "/capabilities/1",
    "/capabilities/10",
    "/capabilities/5?locality=oldham",
    "/capabilities/?show=commitments",
    "/open-data/",
    "/sign-up",
    "/sign-in",
    "/forgot-password",
    "/reset-password/not-a-valid-token",
    "/privacy",
    "/accessibility",
    "/no-such-page",
]
SIGNED_IN_PAGES = [
    "/profile",
    "/profile/password",
    "/profile/delete",
    "/admin/users",
    "/admin/users/1",
    "/admin/audit",
]


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_public_pages(page, check, lang):
    page.goto(f"/?lang={lang}")
    for url in PUBLIC_PAGES:
        response = page.goto(url)
        assert response.status < 500, url
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ur" else "ltr")
        check(page)
        assert fits_320_pixels(page), url


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_signed_in_pages(page, check, lang):
    email, _name, password = ADMIN
    sign_in(page, email, password)
    page.goto(f"/?lang={lang}")
    for url in SIGNED_IN_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        check(page)
        assert fits_320_pixels(page), url


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_pages_showing_errors_and_confirmations(page, check, lang):
    page.goto(f"/?lang={lang}")
    page.goto("/sign-in")
    page.locator("form[method=post] button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_focused()
    check(page)
    page.goto("/forgot-password")
    page.locator("#email").fill("someone@example.org")
    page.locator("form[method=post] button[type=submit]").last.click()
    expect(page.locator(".panel h1")).to_be_visible()
    check(page)


def test_screenshots_of_the_mirrored_layout(page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/?lang=ur")
    page.screenshot(path=ARTIFACTS / "home-ur.png", full_page=True)
    page.goto("/capabilities/3?lang=ar")
    page.screenshot(path=ARTIFACTS / "capability-ar.png", full_page=True)
    assert (ARTIFACTS / "home-ur.png").stat().st_size > 0


def test_the_accessibility_check_catches_a_real_problem(page, axe):
    page.goto("/sign-in")
    page.evaluate("document.querySelector('label[for=email]').remove()")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count >= 1
    assert "label" in results.generate_report()
