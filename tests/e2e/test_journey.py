"""A person signs up, signs out, signs in, edits their profile, changes language and leaves."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import fits_320_pixels


def test_sign_up_sign_in_profile_language_and_sign_out(page, check):
    page.goto("/")
    check(page)
    page.get_by_role("link", name="Create an account").first.click()
    expect(page).to_have_title(re.compile("^Create an account"))
    check(page)

    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile("^Error: Create an account"))
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    check(page)

    page.get_by_label("Email address").fill("journey@example.org")
    page.get_by_label("Display name").fill("Journey Person")
    page.get_by_label("Password").fill("marble-orchid-sunrise")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account has been created")
    check(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out")
    page.get_by_role("link", name="Sign in", exact=True).click()
    check(page)
    page.get_by_label("Email address").fill("journey@example.org")
    page.get_by_label("Password", exact=True).fill("marble-orchid-sunrise")
    page.get_by_label("Keep me signed in").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed in")

    page.get_by_role("link", name="Your profile", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    check(page)
    assert fits_320_pixels(page)
    page.get_by_label("Display name").fill("Journey P")
    page.get_by_label("Where you live or work").select_option(label="Salford")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved")
    expect(page.get_by_label("Display name")).to_have_value("Journey P")
    expect(page.get_by_label("Where you live or work")).to_have_value("salford")

    languages = page.get_by_role("navigation", name="Choose a language")
    languages.get_by_role("link", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("Display name")).to_have_count(0)
    check(page)
    assert fits_320_pixels(page)

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    page.locator("form[action='/sign-out'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    check(page)


def test_the_skip_link_is_first_and_moves_focus_to_the_content(page):
    page.goto("/capabilities/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused_in_main


def test_keyboard_focus_is_clearly_visible(page):
    page.goto("/sign-in")
    page.get_by_label("Email address").focus()
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
    )
    assert style[0] == "solid" and style[1] == "3px" and style[2] == "rgb(255, 221, 0)"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Sign in"
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert background == "rgb(255, 221, 0)"
