import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import Role, User
from app.audit import AuditEvent
from app.extensions import db

pytestmark = pytest.mark.usefixtures("app_ctx")


def register(email="amina@example.org", password="river-stone-meadow"):
    return services.register(email, "  Amina  ", password, "2026-11-26")


def events(verb):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.verb == verb)).all()


def test_register_normalises_and_records_consent():
    user = register(email="  Amina@Example.ORG ")
    assert user.email == "amina@example.org"
    assert user.display_name == "Amina"
    assert user.privacy_notice_version == "2026-11-26"
    assert user.privacy_accepted_at is not None
    assert user.password_hash != "river-stone-meadow"
    assert user.roles == {"resident"}
    assert [e.subject_id for e in events("accounts.registered")] == [user.id]


def test_register_refuses_an_email_already_taken_whatever_its_case():
    register()
    with pytest.raises(services.EmailTaken):
        register(email="AMINA@example.org")
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_authenticate_checks_the_password():
    user = register()
    assert services.authenticate("AMINA@example.org", "river-stone-meadow") == user
    assert services.authenticate("amina@example.org", "wrong-password-here") is None
    assert services.authenticate("nobody@example.org", "river-stone-meadow") is None


def test_common_passwords_are_recognised_in_any_case():
    assert services.is_common_password("Password123")
    assert services.is_common_password("QWERTYUIOP")
    assert not services.is_common_password("river-stone-meadow")


def test_changing_the_password_signs_out_other_sessions():
    user = register()
    old_cookie_id = user.get_id()
    services.change_password(user, "river-stone-meadow", "new-moon-lantern-9")
    assert services.load_user(old_cookie_id) is None
    assert services.load_user(user.get_id()) == user
    assert services.authenticate(user.email, "new-moon-lantern-9") == user
    assert len(events("accounts.password_changed")) == 1


def test_changing_the_password_needs_the_current_one():
    user = register()
    with pytest.raises(services.WrongPassword):
        services.change_password(user, "not-my-password", "new-moon-lantern-9")
    assert services.authenticate(user.email, "river-stone-meadow") == user


def test_load_user_refuses_malformed_ids():
    user = register()
    assert services.load_user(f"{user.id}") is None
    assert services.load_user(f"{user.id}:wrong") is None
    assert services.load_user("abc:def") is None


def test_a_reset_link_works_once():
    user = register()
    token = services.make_reset_token(user)
    assert services.user_for_reset_token(token) == user
    services.reset_password(token, "fresh-orchard-path")
    assert services.authenticate(user.email, "fresh-orchard-path") == user
    with pytest.raises(services.ResetLinkInvalid):
        services.user_for_reset_token(token)


def test_a_tampered_reset_link_is_refused():
    user = register()
    token = services.make_reset_token(user)
    with pytest.raises(services.ResetLinkInvalid):
        services.user_for_reset_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_a_reset_link_expires_after_an_hour(monkeypatch):
    user = register()
    token = services.make_reset_token(user)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + 3601)
    with pytest.raises(services.ResetLinkExpired):
        services.user_for_reset_token(token)


def test_granting_and_revoking_roles_is_audited():
    admin = register("admin@example.org")
    user = register()
    assert services.grant_role(user, Role.MODERATOR, admin)
    assert not services.grant_role(user, Role.MODERATOR, admin)
    assert user.roles == {"resident", "moderator"}
    assert services.revoke_role(user, Role.MODERATOR, admin)
    assert not services.revoke_role(user, Role.MODERATOR, admin)
    assert user.roles == {"resident"}
    granted, revoked = events("accounts.role_granted"), events("accounts.role_revoked")
    assert [(e.actor_id, e.subject_id, e.details) for e in granted] == [
        (admin.id, user.id, {"role": "moderator"})
    ]
    assert [(e.actor_id, e.details) for e in revoked] == [(admin.id, {"role": "moderator"})]


def test_update_profile_records_only_changed_field_names():
    user = register()
    services.update_profile(user, "Amina K", "ur", "oldham")
    assert (user.display_name, user.locale, user.locality) == ("Amina K", "ur", "oldham")
    services.update_profile(user, "Amina K", "ur", "oldham")
    changes = [e.details for e in events("accounts.profile_updated")]
    assert changes == [{"fields": ["display_name", "locale", "locality"]}]


def test_export_contains_the_account_and_its_history():
    user = register()
    services.grant_role(user, Role.STAFF, None)
    data = services.export_personal_data(user)
    assert data["account"]["email"] == "amina@example.org"
    assert data["roles"] == ["resident", "staff"]
    assert [item["what"] for item in data["account_history"]] == [
        "accounts.registered",
        "accounts.role_granted",
    ]
    assert "password" not in str(data)


def test_delete_account_erases_the_person_but_keeps_an_anonymous_trail():
    admin = register("admin@example.org")
    user = register()
    services.grant_role(user, Role.STAFF, admin)
    services.grant_role(admin, Role.ADMIN, user)
    user_id = user.id
    services.delete_account(user, "river-stone-meadow")
    assert db.session.get(User, user_id) is None
    assert services.user_by_email("amina@example.org") is None
    by_them = db.session.scalars(
        select(AuditEvent).where(AuditEvent.verb == "accounts.role_granted")
    )
    assert {e.actor_id for e in by_them} == {admin.id, None}
    deleted = events("accounts.deleted")
    assert [(e.subject_id, e.actor_id) for e in deleted] == [(user_id, None)]


def test_delete_account_needs_the_password():
    user = register()
    with pytest.raises(services.WrongPassword):
        services.delete_account(user, "wrong-password-1")
    assert services.user_by_email(user.email) is not None


def test_search_matches_the_start_of_email_or_name():
    register("amina@example.org")
    services.register("bob@example.org", "Zainab", "river-stone-meadow", "v")
    found = lambda q: [u.email for u in db.session.scalars(services.search_users(q))]  # noqa: E731
    assert found("ami") == ["amina@example.org"]
    assert found("zai") == ["bob@example.org"]
    assert sorted(found("")) == ["amina@example.org", "bob@example.org"]
    assert found("mina") == []


def test_passwords_use_a_slow_hash_outside_tests(app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
    assert services.hash_password("river-stone-meadow").startswith("scrypt:")
