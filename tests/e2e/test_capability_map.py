"""The map of activity by keyboard, in both directions, and the capability page it opens."""

import pytest
from playwright.sync_api import expect


def cell(page, capability: int, locality: str):
    return page.locator(f'svg.map a[href="/capabilities/{capability}?locality={locality}"]')


def test_a_map_cell_is_reached_and_opened_by_keyboard(page, check):
    page.goto("/capabilities/?lang=en_GB")
    target = cell(page, 5, "oldham")
    target.focus()
    expect(target).to_be_focused()
    outline = target.locator("rect").evaluate("r => getComputedStyle(r).strokeWidth")
    assert outline == "4px", "focus is shown by a thick border"
    page.keyboard.press("Tab")
    expect(cell(page, 5, "rochdale")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url("/capabilities/5?locality=oldham")
    expect(page.get_by_label("Locality", exact=True)).to_have_value("oldham")
    expect(
        page.get_by_role("heading", name="What has been done for this capability in Oldham")
    ).to_be_visible()
    check(page)


@pytest.mark.parametrize(("lang", "first_on_the_left"), [("en_GB", True), ("ur", False)])
def test_the_columns_run_in_the_reading_direction(page, lang, first_on_the_left):
    page.goto(f"/capabilities/?lang={lang}")
    bolton = cell(page, 1, "bolton").bounding_box()
    wigan = cell(page, 1, "wigan").bounding_box()
    assert (bolton["x"] < wigan["x"]) is first_on_the_left
    table_bolton = page.locator("table th", has_text="Bolton").first.bounding_box()
    table_wigan = page.locator("table th", has_text="Wigan").first.bounding_box()
    assert (table_bolton["x"] < table_wigan["x"]) is first_on_the_left


def test_the_figures_on_the_map_match_the_capability_page(page):
    page.goto("/?lang=en_GB")
    figure = cell(page, 5, "oldham").locator("text").text_content()
    page.goto("/capabilities/5?locality=oldham")
    shown = [int(page.locator(".figures dd").nth(n).text_content()) for n in range(4)]
    assert sum(shown) == int(figure)
