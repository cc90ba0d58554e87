"""Teams, their log books and their destination checks."""

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


class Setting(enum.StrEnum):
    SUPERVISION = "supervision"
    GROUP = "group"
    OTHER = "other"


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Rating(enum.StrEnum):
    NOT_YET = "not_yet"
    STARTING = "starting"
    GETTING_THERE = "getting_there"
    THERE = "there"


#: A rating's place on the scale, for averages and charts.
RATING_SCORES = {Rating.NOT_YET: 0, Rating.STARTING: 1, Rating.GETTING_THERE: 2, Rating.THERE: 3}


class Team(db.Model):
    __tablename__ = "deck_teams"
    __table_args__ = (
        CheckConstraint(
            "locality IS NULL OR " + in_list("locality", LOCALITY_SLUGS), name="locality_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    #: "It's up to you to define the community you want to work with."
    community: Mapped[str] = mapped_column(Text)
    locality: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list["TeamMember"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )

    def member(self, user) -> "TeamMember | None":
        if not (user and user.is_authenticated):
            return None
        return next((m for m in self.members if m.user_id == user.id), None)


class TeamMember(db.Model):
    __tablename__ = "deck_team_members"
    __table_args__ = (enum_check("role", MemberRole),)

    team_id: Mapped[int] = mapped_column(
        ForeignKey("deck_teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(8), default=MemberRole.MEMBER.value)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="selectin")


class TeamInvitation(db.Model):
    __tablename__ = "deck_team_invitations"
    __table_args__ = (
        UniqueConstraint("team_id", "email", name="uq_deck_team_invitations_email"),
        enum_check("status", InvitationStatus),
        Index("ix_deck_team_invitations_email_status", "email", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("deck_teams.id", ondelete="CASCADE"))
    #: Lower-cased; matched against the account that signs in with it.
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=InvitationStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    team: Mapped[Team] = relationship(lazy="selectin")


class LogEntry(db.Model):
    """One entry in a team's log book: what we did, what we learned, what next."""

    __tablename__ = "deck_log_entries"
    __table_args__ = (
        capability_check(),
        enum_check("setting", Setting),
        CheckConstraint(
            "next_step IS NOT NULL OR (next_owner_id IS NULL AND next_due IS NULL)",
            name="next_details_need_a_step",
        ),
        Index("ix_deck_log_entries_team_date", "team_id", "entry_date", "id"),
        Index("ix_deck_log_entries_team_capability", "team_id", "capability"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("deck_teams.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entry_date: Mapped[date] = mapped_column(Date)
    setting: Mapped[str] = mapped_column(String(12))
    #: The card used, by its identifier in ``content/en/deck.toml``.
    card_id: Mapped[str | None] = mapped_column(String(20))
    capability: Mapped[int] = mapped_column(Integer)
    did: Mapped[str] = mapped_column(Text)
    learned: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    next_due: Mapped[date | None] = mapped_column(Date)
    next_done: Mapped[bool] = mapped_column(Boolean, default=False)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="selectin")
    next_owner: Mapped[User | None] = relationship(foreign_keys=[next_owner_id], lazy="selectin")


class DestinationCheck(db.Model):
    __tablename__ = "deck_destination_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("deck_teams.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    ratings: Mapped[list["DestinationRating"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class DestinationRating(db.Model):
    __tablename__ = "deck_destination_ratings"
    __table_args__ = (enum_check("rating", Rating),)

    check_id: Mapped[int] = mapped_column(
        ForeignKey("deck_destination_checks.id", ondelete="CASCADE"), primary_key=True
    )
    #: A statement's identifier in ``content/en/destination.toml``.
    statement_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    rating: Mapped[str] = mapped_column(String(14))
    note: Mapped[str | None] = mapped_column(Text)
