"""A resident tells a story, a moderator publishes it, and everyone can find it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO, fits_320_pixels, sign_in


def test_telling_moderating_and_finding_a_story(browser, live_server, check):
    resident = browser.new_context(base_url=live_server)
    page = resident.new_page()
    sign_in(page, *DEMO["resident"])
    page.goto("/stories/")
    page.get_by_role("link", name="Tell your story").first.click()
    check(page)

    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile("^Error: Tell your story"))
    expect(page.locator(".error-summary")).to_be_focused()
    check(page)

    page.get_by_label("Title").fill("Knitting circle at the library")
    body = page.get_by_label("Your story", exact=True)
    body.fill("The knitting circle gave me somewhere to go on Thursdays.")
    expect(page.locator("#body-count")).to_contain_text("Characters remaining: 5,943")
    page.get_by_label(re.compile("^6. We seek examples of what works")).check()
    page.get_by_label("Where did it happen?").select_option(label="Bury")
    page.get_by_label("Loneliness").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your agreement")
    check(page)
    page.get_by_label("Everyone on the site").check()
    page.get_by_label("Do not name me").check()
    page.get_by_label("The teller is 13 years old or over").check()
    page.get_by_label(re.compile("^I agree that what the story says")).check()
    page.get_by_role("button", name="Send my story to be checked").click()
    expect(page.get_by_role("heading", name="Your story has been sent")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Go to your stories").click()
    expect(
        page.get_by_role("link", name="Knitting circle at the library", exact=True)
    ).to_be_visible()
    check(page)
    resident.close()

    moderator = browser.new_context(base_url=live_server)
    page = moderator.new_page()
    sign_in(page, *DEMO["moderator"])
    expect(page.locator(".count")).to_be_visible()
    page.goto("/stories/moderation")
    check(page)
    page.get_by_role("link", name="Knitting circle at the library").click()
    check(page)
    page.get_by_label("Public text").fill("The knitting circle gave me somewhere to go.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The story has been published")
    moderator.close()

    public = browser.new_context(base_url=live_server)
    page = public.new_page()
    page.goto("/stories/?q=knitting")
    check(page)
    page.get_by_role("link", name="Knitting circle at the library").click()
    expect(page.get_by_text("The knitting circle gave me somewhere to go.")).to_be_visible()
    expect(page.get_by_text("on Thursdays")).to_have_count(0)
    check(page)
    public.close()


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_story_pages_are_accessible(page, check, lang):
    page.goto(f"/?lang={lang}")
    public_urls = ["/stories/", "/stories/?capability=6", "/capabilities/6"]
    for url in public_urls:
        page.goto(url)
        check(page)
        assert fits_320_pixels(page), url
    page.goto("/stories/")
    page.locator(".story-list__title a").first.click()
    check(page)
    assert fits_320_pixels(page)

    sign_in_url = "/sign-in"
    page.goto(sign_in_url)
    page.locator("#email").fill(DEMO["commissioner"][0])
    page.locator("#password").fill(DEMO["commissioner"][1])
    page.locator("form[method=post] button[type=submit]").last.click()
    page.goto("/stories/")
    page.locator(".story-list__title a").first.click()
    expect(page.locator("form[action$='/responses']")).to_be_visible()
    check(page)
    for url in ["/stories/mine", "/notifications/", "/notifications/settings"]:
        page.goto(url)
        check(page)
        assert fits_320_pixels(page), url


def test_moderation_pages_are_accessible_in_urdu(page, check):
    email, password = DEMO["moderator"]
    sign_in(page, email, password)
    page.goto("/stories/moderation?lang=ur")
    check(page)
    assert fits_320_pixels(page)
    page.goto("/stories/moderation?state=returned")
    check(page)
    page.goto("/stories/moderation?state=published")
    page.locator("table a").first.click()
    expect(page.locator("h1")).to_be_visible()
    check(page)
    assert fits_320_pixels(page)
    page.goto("/moderation")
    check(page)
