"""Telling people things: a notification in the app and, unless they opted out, an email.

Features register the kinds they send with :func:`register_kind`; the wording is
translated when it is shown or emailed, in the reader's own language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select, update

from app import emails
from app.audit import utcnow
from app.extensions import db
from app.notifications.models import EmailOptOut, Notification


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  #: lazy string: the setting's label ("When my story is published")
    message: Any  #: lazy string with named placeholders taken from the notification's params
    endpoint: str  #: the page the notification links to
    link_args: Callable[[Notification], dict]  #: that endpoint's arguments


KINDS: dict[str, Kind] = {}


def register_kind(
    name: str, label, message, endpoint: str, link_args: Callable[[Notification], dict]
) -> None:
    KINDS[name] = Kind(name, label, message, endpoint, link_args)


def describe(notification: Notification) -> str:
    """The notification's sentence in the active language."""
    return str(KINDS[notification.kind].message) % notification.params


def path_for(notification: Notification) -> str:
    kind = KINDS[notification.kind]
    adapter = current_app.url_map.bind("localhost")
    return adapter.build(kind.endpoint, kind.link_args(notification))


def notify(user, kind: str, subject, **params: Any) -> Notification:
    """Tell ``user`` about ``subject``; emailed too unless they opted out of ``kind``."""
    if kind not in KINDS:
        raise LookupError(f"unknown notification kind {kind!r}")
    notification = Notification(
        user_id=user.id,
        kind=kind,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        params=params,
    )
    db.session.add(notification)
    db.session.flush()
    if wants_email(user.id, kind):
        emails.send(
            user.email,
            LazyString(describe, notification),
            "notification",
            locale=user.locale,
            notification=notification,
            link=current_app.config["PUBLIC_URL"].rstrip("/") + path_for(notification),
        )
    return notification


def wants_email(user_id: int, kind: str) -> bool:
    opted_out = db.session.get(EmailOptOut, (user_id, kind))
    return opted_out is None


def email_choices(user_id: int) -> dict[str, bool]:
    opted_out = set(
        db.session.scalars(select(EmailOptOut.kind).where(EmailOptOut.user_id == user_id))
    )
    return {name: name not in opted_out for name in KINDS}


def set_email_choices(user_id: int, wanted: set[str]) -> None:
    for name, currently in email_choices(user_id).items():
        if name in wanted and not currently:
            db.session.delete(db.session.get(EmailOptOut, (user_id, name)))
        elif name not in wanted and currently:
            db.session.add(EmailOptOut(user_id=user_id, kind=name))
    db.session.flush()


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def for_user(user_id: int):
    return (
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id.desc())
    )


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.flush()
