"""Checks that keep the interface catalogues complete and consistent with the source."""

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

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
    return problems
