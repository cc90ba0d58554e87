"""The verbs of accounts: registering, signing in, passwords, profile, roles, erasure.

Services flush and never commit; the route (or command) that calls them commits once.
"""

import hmac
from datetime import datetime
from functools import cache
from hashlib import sha256
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app import emails
from app.accounts.models import Role, RoleGrant, User, new_session_token
from app.audit import AuditEvent, describe_verbs, record, utcnow
from app.extensions import db

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
RESET_SALT = "password-reset"
#: Compared against when no account matches, so that a wrong email costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing")

describe_verbs(
    {
        "accounts.registered": _l("Account created"),
        "accounts.profile_updated": _l("Profile updated"),
        "accounts.password_changed": _l("Password changed"),
        "accounts.password_reset": _l("Password reset by email link"),
        "accounts.role_granted": _l("Role granted"),
        "accounts.role_revoked": _l("Role revoked"),
        "accounts.deleted": _l("Account deleted"),
    }
)


class AccountError(Exception):
    """A request the account rules refuse; the message is shown to the person."""


class EmailTaken(AccountError):
    pass


class WrongPassword(AccountError):
    pass


class ResetLinkInvalid(AccountError):
    pass


class ResetLinkExpired(ResetLinkInvalid):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    return password.lower() in common_passwords()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def users_by_id(ids) -> dict[int, User]:
    """The users with these ids, in one query."""
    ids = set(ids)
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def register(email: str, display_name: str, password: str, privacy_notice_version: str) -> User:
    """Create an account for someone who has accepted the privacy notice."""
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        privacy_notice_version=privacy_notice_version,
        privacy_accepted_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise EmailTaken(email) from None
    record(user, "accounts.registered", user, privacy_notice_version=privacy_notice_version)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def record_sign_in(user: User) -> None:
    user.last_signed_in_at = utcnow()
    db.session.flush()


def load_user(session_id: str) -> User | None:
    """The user a login cookie names, if its session token is still current."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def update_profile(user: User, display_name: str, locale: str | None, locality: str | None) -> None:
    changed = sorted(
        field
        for field, value in (
            ("display_name", display_name.strip()),
            ("locale", locale or None),
            ("locality", locality or None),
        )
        if getattr(user, field) != value
    )
    user.display_name = display_name.strip()
    user.locale = locale or None
    user.locality = locality or None
    if changed:
        record(user, "accounts.profile_updated", user, fields=changed)
    db.session.flush()


def set_preferred_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.flush()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password; signs the person out of every other browser."""
    if not check_password_hash(user.password_hash, current_password):
        raise WrongPassword()
    _set_password(user, new_password)
    record(user, "accounts.password_changed", user)
    db.session.flush()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, which makes every reset link single-use."""
    return sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"user": user.id, "pw": _password_fingerprint(user)})


def make_reset_token_for_timing() -> None:
    """Do the signing work of a real token, so that unknown addresses cost the same."""
    _reset_serializer().dumps({"user": 0, "pw": "0" * 16})


def user_for_reset_token(token: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise ResetLinkExpired() from None
    except BadSignature:
        raise ResetLinkInvalid() from None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not hmac.compare_digest(_password_fingerprint(user), data.get("pw", "")):
        raise ResetLinkInvalid()
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    record(None, "accounts.password_reset", user)
    db.session.flush()
    return user


def grant_role(user: User, role: Role, actor: User | None) -> bool:
    """Give ``user`` a role; False when they already held it."""
    if user.has_role(role):
        return False
    grant = RoleGrant(role=role.value, granted_by_id=actor.id if actor else None)
    user.role_grants.append(grant)
    db.session.flush()
    record(actor, "accounts.role_granted", user, role=role.value)
    return True


def revoke_role(user: User, role: Role, actor: User | None) -> bool:
    """Take a role away from ``user``; False when they did not hold it."""
    grant = next((g for g in user.role_grants if g.role == role.value), None)
    if grant is None:
        return False
    user.role_grants.remove(grant)
    db.session.flush()
    record(actor, "accounts.role_revoked", user, role=role.value)
    return True


def set_roles(user: User, wanted: set[str], actor: User | None) -> bool:
    """Grant and revoke so that ``user`` holds exactly ``wanted``; True if anything changed."""
    changed = False
    for role in Role:
        if role.value in wanted:
            changed |= grant_role(user, role, actor)
        else:
            changed |= revoke_role(user, role, actor)
    return changed


def send_password_reset(email: str, reset_url) -> None:
    """Email a single-use reset link, if ``email`` has an account; silent otherwise.

    ``reset_url`` turns a token into the link to send.
    """
    user = user_by_email(email)
    if user is None:
        make_reset_token_for_timing()
        return
    emails.send(
        user.email,
        _l("Reset your password"),
        "reset_password",
        locale=user.locale,
        user=user,
        link=reset_url(make_reset_token(user)),
    )


def search_users(query: str | None):
    """A select of users, newest first, optionally matching the start of email or name."""
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if query and query.strip():
        prefix = query.strip().lower()
        statement = statement.where(
            or_(User.email.startswith(prefix), func.lower(User.display_name).startswith(prefix))
        )
    return statement


def recent_audit_events():
    return (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_personal_data(user: User) -> dict:
    """Everything the platform holds about a person, as plain data they can download."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == User.__tablename__, AuditEvent.subject_id == user.id)
        .order_by(AuditEvent.occurred_at)
    )
    extra = dict(exporter(user) for exporter in PERSONAL_DATA_EXPORTERS)
    return {
        **extra,
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.locale,
            "locality": user.locality,
            "created_at": _iso(user.created_at),
            "last_signed_in_at": _iso(user.last_signed_in_at),
            "privacy_notice_version": user.privacy_notice_version,
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
        },
        "roles": sorted(user.roles),
        "account_history": [
            {"at": _iso(e.occurred_at), "what": e.verb, "details": e.details} for e in events
        ],
    }


#: Called as ``exporter(user) -> (name, data)`` to add each feature's records about a person
#: to their data download.
PERSONAL_DATA_EXPORTERS: list = []

#: Called as ``hook(user, keep_published)`` before an account is erased, so that each
#: feature can remove (or, if the person chose so, anonymise) what the person made.
ACCOUNT_DELETION_HOOKS: list = []


def delete_account(user: User, password: str, keep_published: bool = False) -> None:
    """Erase a person's account and personal data; their audit trail is kept without them."""
    if not check_password_hash(user.password_hash, password):
        raise WrongPassword()
    for hook in ACCOUNT_DELETION_HOOKS:
        hook(user, keep_published)
    user_id = user.id
    db.session.delete(user)
    db.session.flush()
    db.session.add(
        AuditEvent(actor_id=None, verb="accounts.deleted", subject_type="users", subject_id=user_id)
    )
    db.session.flush()
