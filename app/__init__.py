"""The platform's application factory."""

from pathlib import Path

from flask import Flask
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import cli, config, content, errors, i18n, security
from app.authz import can
from app.extensions import babel, cache, cors, csrf, db, limiter, login_manager, mail, migrate

#: The open-data API may be read from any web page; nothing else crosses origins.
API_CORS = {
    r"/api/*": {
        "origins": "*",
        "methods": ["GET", "HEAD", "OPTIONS"],
        "expose_headers": ["ETag", "Last-Modified", "Link", "Retry-After"],
        "supports_credentials": False,
        "send_wildcard": True,
    }
}


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.load(Path(app.instance_path)))
    app.config.update(overrides or {})
    init_extensions(app)
    register_blueprints(app)
    cli.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    register_template_helpers(app)
    return app


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    mail.init_app(app)
    cache.init_app(app)
    cors.init_app(app, resources=API_CORS)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(i18n.apply_language_switch)
    app.after_request(i18n.remember_language_switch)


def register_blueprints(app: Flask) -> None:
    from app.accounts import bp as accounts
    from app.admin import bp as admin
    from app.api import bp as api
    from app.api import open_data
    from app.capabilities import bp as capabilities
    from app.deck import bp as deck
    from app.hearings import bp as hearings
    from app.main import bp as main
    from app.notifications import bp as notifications
    from app.panels import bp as panels
    from app.stories import bp as stories

    for blueprint in (
        main, accounts, capabilities, stories, panels, hearings, deck, notifications, admin,
        api, open_data,
    ):  # fmt: skip
        app.register_blueprint(blueprint)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=can,
        languages=i18n.languages,
        current_language=i18n.current_language,
        switch_url=i18n.switch_url,
        locality_name=content.locality_name,
        review_note=content.review_note,
    )
    for name in ("datetimeformat", "dateformat", "timeformat", "percentformat"):
        app.jinja_env.filters[name] = i18n.with_native_digits(app.jinja_env.filters[name])
    app.jinja_env.filters["numberformat"] = i18n.with_native_digits(i18n.format_number)
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: get_translations().ugettext(message),
        ngettext=i18n.ngettext_template,
        newstyle=True,
    )
    app.jinja_env.filters["paragraphs"] = content.paragraphs
    app.jinja_env.filters["plain"] = content.plain


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL, a busy timeout, and transactions SQLAlchemy controls.

    pysqlite's own transaction handling breaks SAVEPOINT; taking it over is the
    documented remedy (SQLAlchemy's "Serializable isolation / Savepoints" notes).
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection) -> None:
    """Take SQLite's write lock when a transaction begins.

    In WAL mode a transaction that has read and then tries to write after another has
    committed fails at once ("database is locked") instead of waiting. Starting every
    transaction with the lock makes concurrent requests queue (up to the busy timeout),
    which is what keeps, say, an event's capacity when many register at once.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
