"""Shared fixtures: one app per run, a database rolled back after every test, a client,
a user factory and a sign-in helper.

The database is SQLite in a temporary folder, or ``TEST_DATABASE_URL`` (PostgreSQL).
Its schema is built by running the migrations, so the migrations are tested too.
"""

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import flask_migrate
import psycopg
import pytest
from flask_sqlalchemy.session import Session
from sqlalchemy import text

os.environ.setdefault("SECRET_KEY", "test-secret-key")

from app import create_app
from app.accounts import services
from app.accounts.models import Role
from app.config import database_url
from app.extensions import cache, db, limiter

PASSWORD = "sunlit-harbour-lantern"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def database_for_tests(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def sibling_database(tmp_path_factory, suffix: str) -> str:
    """A database of its own for tests that commit: beside the test database on
    PostgreSQL, or a new SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp(suffix) / f'{suffix}.sqlite3'}"
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def build_app(url: str, instance_dir, **overrides):
    config = {
        "TESTING": True,
        "PLATFORM_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": url,
        "OUTBOX_DIRECTORY": str(instance_dir / "outbox"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SELECTION_RUNNER": "worker",
        "SERVER_NAME": None,
    }
    config["SQLALCHEMY_DATABASE_URI"] = database_url(url, instance_dir)
    config.update(overrides)
    return create_app(config)


def reset_schema(app) -> None:
    """Drop everything and rebuild the schema from the migrations."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    application = build_app(
        database_for_tests(tmp_path_factory), tmp_path_factory.mktemp("instance")
    )
    reset_schema(application)
    yield application
    with application.app_context():
        db.engine.dispose()


class BoundSession(Session):
    """A session that always uses the test's connection (and so its transaction)."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@pytest.fixture(autouse=True)
def _transaction(request):
    """Run each test inside a transaction that is rolled back afterwards.

    Tests marked ``own_app`` build an application of their own and are left alone.
    """
    if request.node.get_closest_marker("own_app"):
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"class_": BoundSession, "bind": connection, "join_transaction_mode": "create_savepoint"}
    )
    limiter.reset()
    with app.app_context():
        cache.clear()
    try:
        yield
    finally:
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Person:
    id: int
    email: str
    display_name: str
    password: str


@pytest.fixture
def make_user(app):
    """Create a committed account and return its plain details."""
    counter = iter(range(1, 10_000))

    def factory(*roles: Role, email=None, display_name=None, password=PASSWORD, locale=None):
        n = next(counter)
        email = email or f"person{n}@example.org"
        with app.app_context():
            user = services.register(email, display_name or f"Person {n}", password, "test")
            for role in roles:
                services.grant_role(user, role, None)
            if locale:
                services.set_preferred_locale(user, locale)
            db.session.commit()
            return Person(user.id, user.email, user.display_name, password)

    return factory


def csrf_token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return CSRF_META.search(page).group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form as a browser would, with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


@pytest.fixture
def sign_in(client):
    def signed_in(person: Person, remember: bool = False):
        data = {"email": person.email, "password": person.password}
        if remember:
            data["remember"] = "y"
        response = post(client, "/sign-in", data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return signed_in
