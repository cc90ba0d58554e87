"""``translate check`` for authored content and plural rules, and the translations page."""

import re

from app.catalogues import check_content, check_plural_rules, content_status

ENGLISH = """
[source]
title = "A title"
credit = "Someone, 2019"

[[capability]]
number = 1
title = "First"
actions = ["Do one thing", "Do another"]

[[capability]]
number = 2
title = "Second"
actions = ["Only this"]
"""


def write(folder, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def problems(tmp_path, translated: str, meta: str) -> set[tuple[str, str]]:
    write(tmp_path / "en", "capabilities.toml", ENGLISH)
    write(tmp_path / "pl", "capabilities.toml", translated)
    write(tmp_path / "pl", "meta.toml", meta)
    return {(p.msgid, p.what) for p in check_content(tmp_path, ["pl"])}


DECLARED = "[capabilities]\nreviewed = false\nfallback = []\n"
COMPLETE = """
[source]
title = "Tytuł"
credit = "Someone, 2019"

[[capability]]
number = 1
title = "Pierwsza"
actions = ["Zrób jedno", "Zrób drugie"]

[[capability]]
number = 2
title = "Druga"
actions = ["Tylko to"]
"""


def test_a_complete_translation_passes(tmp_path):
    assert problems(tmp_path, COMPLETE, DECLARED) == set()


def test_a_missing_field_fails_unless_marked_as_falling_back(tmp_path):
    incomplete = COMPLETE.replace('title = "Druga"\n', "").replace('"Zrób drugie"', '""')
    found = problems(tmp_path, incomplete, DECLARED)
    assert found == {
        ("capability[2].title", "missing and not marked as falling back to English"),
        ("capability[1].actions[1]", "missing and not marked as falling back to English"),
    }
    marked = DECLARED.replace(
        "fallback = []", 'fallback = ["capability[2].title", "capability[1].actions[1]"]'
    )
    assert problems(tmp_path, incomplete, marked) == set()


def test_changed_identifiers_unknown_fields_and_undeclared_review_fail(tmp_path):
    broken = COMPLETE.replace("number = 2", "number = 3").replace(
        'title = "Tytuł"', 'title = "Tytuł"\nsubtitle = "Extra"'
    )
    found = problems(tmp_path, broken, "")
    assert ("capabilities", "review status not declared") in found
    assert ("source.subtitle", "not in the English file") in found
    assert any(path.startswith("capability[2]") for path, _what in found)


def test_a_whole_file_can_fall_back_and_still_counts_as_untranslated(tmp_path):
    write(tmp_path / "en", "capabilities.toml", ENGLISH)
    write(tmp_path / "pl", "meta.toml", '[capabilities]\nreviewed = false\nfallback = ["*"]\n')
    statuses, found = content_status(tmp_path, "pl")
    assert found == []
    assert (statuses[0].fields, statuses[0].translated) == (7, 0)


def test_the_plural_forms_must_follow_the_languages_rules(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
        encoding="utf-8",
    )
    [problem] = check_plural_rules(path, "pl")
    assert "pl has 3" in problem.what
    assert check_plural_rules(path, "so") == []


def test_the_translations_page_shows_each_language_and_its_review_status(client):
    html = client.get("/translations/").get_data(as_text=True)
    for name in ("اردو", "العربية", "Polski", "বাংলা", "ਪੰਜਾਬੀ", "Română", "Soomaali", "فارسی"):
        assert name in html, name
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    assert len(rows) == 9
    assert all("100%" in row for row in rows), "every interface catalogue is complete"
    assert 'id="corrections"' in html
