"""Stories of what works, their replies, and reports about either."""

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.audit import utcnow
from app.constraints import enum_check, in_list
from app.content import LOCALITY_SLUGS, capability_check
from app.extensions import db

TITLE_MAX = 120
BODY_MAX = 6000
RESPONSE_MAX = 3000
NOTE_MAX = 1000


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


#: The only moves a story can make. Withdrawal is open to the teller at every stage.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset({State.PUBLISHED, State.RETURNED, State.REJECTED, State.WITHDRAWN}),
    State.RETURNED: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.PUBLISHED: frozenset({State.WITHDRAWN}),
    State.REJECTED: frozenset({State.WITHDRAWN}),
    State.WITHDRAWN: frozenset(),
}


class Visibility(enum.StrEnum):
    PUBLIC = "public"  #: everyone on the site
    STAFF = "staff"  #: only staff, commissioners and moderators


class Naming(enum.StrEnum):
    ANONYMOUS = "anonymous"
    FIRST_NAME = "first_name"


class Safeguarding(enum.StrEnum):
    NONE = "none"
    LOW = "low"
    SERIOUS = "serious"
    URGENT = "urgent"


class ConsentMethod(enum.StrEnum):
    """How a person without an account gave consent to a story told on their behalf."""

    HEARING = "hearing"
    PAPER = "paper"
    PHONE = "phone"
    IN_PERSON = "in_person"


class RejectionReason(enum.StrEnum):
    NOT_A_STORY = "not_a_story"
    IDENTIFIES_PEOPLE = "identifies_people"
    ABUSIVE = "abusive"
    ADVERTISING = "advertising"
    DUPLICATE = "duplicate"
    OTHER = "other"


class ReportReason(enum.StrEnum):
    PERSONAL_DETAILS = "personal_details"
    OFFENSIVE = "offensive"
    UNTRUE = "untrue"
    SPAM = "spam"
    OTHER = "other"


class Change(enum.StrEnum):
    NONE = "none"
    PLANNED = "planned"
    MADE = "made"


THEMES = (
    "mental_health",
    "ageing_well",
    "children_young_people",
    "disability",
    "long_term_conditions",
    "carers",
    "loneliness",
    "housing",
    "end_of_life",
    "social_prescribing",
)

#: The state in which a story can be shown to the public (given its visibility).
PUBLISHED_AND_CONSENTED = (
    "state != 'published' OR (consent_at IS NOT NULL AND over_13 AND health_consent"
    " AND public_title IS NOT NULL AND public_body IS NOT NULL)"
)


class Story(db.Model):
    __tablename__ = "stories"
    __table_args__ = (
        capability_check(nullable=True),
        enum_check("state", State),
        enum_check("visibility", Visibility),
        enum_check("naming", Naming),
        enum_check("safeguarding", Safeguarding),
        CheckConstraint(
            "consent_method IS NULL OR "
            + in_list("consent_method", [m.value for m in ConsentMethod]),
            name="consent_method_known",
        ),
        CheckConstraint(
            f"rejection_reason IS NULL OR "
            f"{in_list('rejection_reason', [m.value for m in RejectionReason])}",
            name="rejection_reason_known",
        ),
        CheckConstraint(in_list("locality", LOCALITY_SLUGS), name="locality_known"),
        CheckConstraint(PUBLISHED_AND_CONSENTED, name="published_needs_consent"),
        UniqueConstraint("author_id", "submission_key", name="uq_stories_author_submission"),
        Index("ix_stories_state_published", "state", "published_at", "id"),
        Index("ix_stories_state_submitted", "state", "submitted_at", "id"),
        Index("ix_stories_capability_published", "capability", "published_at"),
        Index("ix_stories_locality_published", "locality", "published_at"),
        Index("ix_stories_lang_published", "lang", "published_at"),
        Index("ix_stories_updated", "updated_at"),
        #: The open-data API lists public stories in id order.
        Index("ix_stories_public_id", "state", "visibility", "hidden_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The account that wrote the story in: the teller's own, or, when ``on_behalf``, the
    #: community leader or staff member who recorded it for someone without an account.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The first name to show, when the teller chose to be named.
    teller_first_name: Mapped[str | None] = mapped_column(String(60))
    #: Unique per author; stops a form sent twice from making two stories.
    submission_key: Mapped[str] = mapped_column(String(64))

    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    #: BCP 47 tag of the language the story is written in.
    lang: Mapped[str] = mapped_column(String(16))
    #: The capability the story shows; NULL while the teller was not sure.
    capability: Mapped[int | None] = mapped_column()
    locality: Mapped[str] = mapped_column(String(40))

    #: What the public sees: a copy of the title and text, redacted by a moderator if needed.
    public_title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    public_body: Mapped[str | None] = mapped_column(Text)

    visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PUBLIC.value)
    naming: Mapped[str] = mapped_column(String(12), default=Naming.ANONYMOUS.value)
    over_13: Mapped[bool] = mapped_column(Boolean, default=False)
    health_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Version of the consent wording agreed to, and when.
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: For stories told on someone's behalf: how consent was given.
    consent_method: Mapped[str | None] = mapped_column(String(12))

    state: Mapped[str] = mapped_column(String(12), default=State.DRAFT.value)
    safeguarding: Mapped[str] = mapped_column(String(8), default=Safeguarding.NONE.value)
    #: The note sent back with a returned story, or added to a rejection.
    moderator_note: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    #: Set when enough reports hide a published story until a moderator looks again.
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[User | None] = relationship(lazy="raise")
    themes: Mapped[list["StoryTheme"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="StoryTheme.theme",
    )
    responses: Mapped[list["StoryResponse"]] = relationship(
        back_populates="story",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        order_by="StoryResponse.created_at",
    )

    @property
    def theme_names(self) -> list[str]:
        return [t.theme for t in self.themes]

    @property
    def is_public(self) -> bool:
        return (
            self.state == State.PUBLISHED
            and self.hidden_at is None
            and self.visibility == Visibility.PUBLIC
        )


class StoryTheme(db.Model):
    __tablename__ = "story_themes"
    __table_args__ = (
        CheckConstraint(in_list("theme", THEMES), name="theme_known"),
        Index("ix_story_themes_theme", "theme", "story_id"),
    )

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(32), primary_key=True)


class StoryResponse(db.Model):
    """A public reply to a story from staff or a commissioner."""

    __tablename__ = "story_responses"
    __table_args__ = (
        enum_check("change", Change),
        CheckConstraint(
            "change = 'none' OR (change_description IS NOT NULL AND change_description <> '')",
            name="change_is_described",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Shown with the reply: the author's name, role and organisation at the time.
    author_name: Mapped[str] = mapped_column(String(60))
    author_role: Mapped[str] = mapped_column(String(32))
    organisation: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(String(8), default=Change.NONE.value)
    change_description: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    story: Mapped[Story] = relationship(back_populates="responses", lazy="raise")


class Report(db.Model):
    """Someone's concern about a story or a reply; three from different people hide it."""

    __tablename__ = "story_reports"
    __table_args__ = (
        enum_check("reason", ReportReason),
        CheckConstraint("(story_id IS NULL) <> (response_id IS NULL)", name="reports_one_thing"),
        Index(
            "uq_story_reports_story_once",
            "reporter_id",
            "story_id",
            unique=True,
            sqlite_where=text("story_id IS NOT NULL"),
            postgresql_where=text("story_id IS NOT NULL"),
        ),
        Index(
            "uq_story_reports_response_once",
            "reporter_id",
            "response_id",
            unique=True,
            sqlite_where=text("response_id IS NOT NULL"),
            postgresql_where=text("response_id IS NOT NULL"),
        ),
        Index("ix_story_reports_open", "resolved_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("story_responses.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TranslationState(enum.StrEnum):
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"


class StoryTranslation(db.Model):
    """A volunteer's translation of a published story: shown beside it, never instead of it."""

    __tablename__ = "story_translations"
    __table_args__ = (
        enum_check("state", TranslationState),
        #: One translation at a time into each language: waiting, or published.
        Index(
            "uq_story_translations_one_per_language",
            "story_id",
            "lang",
            unique=True,
            sqlite_where=text("state IN ('submitted', 'published')"),
            postgresql_where=text("state IN ('submitted', 'published')"),
        ),
        Index("ix_story_translations_lang_state", "lang", "state", "story_id"),
        Index("ix_story_translations_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    #: BCP 47 tag of the language translated into.
    lang: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    translator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(10), default=TranslationState.SUBMITTED.value)
    #: Why a moderator could not publish it, for the translator.
    moderator_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    translator: Mapped[User | None] = relationship(lazy="selectin")
    story: Mapped[Story] = relationship(lazy="selectin")
