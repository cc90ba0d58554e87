"""Panels in the browser: a resident asks to join; conveners see applicants and the draw."""

import threading

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO, fits_320_pixels, sign_in


def test_a_resident_asks_to_join_a_panel(page, check):
    sign_in(page, *DEMO["resident"])
    page.goto("/panels/")
    check(page)
    page.get_by_role("link", name="Wigan mental health panel").first.click()
    expect(page.get_by_text("This panel advises")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Ask to join this panel").click()
    check(page)
    page.get_by_role("button", name="Ask to join").click()
    expect(page.locator(".error-summary")).to_be_focused()
    check(page)
    page.get_by_label("I live or work in the area this panel covers").check()
    page.get_by_label("Step-free access").check()
    page.get_by_label("Age band").select_option(label="35 to 64")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("heading", name="You have asked to join")).to_be_visible()
    check(page)


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_panel_pages_for_conveners_are_accessible(page, check, lang):
    sign_in(page, *DEMO["leader"])
    page.goto(f"/panels/?lang={lang}")
    check(page)
    page.locator(".card__title a").filter(has_text="Oldham healthy food panel").click()
    panel_url = page.url
    check(page)
    for suffix in ("/questions", "/applications", "/selection", "/members", "/advice/new"):
        page.goto(panel_url + suffix)
        check(page)
        assert fits_320_pixels(page), suffix
    page.goto(panel_url + "/selection")
    expect(page.locator("table").first).to_be_visible()
    page.goto("/panels/new")
    check(page)
    assert fits_320_pixels(page)


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_you_said_we_did_pages_are_accessible(page, check, lang):
    page.goto(f"/panels/outcomes?lang={lang}")
    check(page)
    assert fits_320_pixels(page)
    page.goto("/panels/outcomes?status=overdue")
    expect(page.locator(".tag--rejected").first).to_be_visible()
    check(page)
    page.goto("/panels/")
    page.locator(".card__title a").filter(has_text="Oldham healthy food panel").click()
    panel_url = page.url
    for suffix in ("/outcomes", "/meetings"):
        page.goto(panel_url + suffix)
        check(page)
        assert fits_320_pixels(page), suffix
    page.locator("a[href*='/meetings/']").first.click()
    check(page)


def test_commissioners_answer_and_conveners_record_advice(page, check):
    sign_in(page, *DEMO["commissioner"])
    page.goto("/panels/outcomes?status=overdue")
    page.get_by_role("link", name="Answer this recommendation").first.click()
    check(page)
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Publish your answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer has been published")
    page.goto("/panels/")
    page.locator(".card__title a").filter(has_text="Oldham healthy food panel").click()
    page.get_by_role("link", name="Put a question to the panel").click()
    check(page)


def test_a_convener_runs_the_draw_without_waiting_for_it(page, check):
    sign_in(page, *DEMO["leader"])
    page.goto("/panels/?lang=en_GB")
    page.locator(".card__title a").filter(has_text="Wigan mental health panel").click()
    page.get_by_role("link", name="The draw").click()
    check(page)
    page.get_by_role("button", name="Run the draw").click()
    expect(page.get_by_role("status").first).to_contain_text("The draw has started")
    for worker in threading.enumerate():
        if worker.name == "selection":
            worker.join(timeout=120)
    page.reload()
    expect(page.get_by_role("columnheader", name="Seats filled").first).to_be_visible()
    check(page)
    assert fits_320_pixels(page)
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("cell", name="Drawn by lot").first).to_be_visible()
    check(page)
