"""People and the roles they hold."""

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit import utcnow
from app.constraints import in_list
from app.content import LOCALITY_SLUGS
from app.extensions import db
from app.i18n import LOCALES


class Role(enum.StrEnum):
    """Roles a person can be granted. Everyone is a resident; these are held on top."""

    COMMUNITY_LEADER = "community_leader"
    COMMISSIONER = "commissioner"
    STAFF = "staff"
    MODERATOR = "moderator"
    #: Volunteers who translate published stories into other languages.
    TRANSLATOR = "translator"
    ADMIN = "admin"


RESIDENT = "resident"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(in_list("locale", LOCALES), name="locale_known"),
        CheckConstraint(in_list("locality", LOCALITY_SLUGS), name="locality_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        Index("ix_users_display_name_lower", text("lower(display_name)")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; the unique index makes sign-up race-free.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Preferred interface language; NULL means "follow the browser or the switcher".
    locale: Mapped[str | None] = mapped_column(String(10))
    #: One of the locality slugs in ``content/en/localities.toml``.
    locality: Mapped[str | None] = mapped_column(String(40))
    #: Version of the privacy notice accepted at sign-up, and when.
    privacy_notice_version: Mapped[str] = mapped_column(String(20))
    privacy_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Part of the login cookie: changing it signs the person out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="RoleGrant.user_id",
        lazy="selectin",
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def roles(self) -> set[str]:
        return {RESIDENT} | {grant.role for grant in self.role_grants}

    def has_role(self, role: str) -> bool:
        return role in self.roles


class RoleGrant(db.Model):
    __tablename__ = "role_grants"
    __table_args__ = (CheckConstraint(in_list("role", [r.value for r in Role]), name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])
