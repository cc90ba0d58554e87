"""Locale selection, text direction and language names."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from urllib.parse import urlencode

from babel import Locale
from flask import current_app, flash, g, request
from flask_babel import get_locale, to_utc
from flask_babel import gettext as _
from flask_login import current_user

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
    """A BCP 47 tag's language, in its own name where the platform knows it."""
    code = normalise(tag)
    return language(code).name if code else tag


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
