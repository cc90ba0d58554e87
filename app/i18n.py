"""Locale selection, text direction and language names."""

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from urllib.parse import urlencode

from babel import Locale, numbers
from flask import current_app, flash, g, request
from flask_babel import get_locale, get_translations, to_utc
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context

#: Interface languages: English first, then Greater Manchester's main community languages.
LOCALES = ("en_GB", "ur", "ar", "pl", "bn", "pa", "zh_Hans", "ro", "so", "fa")
DEFAULT_LOCALE = "en_GB"
#: English is the source language: its strings are the message ids themselves.
TRANSLATED_LOCALES = tuple(code for code in LOCALES if code != DEFAULT_LOCALE)
COOKIE = "lang"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class Language:
    code: str  #: gettext locale identifier, e.g. ``zh_Hans``
    tag: str  #: BCP 47 tag, e.g. ``zh-Hans``
    name: str  #: the language's name in itself
    direction: str  #: ``ltr`` or ``rtl``


def bcp47(code: str) -> str:
    return code.replace("_", "-")


@cache
def language(code: str) -> Language:
    locale = Locale.parse(code)
    own_name = locale.get_language_name(code)
    if locale.script:
        own_name = locale.get_display_name(code)
    return Language(
        code=code,
        tag=bcp47(code),
        name=own_name[:1].upper() + own_name[1:],
        direction=locale.text_direction,
    )


def language_name(tag: str) -> str:
    """A BCP 47 tag's language, named in the reader's language ("Written in Polish")."""
    code = normalise(tag)
    if code is None:
        return tag
    spoken = Locale.parse(code)
    reader = get_locale()
    name = spoken.get_display_name(reader) if spoken.script else spoken.get_language_name(reader)
    return name[:1].upper() + name[1:]


def languages() -> list[Language]:
    return [language(code) for code in LOCALES]


def normalise(value: str | None) -> str | None:
    """The supported locale a user-supplied value names, or None."""
    if not value:
        return None
    wanted = value.replace("-", "_").lower()
    for code in LOCALES:
        if code.lower() == wanted or (code == DEFAULT_LOCALE and wanted == "en"):
            return code
    return None


def _from_accept_language() -> str | None:
    tags = [bcp47(code) for code in LOCALES] + ["en", "zh"]
    best = request.accept_languages.best_match(tags)
    if best == "zh":
        return "zh_Hans"
    return normalise(best)


def select_locale() -> str:
    """The user's saved choice, then the switcher's cookie, then Accept-Language."""
    if chosen := g.get("chosen_locale"):
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return normalise(request.cookies.get(COOKIE)) or _from_accept_language() or DEFAULT_LOCALE


def local_moment(day: date, time_of_day: time) -> datetime:
    """A date and time as people in Greater Manchester read them, as an aware UTC datetime."""
    return to_utc(datetime.combine(day, time_of_day)).replace(tzinfo=UTC)


def text_direction() -> str:
    return language(str(get_locale())).direction if str(get_locale()) in LOCALES else "ltr"


def current_language() -> Language:
    code = str(get_locale())
    return language(code if code in LOCALES else DEFAULT_LOCALE)


def apply_language_switch() -> None:
    """Honour ``?lang=xx`` from the language switcher (a plain link, no script needed).

    The choice is remembered in a cookie; the accounts blueprint also saves it as a
    signed-in person's preference, so that the switcher never fights their profile.
    """
    requested = request.args.get("lang")
    if requested is None or request.path.startswith("/api/"):
        return  # the API reads ``lang`` as the language of its texts, and sets no cookies
    code = normalise(requested)
    if code is None:
        flash(_("That language is not available. Choose one from the list of languages."), "error")
        return
    g.chosen_locale = code


def remember_language_switch(response):
    if chosen := g.get("chosen_locale"):
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def switch_url(code: str) -> str:
    args = request.args.to_dict()
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


NUM = re.compile(r"%\(num\)[ds]")
#: The digits of the numbering systems the platform's languages use by default (CLDR).
DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "guru": "੦੧੨੩੪੫੬੭੮੯",
}


def _digits_for(locale) -> dict | None:
    digits = DIGITS.get(Locale.parse(str(locale)).default_numbering_system)
    return str.maketrans("0123456789", digits) if digits else None


def native_digits(text: str, locale=None) -> str:
    """``text`` with the digits the locale writes numbers in (Persian, Bengali, ...)."""
    table = _digits_for(locale or get_locale())
    return text.translate(table) if table else text


def format_number(number, locale=None) -> str:
    """A number as the locale writes it: its grouping, separators and digits."""
    locale = locale or get_locale()
    formatted = numbers.format_decimal(number, locale=locale, numbering_system="default")
    return native_digits(formatted, locale)


def with_native_digits(formatter):
    """A template filter whose result is written in the locale's own digits.

    It takes the template context so that Jinja never works it out once at compile
    time (``{{ 10|numberformat }}``) in whatever language happened to come first.
    """

    @pass_context
    @functools.wraps(formatter)
    def formatted(_context, *args, **kwargs) -> str:
        return native_digits(formatter(*args, **kwargs))

    return formatted


def ngettext_template(singular: str, plural: str, count: int) -> str:
    """The translated plural sentence with its count already written in the locale's digits.

    Jinja formats ``%(num)d`` itself, in ASCII digits; putting the number in first lets
    every ``ngettext`` in the templates follow the locale.
    """
    template = get_translations().ungettext(singular, plural, count)
    return NUM.sub(lambda _match: format_number(count).replace("%", "%%"), template)
