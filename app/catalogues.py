"""Checks that keep the interface catalogues and the authored content complete and
consistent with their English source."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app.content import IDENTIFIER_KEYS, MATCH_KEYS, SOURCE_LOCALE, content_locale

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Problem:
    catalogue: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.what}: {self.msgid!r}"


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def _tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def check_catalogue(path: Path) -> list[Problem]:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    name = str(path)
    problems: list[Problem] = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = ids[0]
        if message.fuzzy:
            problems.append(Problem(name, msgid, "fuzzy"))
        filled = [string for string in strings if string]
        if not filled:
            problems.append(Problem(name, msgid, "untranslated"))
            continue
        if len(ids) > 1 and len(filled) != catalogue.num_plurals:
            expected = catalogue.num_plurals
            problems.append(
                Problem(name, msgid, f"{len(filled)} plural forms, expected {expected}")
            )
            continue
        if len(filled) != len(strings):
            problems.append(Problem(name, msgid, "untranslated"))
            continue
        expected_placeholders = _placeholders(ids[-1])
        expected_tags = _tags(ids[-1])
        for string in strings:
            if _placeholders(string) != expected_placeholders:
                problems.append(Problem(name, msgid, f"placeholders differ in {string!r}"))
            if _tags(string) != expected_tags:
                problems.append(Problem(name, msgid, f"HTML tags differ in {string!r}"))
    return problems


def check_all(directory: Path, locales) -> list[Problem]:
    problems: list[Problem] = []
    for locale in locales:
        path = directory / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            problems.append(Problem(str(path), "", "catalogue missing"))
            continue
        problems.extend(check_catalogue(path))
        problems.extend(check_plural_rules(path, locale))
    return problems


# Plural rules -------------------------------------------------------------------------


def check_plural_rules(path: Path, locale: str) -> list[Problem]:
    """The catalogue's plural forms must be as many as the language's own rules have."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    expected = get_plural(locale).num_plurals
    if catalogue.num_plurals != expected:
        what = f"the header gives {catalogue.num_plurals} plural forms; {locale} has {expected}"
        return [Problem(str(path), "Plural-Forms", what)]
    return []


# Authored content -----------------------------------------------------------------------

#: Each locale's ``meta.toml`` says, per content file, whether a fluent speaker has
#: reviewed the translation, and which fields are left in English on purpose.
META = "meta.toml"


def _content_path(path: str, key: str) -> str:
    """A field's place, as ``card[c1-psl-1].question`` or ``privacy.section[0].body``."""
    return f"{path}.{key}" if path else key


def _walk(source, translated, path: str, missing: list[str], problems: list[str]) -> None:
    """Collect fields absent from ``translated`` and translated fields the source lacks."""
    if isinstance(source, dict):
        translated = translated if isinstance(translated, dict) else {}
        problems.extend(
            f"{_content_path(path, key)}: not in the English file"
            for key in translated
            if key not in source
        )
        for key, value in source.items():
            here = _content_path(path, key)
            if key in IDENTIFIER_KEYS and not isinstance(value, dict | list):
                if key in translated and translated[key] != value:
                    problems.append(f"{here}: identifier changed to {translated[key]!r}")
                continue
            _walk(value, translated.get(key), here, missing, problems)
    elif isinstance(source, list):
        translated = translated if isinstance(translated, list) else []
        key = _list_key(source)
        if key:
            by_key = {i.get(key): i for i in translated if isinstance(i, dict)}
            for item in source:
                here = f"{path}[{item[key]}]"
                _walk(item, by_key.get(item[key]), here, missing, problems)
        else:
            if len(translated) > len(source):
                problems.append(f"{path}: {len(translated)} items, English has {len(source)}")
            for index, item in enumerate(source):
                other = translated[index] if index < len(translated) else None
                _walk(item, other, f"{path}[{index}]", missing, problems)
    elif isinstance(source, str) and not (isinstance(translated, str) and translated.strip()):
        missing.append(path)


def _list_key(items: list) -> str | None:
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    return next((k for k in MATCH_KEYS if all(k in item for item in items)), None)


def _toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class ContentStatus:
    """How far one locale's translation of one content file has got."""

    name: str
    fields: int
    translated: int
    reviewed: bool
    fallback: list[str]


def content_status(directory: Path, locale: str) -> tuple[list[ContentStatus], list[Problem]]:
    """Each content file's progress in ``locale``, and every problem that must be fixed."""
    folder = directory / locale
    meta = _toml(folder / META) if (folder / META).exists() else {}
    statuses, problems = [], []
    for source_path in sorted((directory / SOURCE_LOCALE).glob("*.toml")):
        name = source_path.stem
        target = folder / source_path.name
        declared = meta.get(name)
        where = str(target)
        if not isinstance(declared, dict) or not isinstance(declared.get("reviewed"), bool):
            problems.append(Problem(str(folder / META), name, "review status not declared"))
            declared = {}
        fallback = list(declared.get("fallback", []))
        missing, mismatched, every = [], [], []
        translated = {}
        if target.exists():
            try:
                translated = _toml(target)
            except tomllib.TOMLDecodeError as error:
                problems.append(Problem(where, "", f"not valid TOML: {error}"))
        source = _toml(source_path)
        _walk(source, translated, "", missing, mismatched)
        _walk(source, {}, "", every, [])
        problems.extend(Problem(where, m.split(":")[0], m.split(": ", 1)[1]) for m in mismatched)
        everything = "*" in fallback
        problems.extend(
            Problem(where, path, "missing and not marked as falling back to English")
            for path in missing
            if not everything and path not in fallback
        )
        statuses.append(
            ContentStatus(
                name,
                len(every),
                len(every) - len(missing),
                bool(declared.get("reviewed")),
                fallback,
            )
        )
    return statuses, problems


def check_content(directory: Path, locales) -> list[Problem]:
    problems: list[Problem] = []
    for locale in locales:
        problems.extend(content_status(directory, content_locale(locale))[1])
    return problems


def interface_status(path: Path) -> tuple[int, int]:
    """How many of the catalogue's messages are translated, of how many."""
    if not path.exists():
        return 0, 0
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    done = [
        m
        for m in messages
        if not m.fuzzy and all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    return len(done), len(messages)


@dataclass
class LanguageStatus:
    locale: str
    interface_done: int
    interface_total: int
    content: list[ContentStatus]

    @property
    def content_done(self) -> int:
        return sum(status.translated for status in self.content)

    @property
    def content_total(self) -> int:
        return sum(status.fields for status in self.content)


@cache
def language_statuses(translations: Path, content_directory: Path, locales) -> list:
    """For the translations page: each language's interface and content, and what is reviewed.

    Read once per process: catalogues and content change only with a new release.
    """
    statuses = []
    for locale in locales:
        done, total = interface_status(translations / locale / "LC_MESSAGES" / "messages.po")
        files, _problems = content_status(content_directory, content_locale(locale))
        statuses.append(LanguageStatus(locale, done, total, files))
    return statuses
