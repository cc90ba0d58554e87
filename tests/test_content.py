"""Authored content: the ten capabilities from the source, localities, and fallback."""

import re
import shutil
from pathlib import Path

import pytest

from app import content
from app.config import PROJECT_ROOT

SEED = PROJECT_ROOT.parent / "shared" / "seed" / "ten-capabilities.md"


def seed_titles() -> dict[int, str]:
    if not SEED.exists():
        pytest.skip("the seed document is not beside the project")
    headings = re.findall(r"^## (\d+)\. (.+)$", SEED.read_text(encoding="utf-8"), re.M)
    return {int(number): title.strip() for number, title in headings}


@pytest.fixture
def english(app):
    with app.test_request_context("/"):
        yield


@pytest.mark.usefixtures("english")
def test_there_are_ten_capabilities_numbered_one_to_ten():
    numbers = [c["number"] for c in content.capabilities("en_GB")]
    assert numbers == list(range(1, 11)) == list(content.CAPABILITY_NUMBERS)


@pytest.mark.usefixtures("english")
def test_capability_titles_are_the_documents_own():
    titles = {c["number"]: str(c["title"]) for c in content.capabilities("en_GB")}
    assert titles == seed_titles()


@pytest.mark.usefixtures("english")
def test_each_capability_has_recognise_text_and_actions_for_both_audiences():
    for capability in content.capabilities("en_GB"):
        assert capability["recognise"].startswith(
            ("Recognise", "Understand", "Realise", "Continue", "Make")
        )
        assert capability["public_service_leaders"], capability["number"]
        assert capability["community_leaders"], capability["number"]


@pytest.mark.usefixtures("english")
def test_localities_are_the_ten_and_the_whole_city_region():
    slugs = tuple(loc["slug"] for loc in content.localities("en_GB"))
    assert slugs == content.LOCALITY_SLUGS
    assert content.locality_name("tameside-and-glossop", "en_GB") == "Tameside and Glossop"
    assert content.locality_name("greater-manchester", "en_GB") == "Greater Manchester-wide"
    assert content.locality_name("atlantis", "en_GB") is None


def test_translation_falls_back_to_english_field_by_field():
    source = {
        "capability": [
            {"number": 1, "title": "Title", "recognise": "Recognise", "items": ["a", "b"]}
        ]
    }
    translated = {"capability": [{"number": 1, "title": "Tytuł", "items": ["A"]}]}
    merged = content.merge(source, translated, "pl")["capability"][0]
    assert (str(merged["title"]), merged["title"].lang, merged["title"].fallback) == (
        "Tytuł",
        "pl",
        False,
    )
    assert (str(merged["recognise"]), merged["recognise"].fallback) == ("Recognise", True)
    assert merged["recognise"].lang == "en"
    assert [(str(i), i.fallback) for i in merged["items"]] == [("A", False), ("b", True)]
    assert merged["number"] == 1


def test_items_are_matched_by_key_not_position():
    source = {"locality": [{"slug": "bury", "name": "Bury"}, {"slug": "wigan", "name": "Wigan"}]}
    translated = {"locality": [{"slug": "wigan", "name": "ویگن"}]}
    merged = content.merge(source, translated, "ur")["locality"]
    assert [(str(m["name"]), m["name"].fallback) for m in merged] == [
        ("Bury", True),
        ("ویگن", False),
    ]
    assert not hasattr(merged[0]["slug"], "fallback")


def test_fallback_text_renders_with_lang_and_a_visible_note(app):
    with app.test_request_context("/"):
        text = content.Text("Hello <world>", "en", fallback=True)
        html = text.__html__()
        assert html.startswith('<span lang="en" dir="ltr">Hello &lt;world&gt;</span>')
        assert "(not yet translated)" in html
        assert content.Text("<b>", "pl").__html__() == "&lt;b&gt;"


def test_paragraphs_come_from_blank_lines_and_are_escaped():
    html = content.paragraphs("First <b>one</b>\nstill first\n\nSecond")
    assert html == "<p>First &lt;b&gt;one&lt;/b&gt;\nstill first</p><p>Second</p>"


@pytest.fixture
def english_only(app, tmp_path):
    """A content folder with the English files alone, as before anything is translated."""
    shutil.copytree(Path(app.config["CONTENT_DIRECTORY"]) / "en", tmp_path / "en")
    saved, app.config["CONTENT_DIRECTORY"] = app.config["CONTENT_DIRECTORY"], str(tmp_path)
    yield tmp_path
    app.config["CONTENT_DIRECTORY"] = saved


def test_a_missing_translation_file_shows_english_marked_as_such(client, english_only):
    html = client.get("/capabilities/2?lang=so").get_data(as_text=True)
    title = "We build trust and work in partnership with our communities"
    assert f'<span lang="en" dir="ltr">{title}</span>' in html
    assert 'class="untranslated"' in html


def test_a_translated_page_shows_the_translation_and_a_review_note(client):
    html = client.get("/capabilities/2?lang=ro").get_data(as_text=True)
    assert "We build trust and work in partnership" not in html
    assert 'class="review-note"' in html and 'href="/translations/#corrections"' in html
    english = client.get("/capabilities/2?lang=en_GB").get_data(as_text=True)
    assert 'class="review-note"' not in english


def test_titles_carry_untranslated_content_as_plain_words(client):
    for url in ("/capabilities/3?lang=ur", "/privacy?lang=so"):
        html = client.get(url).get_data(as_text=True)
        title = html[html.index("<title>") : html.index("</title>")]
        assert "<span" not in title and "&lt;span" not in title, url
