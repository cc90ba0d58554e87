"""Citizens' hearings, walkabouts, forums and connect-and-plan meetings, and their records."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.audit import utcnow
from app.constraints import enum_check, in_list
from app.content import LOCALITY_SLUGS, capability_check
from app.extensions import db

TITLE_MAX = 120


class Kind(enum.StrEnum):
    HEARING = "hearing"
    WALKABOUT = "walkabout"
    FORUM = "forum"
    CONNECT_PLAN = "connect_plan"


class EventState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    HELD = "held"
    RECORD_PUBLISHED = "record_published"
    CANCELLED = "cancelled"


#: The only moves an event can make.
TRANSITIONS: dict[EventState, frozenset[EventState]] = {
    EventState.DRAFT: frozenset({EventState.PUBLISHED, EventState.CANCELLED}),
    EventState.PUBLISHED: frozenset({EventState.HELD, EventState.CANCELLED}),
    EventState.HELD: frozenset({EventState.RECORD_PUBLISHED}),
    EventState.RECORD_PUBLISHED: frozenset(),
    EventState.CANCELLED: frozenset(),
}


class Seniority(enum.StrEnum):
    FRONTLINE = "frontline"
    MANAGER = "manager"
    SENIOR = "senior"
    EXECUTIVE = "executive"


class InvitationStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class CommitmentStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Event(db.Model):
    __tablename__ = "hearing_events"
    __table_args__ = (
        enum_check("kind", Kind),
        enum_check("state", EventState),
        CheckConstraint(in_list("locality", LOCALITY_SLUGS), name="locality_known"),
        capability_check("capability_focus", nullable=True),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        Index("ix_hearing_events_state_starts", "state", "starts_at"),
        Index("ix_hearing_events_locality_starts", "locality", "starts_at"),
        Index("ix_hearing_events_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(14))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    #: The question or theme the event is about.
    theme: Mapped[str] = mapped_column(Text)
    capability_focus: Mapped[int | None] = mapped_column(Integer)
    locality: Mapped[str] = mapped_column(String(40))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The venue, or for a walkabout the meeting point.
    venue: Mapped[str] = mapped_column(String(200))
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible_toilet: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_space: Mapped[bool] = mapped_column(Boolean, default=False)
    parking: Mapped[bool] = mapped_column(Boolean, default=False)
    public_transport: Mapped[str] = mapped_column(String(300), default="")
    #: Languages spoken at the event, and interpreters booked, in the host's words.
    languages: Mapped[str] = mapped_column(String(200), default="")
    interpreters: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default=EventState.DRAFT.value)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    #: The key themes heard, written by the hosts for the record.
    key_themes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    record_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    co_hosts: Mapped[list["CoHost"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    stops: Mapped[list["Stop"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="Stop.position",
    )

    def is_host(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False
        return user.id == self.host_id or any(c.user_id == user.id for c in self.co_hosts)


class CoHost(db.Model):
    __tablename__ = "hearing_co_hosts"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user: Mapped[User] = relationship(lazy="selectin")


class Invitation(db.Model):
    """A formal leader invited to listen, with their role and seniority."""

    __tablename__ = "hearing_invitations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_hearing_invitations_once"),
        enum_check("seniority", Seniority),
        enum_check("status", InvitationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_events.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_title: Mapped[str] = mapped_column(String(120))
    seniority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=InvitationStatus.INVITED.value)
    message: Mapped[str | None] = mapped_column(Text)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="selectin")


class Registration(db.Model):
    __tablename__ = "hearing_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_hearing_registrations_once"),
        enum_check("status", RegistrationStatus),
        Index("ix_hearing_registrations_event_status", "event_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hearing_events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    needs_bsl: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(60))
    other_needs: Mapped[str | None] = mapped_column(String(300))
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="selectin")


class Stop(db.Model):
    """A stop on a walkabout's route."""

    __tablename__ = "hearing_stops"
    __table_args__ = (UniqueConstraint("event_id", "position", name="uq_hearing_stops_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hearing_events.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    look_at: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[list["Observation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Observation.created_at"
    )


class Observation(db.Model):
    __tablename__ = "hearing_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    stop_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_stops.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Heard(db.Model):
    """Something heard at the event: a note or a testimony, tied to a capability."""

    __tablename__ = "hearing_heard"
    __table_args__ = (
        capability_check(),
        CheckConstraint("speaker_name IS NULL OR speaker_consent", name="named_only_with_consent"),
        Index("ix_hearing_heard_event", "event_id", "id"),
        Index("ix_hearing_heard_capability", "capability"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hearing_events.id", ondelete="CASCADE"))
    is_testimony: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    #: BCP 47 tag of the language it was said and written down in.
    lang: Mapped[str] = mapped_column(String(16), default="en-GB", server_default="en-GB")
    capability: Mapped[int] = mapped_column(Integer)
    #: Shown beside a quote only when the speaker agreed to be named.
    speaker_name: Mapped[str | None] = mapped_column(String(60))
    speaker_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The story this testimony became, when the speaker agreed to share it as one.
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Commitment(db.Model):
    """What a formal leader said they would do, followed up in public until it is closed."""

    __tablename__ = "hearing_commitments"
    __table_args__ = (
        enum_check("status", CommitmentStatus),
        CheckConstraint(
            "status <> 'dropped' OR (drop_reason IS NOT NULL AND drop_reason <> '')",
            name="dropped_with_reason",
        ),
        Index("ix_hearing_commitments_owner_status", "owner_id", "status"),
        Index("ix_hearing_commitments_due", "status", "due_on"),
        Index("ix_hearing_commitments_capability", "capability"),
        capability_check(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_events.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    capability: Mapped[int] = mapped_column(Integer)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=CommitmentStatus.OPEN.value)
    drop_reason: Mapped[str | None] = mapped_column(Text)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    owner: Mapped[User] = relationship(lazy="selectin")
    updates: Mapped[list["CommitmentUpdate"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CommitmentUpdate.created_at"
    )


class CommitmentUpdate(db.Model):
    __tablename__ = "hearing_commitment_updates"
    __table_args__ = (enum_check("status", CommitmentStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_commitments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
