"""Languages: choosing one, direction, the switcher, and complete catalogues."""

import re

import pytest
from flask_babel import force_locale

from app import i18n
from app.catalogues import check_all, check_catalogue
from app.config import PROJECT_ROOT
from tests.conftest import post

RTL = {"ur", "ar", "fa"}


def html_tag(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


@pytest.mark.parametrize("code", i18n.LOCALES)
def test_each_language_sets_lang_and_direction(client, code):
    tag = html_tag(client.get(f"/?lang={code}"))
    direction = "rtl" if code in RTL else "ltr"
    assert tag == f'<html lang="{i18n.bcp47(code)}" dir="{direction}">'


def test_the_switcher_choice_is_remembered_in_a_cookie(client):
    client.get("/capabilities/?lang=pl")
    assert client.get_cookie("lang").value == "pl"
    assert html_tag(client.get("/")) == '<html lang="pl" dir="ltr">'


def test_accept_language_is_used_when_nothing_was_chosen(client):
    response = client.get("/", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert html_tag(response) == '<html lang="fa" dir="rtl">'
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert html_tag(chinese) == '<html lang="zh-Hans" dir="ltr">'
    unknown = client.get("/", headers={"Accept-Language": "de-DE"})
    assert html_tag(unknown) == '<html lang="en-GB" dir="ltr">'


def test_the_switcher_beats_accept_language(client):
    client.get("/?lang=bn")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert html_tag(response) == '<html lang="bn" dir="ltr">'


def test_a_saved_preference_beats_the_cookie(client, make_user, sign_in):
    sign_in(make_user(locale="ro"))
    client.set_cookie("lang", "pa")
    assert html_tag(client.get("/")) == '<html lang="ro" dir="ltr">'


def test_switching_language_while_signed_in_saves_the_preference(app, client, make_user, sign_in):
    person = make_user(locale="ro")
    sign_in(person)
    client.get("/?lang=so")
    assert html_tag(client.get("/")) == '<html lang="so" dir="ltr">'
    from app.accounts import services

    with app.app_context():
        assert services.user_by_email(person.email).locale == "so"


def test_an_unknown_language_is_explained_and_ignored(client):
    response = client.get("/?lang=klingon")
    assert response.status_code == 200
    assert "That language is not available" in response.get_data(as_text=True)
    assert client.get_cookie("lang") is None
    assert html_tag(response) == '<html lang="en-GB" dir="ltr">'


def test_the_switcher_names_each_language_in_itself(client):
    html = client.get("/sign-in?next=/profile").get_data(as_text=True)
    for code, name in [("ur", "اردو"), ("ar", "العربية"), ("pl", "Polski"), ("fa", "فارسی")]:
        tag = i18n.bcp47(code)
        assert f'lang="{tag}" hreflang="{tag}"' in html
        assert f">{name}</a>" in html
    assert "/sign-in?next=%2Fprofile&amp;lang=ur" in html


def test_page_text_is_translated(client):
    english = client.get("/sign-in").get_data(as_text=True)
    urdu = client.get("/sign-in?lang=ur").get_data(as_text=True)
    assert "Forgotten your password?" in english
    assert "Forgotten your password?" not in urdu


def test_form_errors_are_translated(client):
    response = post(client, "/sign-up?lang=pl", {"email": "", "accept_privacy": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your email address" not in html
    assert 'class="error-summary"' in html


def test_every_catalogue_is_complete_and_consistent():
    problems = check_all(PROJECT_ROOT / "translations", i18n.TRANSLATED_LOCALES)
    assert [str(p) for p in problems] == []


def test_every_catalogue_has_every_message_in_the_code(app, tmp_path, monkeypatch):
    """Extract the strings afresh, so that a new string nobody translated fails here."""
    from babel.messages.pofile import read_po

    from app import cli

    monkeypatch.setattr(cli, "TEMPLATE", tmp_path / "messages.pot")
    result = app.test_cli_runner().invoke(args=["translate", "extract"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "messages.pot").open("rb") as handle:
        template_ids = {m.id for m in read_po(handle) if m.id}
    for locale in i18n.TRANSLATED_LOCALES:
        path = PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            ids = {m.id for m in read_po(handle) if m.id}
        assert template_ids <= ids, (locale, template_ids - ids)


BROKEN_PO = r"""
msgid ""
msgstr ""
"Language: pl\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\n"

msgid "Hello %(name)s"
msgstr "Cześć %(imie)s"

msgid "Sign in"
msgstr ""

#, fuzzy
msgid "Sign out"
msgstr "Wyloguj"

msgid "%(num)d story"
msgid_plural "%(num)d stories"
msgstr[0] "%(num)d historia"
msgstr[1] "%(num)d historie"

msgid "Read <b>this</b>"
msgstr "Przeczytaj to"

msgid "Fine"
msgstr "Dobrze"
"""


def test_the_check_finds_untranslated_fuzzy_and_mismatched_entries(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(BROKEN_PO, encoding="utf-8")
    found = {(p.msgid, p.what.split(" in ")[0]) for p in check_catalogue(path)}
    assert found == {
        ("Hello %(name)s", "placeholders differ"),
        ("Sign in", "untranslated"),
        ("Sign out", "fuzzy"),
        ("%(num)d story", "2 plural forms, expected 3"),
        ("Read <b>this</b>", "HTML tags differ"),
    }


def test_translate_check_command_passes_on_the_real_catalogues(app):
    result = app.test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output


def test_numbers_are_written_as_each_locale_expects(app):
    from app.i18n import format_number

    with app.test_request_context("/"):
        assert format_number(1234567, "bn") == "১২,৩৪,৫৬৭"
        assert format_number(1234567, "fa") == "۱٬۲۳۴٬۵۶۷"
        assert format_number(1234567, "pl") == "1\xa0234\xa0567"
        assert format_number(1234567, "ar") == "1,234,567"
        assert format_number(1234567, "en_GB") == "1,234,567"


def test_pages_count_and_date_in_the_locales_own_digits(client):
    persian = client.get("/capabilities/5?lang=fa").get_data(as_text=True)
    assert "۵" in persian and "۱۰" in persian
    assert not re.search(r'class="caption">[^<]*[0-9]', persian)
    columns = client.get("/open-data/?lang=fa").get_data(as_text=True)
    assert re.search(r"<summary>[۰-۹]+ ", columns), "ngettext counts use Persian digits too"
    english = client.get("/capabilities/5?lang=en_GB").get_data(as_text=True)
    assert "Capability 5 of 10" in english, "the English page is not affected by the Persian one"


def test_a_language_is_named_in_the_readers_language(app):
    from app.i18n import language_name

    with app.test_request_context("/"), force_locale("en_GB"):
        assert [language_name(t) for t in ("pl", "en-GB", "zh-Hans")] == [
            "Polish",
            "English",
            "Chinese (Simplified)",
        ]
    with app.test_request_context("/"), force_locale("pl"):
        assert language_name("so") == "Somalijski"
