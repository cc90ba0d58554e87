"""The application as a whole: health, security headers, cookies, errors, configuration."""

import pytest

from app import config, errors, i18n
from tests.conftest import build_app, csrf_token, post


def test_health_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.own_app
def test_health_reports_an_unreachable_database(tmp_path):
    broken = build_app(f"sqlite:///{tmp_path}/missing/folder/db.sqlite3", tmp_path)
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] != "ok"


def test_security_headers_are_on_every_page(client):
    for url in ("/", "/sign-in", "/no-such-page", "/healthz"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_a_form_posted_without_its_token_gets_the_400_page(client, make_user):
    person = make_user()
    response = client.post("/sign-in", data={"email": person.email, "password": "x" * 12})
    assert response.status_code == 400
    assert "The form could not be sent" in response.get_data(as_text=True)
    bad = client.post("/sign-in", data={"csrf_token": "forged", "email": person.email})
    assert bad.status_code == 400


def test_session_cookies_are_http_only_and_lax(client, make_user, sign_in):
    sign_in(make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_cookies_are_secure_outside_development(tmp_path, monkeypatch):
    monkeypatch.setenv("PLATFORM_ENV", "production")
    settings = config.load(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    monkeypatch.setenv("PLATFORM_ENV", "development")
    assert not config.load(tmp_path)["SESSION_COOKIE_SECURE"]


def test_a_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 64
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.secret_key(tmp_path) == "from-the-environment"


def test_database_url_defaults_to_sqlite_and_uses_psycopg_for_postgres(tmp_path):
    assert config.database_url(None, tmp_path) == f"sqlite:///{tmp_path / 'platform.sqlite3'}"
    assert config.database_url("postgres://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert config.database_url("postgresql://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"


def test_an_unknown_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PLATFORM_ENV", "staging")
    with pytest.raises(RuntimeError):
        config.load(tmp_path)


@pytest.mark.parametrize("code", sorted(errors.MESSAGES))
def test_every_error_page_is_translated(app, code):
    english_title, english_message = errors.MESSAGES[code]
    with app.test_request_context("/?lang=ur"):
        i18n.apply_language_switch()
        html, status = errors.render_error(code)
    assert status == code
    assert '<html lang="ur" dir="rtl">' in html
    assert str(english_title) not in html and str(english_message) not in html
    with app.test_request_context("/"):
        html, _ = errors.render_error(code)
    assert f"<h1>{english_title}</h1>" in html


def test_unknown_pages_get_the_404_page_in_the_chosen_language(client):
    response = client.get("/no-such-page?lang=ar")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html and "Page not found" not in html


def test_real_method_and_size_errors_use_the_pages(client):
    assert client.put("/").status_code == 405
    token = csrf_token(client)
    big = client.post("/sign-in", data={"csrf_token": token, "email": "x" * (3 * 1024 * 1024)})
    assert big.status_code == 413
    assert "What you sent is too large" in big.get_data(as_text=True)


@pytest.mark.own_app
def test_an_unexpected_error_gets_the_500_page_and_no_details(tmp_path):
    app = build_app(f"sqlite:///{tmp_path}/db.sqlite3", tmp_path, TESTING=False)

    @app.route("/boom")
    def _boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "secret internals" not in html


def test_forms_submitted_with_the_token_work(client, make_user):
    person = make_user()
    response = post(client, "/sign-in", {"email": person.email, "password": "wrong-password-1"})
    assert response.status_code == 400
    assert "The email address or password is not right" in response.get_data(as_text=True)


def test_an_error_without_words_of_its_own_keeps_its_status(app):
    with app.test_request_context("/"):
        html, status = errors.render_error(410)
    assert status == 410
    assert "There is a problem with your request" in html
