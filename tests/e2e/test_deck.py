"""The card deck, a team's page and its log book in the browser, with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO, fits_320_pixels, sign_in


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_deck_pages_are_accessible(page, check, lang):
    page.goto(f"/deck/?lang={lang}")
    check(page)
    assert fits_320_pixels(page)
    page.goto("/deck/cards/c1-psl-1")
    check(page)
    assert fits_320_pixels(page)
    page.goto("/deck/print")
    check(page)
    page.goto("/deck-guide")
    check(page)


@pytest.mark.parametrize("lang", ["en_GB", "ur"])
def test_team_pages_are_accessible(page, check, lang):
    sign_in(page, *DEMO["staff"])
    page.goto(f"/deck/teams?lang={lang}")
    check(page)
    page.locator("main ul a").first.click()
    team_url = page.url
    expect(page.locator("svg.chart").first).to_be_visible()
    check(page)
    assert fits_320_pixels(page)
    for suffix in ("/log", "/log/new", "/check"):
        page.goto(team_url + suffix)
        check(page)
        assert fits_320_pixels(page), suffix


def test_logging_a_drawn_card(page, check):
    sign_in(page, *DEMO["staff"])
    page.goto("/deck/?lang=en_GB")
    page.get_by_role("link", name="Draw a card at random").click()
    page.get_by_role("link", name="Log this card in the log book of").first.click()
    check(page)
    page.get_by_label("Group or team meeting").check()
    page.get_by_label("What we did").fill("We used the card in our Monday meeting.")
    page.get_by_label("What we learned").fill("Everyone had a different idea of our community.")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("status")).to_contain_text("The log book has been updated")
    expect(page.get_by_text("We used the card in our Monday meeting.")).to_be_visible()
