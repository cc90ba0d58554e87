"""The one audit and activity log: who did what to which object, and when."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """Every stored time is UTC, but SQLite gives it back without saying so."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_subject", "subject_type", "subject_id"),
        Index("ix_audit_events_occurred_at_id", "occurred_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Who acted; NULL for the system, or once the actor's account has been deleted.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: A dotted verb such as ``accounts.role_granted``.
    verb: Mapped[str] = mapped_column(String(64), index=True)
    #: The table name of the object acted on.
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    #: Small facts about the change; never passwords, tokens or free text from users.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User", lazy="raise")


#: Human-readable, translatable names for verbs, registered by each feature.
VERB_LABELS: dict[str, Any] = {}


def describe_verbs(labels: dict[str, Any]) -> None:
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


def record(actor, verb: str, subject, **details: Any) -> AuditEvent:
    """Add an audit event for ``actor`` doing ``verb`` to ``subject`` (flushed, not committed)."""
    actor_id = actor.id if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor_id=actor_id,
        verb=verb,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    return event
