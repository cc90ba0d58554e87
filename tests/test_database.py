"""Database behaviour the application relies on, on SQLite and PostgreSQL alike."""

import socket

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.accounts import services
from app.accounts.models import Role, RoleGrant, User
from app.extensions import db, limiter
from tests.conftest import build_app, post

pytestmark = pytest.mark.usefixtures("app_ctx")


def test_sqlite_connections_enforce_foreign_keys_and_wait_for_locks():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_deleting_a_user_deletes_their_role_grants_in_the_database():
    user = services.register("x@example.org", "X", "river-stone-meadow", "v")
    services.grant_role(user, Role.STAFF, None)
    db.session.execute(User.__table__.delete().where(User.id == user.id))
    remaining = db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id)).all()
    assert remaining == []


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO role_grants (user_id, role, granted_at)"
        " VALUES (:id, 'emperor', CURRENT_TIMESTAMP)",
        "UPDATE users SET locality = 'atlantis' WHERE id = :id",
        "UPDATE users SET locale = 'xx' WHERE id = :id",
        "UPDATE users SET email = 'UPPER@example.org' WHERE id = :id",
    ],
)
def test_the_database_refuses_values_outside_the_rules(statement):
    user = services.register("y@example.org", "Y", "river-stone-meadow", "v")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text(statement), {"id": user.id})


def _redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.own_app
@pytest.mark.skipif(not _redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_rate_limits_can_be_kept_in_redis(tmp_path):
    app = build_app(
        f"sqlite:///{tmp_path}/db.sqlite3",
        tmp_path,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
        RATELIMIT_SIGN_UP="2 per minute",
    )
    from tests.conftest import reset_schema

    reset_schema(app)
    with app.app_context():
        limiter.reset()
    client = app.test_client()
    statuses = [
        post(client, "/sign-up", {"email": f"r{n}@example.org"}).status_code for n in range(3)
    ]
    with app.app_context():
        limiter.reset()
        db.engine.dispose()
    assert statuses == [400, 400, 429]
