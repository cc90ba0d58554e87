"""Authored content from ``content/<locale>/*.toml``, falling back to English field by field.

Every string that comes out of the loader is a :class:`Text`: a ``str`` that knows its
language and whether it is an English fallback, so that templates can mark it with
``lang`` and a visible "not yet translated" note without any extra work.
"""

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import CheckConstraint

SOURCE_LOCALE = "en"
#: Keys whose values identify an item rather than say something: never translated.
IDENTIFIER_KEYS = frozenset({"id", "slug", "number", "version", "capability", "audience"})
#: Keys by which items in a list of tables are matched between languages.
MATCH_KEYS = ("id", "slug", "number")

#: Greater Manchester's ten localities and the whole city region, in the order shown.
LOCALITY_SLUGS = (
    "bolton",
    "bury",
    "manchester",
    "oldham",
    "rochdale",
    "salford",
    "stockport",
    "tameside-and-glossop",
    "trafford",
    "wigan",
    "greater-manchester",
)
CAPABILITY_NUMBERS = tuple(range(1, 11))


def capability_check(column: str = "capability", nullable: bool = False) -> CheckConstraint:
    """A CHECK that ``column`` names one of the ten capabilities (1 to 10).

    Capabilities are authored content, not rows: tables refer to one by its number.
    """
    condition = f"{column} BETWEEN {min(CAPABILITY_NUMBERS)} AND {max(CAPABILITY_NUMBERS)}"
    if nullable:
        condition = f"{column} IS NULL OR ({condition})"
    return CheckConstraint(condition, name=f"{column}_is_capability")


class Text(str):
    """A piece of authored text with its language; renders itself safely in templates."""

    lang: str
    fallback: bool

    def __new__(cls, value: str, lang: str, fallback: bool = False):
        text = super().__new__(cls, value)
        text.lang = lang
        text.fallback = fallback
        return text

    def __html__(self) -> Markup:
        if not self.fallback:
            return escape(str(self))
        return Markup(
            '<span lang="{}" dir="ltr">{}</span> <span class="untranslated">{}</span>'
        ).format(self.lang, str(self), _("(not yet translated)"))


def plain(text) -> str:
    """The words alone, without language marks: for titles, attributes and graphics."""
    return str(text)


def paragraphs(text: str) -> Markup:
    """Plain text to escaped paragraphs, one per blank-line-separated block."""
    blocks = [block.strip() for block in str(text).split("\n\n") if block.strip()]
    html = Markup("").join(Markup("<p>{}</p>").format(block) for block in blocks)
    if isinstance(text, Text) and text.fallback:
        note = Markup('<p class="untranslated">{}</p>').format(_("(not yet translated)"))
        return Markup('<div lang="{}" dir="ltr">{}</div>{}').format(text.lang, html, note)
    return html


def _language_of(locale: str) -> str:
    return locale.replace("_", "-")


def _read(directory: str, locale: str, name: str) -> dict[str, Any]:
    path = Path(directory) / locale / f"{name}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _match_key(items: list[dict]) -> str | None:
    for key in MATCH_KEYS:
        if items and all(key in item for item in items):
            return key
    return None


def merge(source: Any, translated: Any, lang: str, key: str | None = None) -> Any:
    """Wrap ``source`` in :class:`Text`, preferring ``translated`` wherever it has a value."""
    if isinstance(source, dict):
        translated = translated if isinstance(translated, dict) else {}
        return {k: merge(v, translated.get(k), lang, k) for k, v in source.items()}
    if isinstance(source, list):
        return _merge_list(source, translated if isinstance(translated, list) else [], lang)
    if isinstance(source, str) and key not in IDENTIFIER_KEYS:
        if isinstance(translated, str) and translated.strip():
            return Text(translated, lang)
        return Text(source, _language_of(SOURCE_LOCALE), fallback=lang != SOURCE_LOCALE)
    return source


def _merge_list(source: list, translated: list, lang: str) -> list:
    match_key = _match_key(source) if all(isinstance(i, dict) for i in source) else None
    if match_key:
        by_key = {item.get(match_key): item for item in translated if isinstance(item, dict)}
        return [merge(item, by_key.get(item[match_key]), lang) for item in source]
    padded = translated + [None] * (len(source) - len(translated))
    return [merge(item, other, lang) for item, other in zip(source, padded, strict=False)]


def content_locale(locale: str) -> str:
    """The content folder for an interface locale (``en_GB`` reads ``en``)."""
    return SOURCE_LOCALE if locale.startswith("en") else locale


def load(name: str, locale: str | None = None) -> dict[str, Any]:
    """The content file ``name`` in ``locale`` (the active one by default).

    The result is shared between requests: treat it as read-only.
    """
    directory = current_app.config["CONTENT_DIRECTORY"]
    if locale is None:
        locale = str(get_locale()) if has_request_context() else SOURCE_LOCALE
    return _merged(directory, name, content_locale(locale))


@cache
def _merged(directory: str, name: str, folder: str) -> dict[str, Any]:
    source = _read(directory, SOURCE_LOCALE, name)
    translated = _read(directory, folder, name) if folder != SOURCE_LOCALE else {}
    return merge(source, translated, _language_of(folder))


@cache
def _meta(directory: str, folder: str) -> dict[str, Any]:
    return _read(directory, folder, "meta")


def reviewed(name: str, locale: str | None = None) -> bool:
    """Whether a fluent speaker has reviewed ``name`` in the locale (English always is)."""
    if locale is None:
        locale = str(get_locale()) if has_request_context() else SOURCE_LOCALE
    folder = content_locale(locale)
    if folder == SOURCE_LOCALE:
        return True
    entry = _meta(current_app.config["CONTENT_DIRECTORY"], folder).get(name, {})
    return bool(entry.get("reviewed"))


def review_note(name: str) -> Markup:
    """A small note under unreviewed translated content, inviting corrections."""
    if reviewed(name):
        return Markup("")
    return Markup('<p class="review-note">{} <a href="{}">{}</a></p>').format(
        _("Volunteers translated this text and a fluent speaker has not checked it yet."),
        url_for("main.translations", _anchor="corrections"),
        _("Suggest a better wording"),
    )


def capabilities(locale: str | None = None) -> list[dict[str, Any]]:
    return load("capabilities", locale)["capability"]


def capability(number: int, locale: str | None = None) -> dict[str, Any] | None:
    return next((c for c in capabilities(locale) if c["number"] == number), None)


def source_document(locale: str | None = None) -> dict[str, Any]:
    return load("capabilities", locale)["source"]


def localities(locale: str | None = None) -> list[dict[str, Any]]:
    return load("localities", locale)["locality"]


def locality_name(slug: str | None, locale: str | None = None) -> str | None:
    return next((loc["name"] for loc in localities(locale) if loc["slug"] == slug), None)


def page(slug: str, locale: str | None = None) -> dict[str, Any] | None:
    return load("pages", locale).get(slug)
