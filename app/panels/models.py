"""Resident panels: who they are for, who applies, how seats are drawn, who sits on them."""

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
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

NAME_MAX = 120


class PanelState(enum.StrEnum):
    DRAFT = "draft"
    RECRUITING = "recruiting"
    SELECTING = "selecting"
    ACTIVE = "active"
    CLOSED = "closed"


#: The only moves a panel can make.
TRANSITIONS: dict[PanelState, frozenset[PanelState]] = {
    PanelState.DRAFT: frozenset({PanelState.RECRUITING}),
    PanelState.RECRUITING: frozenset({PanelState.SELECTING}),
    PanelState.SELECTING: frozenset({PanelState.RECRUITING, PanelState.ACTIVE}),
    PanelState.ACTIVE: frozenset({PanelState.CLOSED}),
    PanelState.CLOSED: frozenset(),
}


class Power(enum.StrEnum):
    """How much say the panel has, from the least to the most."""

    INFORMS = "informs"
    CONSULTED = "consulted"
    ADVISES = "advises"
    DECIDES_JOINTLY = "decides_jointly"


class ApplicationStatus(enum.StrEnum):
    APPLIED = "applied"
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"


class RunState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Route(enum.StrEnum):
    """How a member came to the panel."""

    SELECTED = "selected"
    RESERVE = "reserve"
    APPOINTED = "appointed"


class SeatStatus(enum.StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Panel(db.Model):
    __tablename__ = "panels"
    __table_args__ = (
        enum_check("state", PanelState),
        enum_check("power", Power),
        CheckConstraint(in_list("locality", LOCALITY_SLUGS), name="locality_known"),
        capability_check("capability_focus", nullable=True),
        CheckConstraint("target_size > 0", name="target_size_positive"),
        CheckConstraint("reserve_size >= 0", name="reserve_size_not_negative"),
        CheckConstraint("term_ends_on >= term_starts_on", name="term_in_order"),
        Index("ix_panels_state_created", "state", "created_at"),
        Index("ix_panels_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    #: What the panel advises on, in plain words.
    remit: Mapped[str] = mapped_column(Text)
    locality: Mapped[str] = mapped_column(String(40))
    capability_focus: Mapped[int | None] = mapped_column(Integer)
    power: Mapped[str] = mapped_column(String(16))
    target_size: Mapped[int] = mapped_column(Integer)
    #: How many people to draw as reserves, offered seats in order when someone declines.
    reserve_size: Mapped[int] = mapped_column(Integer, default=0)
    #: When set, at most one person per household is selected.
    one_per_household: Mapped[bool] = mapped_column(Boolean, default=False)
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=PanelState.DRAFT.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    conveners: Mapped[list["PanelConvener"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    questions: Mapped[list["SelectionQuestion"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="SelectionQuestion.id",
    )

    def is_convener(self, user) -> bool:
        return bool(user and user.is_authenticated) and any(
            c.user_id == user.id for c in self.conveners
        )


class PanelConvener(db.Model):
    __tablename__ = "panel_conveners"

    panel_id: Mapped[int] = mapped_column(
        ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user: Mapped[User] = relationship(lazy="selectin")


class SelectionQuestion(db.Model):
    """A category the draw balances, such as age band, with its values and seat targets."""

    __tablename__ = "panel_selection_questions"
    __table_args__ = (UniqueConstraint("panel_id", "name", name="uq_panel_questions_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    #: Why the question is asked, shown to applicants beside it.
    why: Mapped[str] = mapped_column(Text)
    values: Mapped[list["SelectionValue"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="SelectionValue.id",
    )


class SelectionValue(db.Model):
    __tablename__ = "panel_selection_values"
    __table_args__ = (
        UniqueConstraint("question_id", "label", name="uq_panel_values_label"),
        CheckConstraint("min_seats >= 0 AND max_seats >= min_seats", name="seats_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("panel_selection_questions.id", ondelete="CASCADE")
    )
    label: Mapped[str] = mapped_column(String(80))
    min_seats: Mapped[int] = mapped_column(Integer)
    max_seats: Mapped[int] = mapped_column(Integer)


class Application(db.Model):
    __tablename__ = "panel_applications"
    __table_args__ = (
        UniqueConstraint("panel_id", "user_id", name="uq_panel_applications_once"),
        enum_check("status", ApplicationStatus),
        CheckConstraint("lives_or_works_here", name="lives_or_works_here"),
        CheckConstraint(
            "probability IS NULL OR (probability >= 0 AND probability <= 1)",
            name="probability_range",
        ),
        Index("ix_panel_applications_panel_status", "panel_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lives_or_works_here: Mapped[bool] = mapped_column(Boolean)
    needs_bsl: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The language an interpreter is needed for, if any.
    interpreter_language: Mapped[str | None] = mapped_column(String(60))
    needs_childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_travel: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Only asked when the panel seats one person per household; seen by conveners only.
    household: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(14), default=ApplicationStatus.APPLIED.value)
    #: Chance of selection from the latest draw (maximin); NULL until a draw has run.
    probability: Mapped[float | None] = mapped_column(Float)
    #: Place on the reserve list, 1 first.
    reserve_rank: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")
    answers: Mapped[list["ApplicationAnswer"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class ApplicationAnswer(db.Model):
    """An applicant's optional answer to a selection question; seen by conveners only."""

    __tablename__ = "panel_application_answers"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("panel_applications.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("panel_selection_questions.id", ondelete="CASCADE"), primary_key=True
    )
    value_id: Mapped[int] = mapped_column(
        ForeignKey("panel_selection_values.id", ondelete="CASCADE")
    )


class SelectionRun(db.Model):
    """One draw of a panel's seats, kept as the record of how the panel was chosen."""

    __tablename__ = "panel_selection_runs"
    __table_args__ = (
        enum_check("state", RunState),
        Index(
            "uq_panel_selection_runs_one_active",
            "panel_id",
            unique=True,
            sqlite_where=text("state IN ('queued', 'running')"),
            postgresql_where=text("state IN ('queued', 'running')"),
        ),
        Index("ix_panel_selection_runs_panel_created", "panel_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(10), default=RunState.QUEUED.value)
    algorithm: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(Integer)
    seats: Mapped[int] = mapped_column(Integer)
    reserves: Mapped[int] = mapped_column(Integer)
    one_per_household: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The targets as they stood when the draw started: [{category, value, min, max}].
    targets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The applications drawn for seats, and for the reserve list in its order.
    selected: Mapped[list[int]] = mapped_column(JSON, default=list)
    reserve: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Every applicant's chance of selection in this draw: {application id: probability}.
    probabilities: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    #: Seats filled per category and value: {category: {value: count}}.
    filled: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applicants: Mapped[int] = mapped_column(Integer, default=0)
    #: Categories named when the targets could not be met.
    conflicts: Mapped[list[str]] = mapped_column(JSON, default=list)
    failure: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Member(db.Model):
    __tablename__ = "panel_members"
    __table_args__ = (
        UniqueConstraint("panel_id", "user_id", name="uq_panel_members_once"),
        enum_check("route", Route),
        enum_check("status", SeatStatus),
        Index("ix_panel_members_panel_status", "panel_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    route: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=SeatStatus.OFFERED.value)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="selectin")


class PanelMeeting(db.Model):
    """A meeting of a panel: when, where, what it will discuss, and afterwards its minutes."""

    __tablename__ = "panel_meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_panel_meetings_panel_starts", "panel_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    venue: Mapped[str] = mapped_column(String(200))
    #: Step-free access, hearing loop, quiet room and the like.
    accessibility: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text)
    #: Papers for members only.
    papers: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Attendance(db.Model):
    __tablename__ = "panel_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("panel_meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Ask(db.Model):
    """A commissioning question a commissioner puts to a panel."""

    __tablename__ = "panel_asks"
    __table_args__ = (
        CheckConstraint("answer_by >= advice_needed_by", name="answer_after_advice"),
        Index("ix_panel_asks_panel_created", "panel_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    commissioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    question: Mapped[str] = mapped_column(String(300))
    background: Mapped[str] = mapped_column(Text)
    #: The decision the advice will inform.
    decision: Mapped[str] = mapped_column(Text)
    advice_needed_by: Mapped[date] = mapped_column(Date)
    #: The date by which the commissioner commits to answer the panel's advice.
    answer_by: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgreedHow(enum.StrEnum):
    CONSENSUS = "consensus"
    VOTE = "vote"


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"
    IN_PART = "in_part"
    NOT_ACCEPTED = "not_accepted"
    UNDER_CONSIDERATION = "under_consideration"


class Progress(enum.StrEnum):
    NONE = "none"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Advice(db.Model):
    """What a panel advised, in answer to an ask or on its own initiative."""

    __tablename__ = "panel_advice"
    __table_args__ = (
        enum_check("agreed_how", AgreedHow),
        CheckConstraint(
            "agreed_how = 'consensus' OR (votes_for IS NOT NULL AND votes_against IS NOT NULL"
            " AND votes_abstained IS NOT NULL)",
            name="votes_recorded",
        ),
        Index("ix_panel_advice_panel_created", "panel_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("panel_asks.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text)
    agreed_how: Mapped[str] = mapped_column(String(10))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstained: Mapped[int | None] = mapped_column(Integer)
    minority_view: Mapped[str | None] = mapped_column(Text)
    #: The date an answer is due: the ask's committed date, or one the conveners set.
    answer_due_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    recommendations: Mapped[list["Recommendation"]] = relationship(
        back_populates="advice",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Recommendation.id",
    )
    ask: Mapped[Ask | None] = relationship(lazy="selectin")


class Recommendation(db.Model):
    __tablename__ = "panel_recommendations"
    __table_args__ = (
        capability_check(),
        CheckConstraint(
            f"decision IS NULL OR {in_list('decision', [d.value for d in Decision])}",
            name="decision_known",
        ),
        enum_check("progress", Progress),
        CheckConstraint(
            "decision IS NULL OR decision = 'accepted' OR (reasons IS NOT NULL AND reasons <> '')",
            name="reasons_unless_accepted",
        ),
        Index("ix_panel_recommendations_capability", "capability"),
        Index("ix_panel_recommendations_decision", "decision"),
        Index("ix_panel_recommendations_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(
        ForeignKey("panel_advice.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    capability: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[str | None] = mapped_column(Text)
    #: What will happen, as the commissioner answered.
    next_steps: Mapped[str | None] = mapped_column(Text)
    by_when: Mapped[date | None] = mapped_column(Date)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    progress: Mapped[str] = mapped_column(String(12), default=Progress.NONE.value)
    #: Set once a reminder, and once an overdue notice, has gone to the commissioner.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overdue_notice_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The last public change: the answer or a progress update (for open-data consumers).
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    advice: Mapped[Advice] = relationship(back_populates="recommendations", lazy="selectin")
    cited: Mapped[list["CitedStory"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProgressUpdate.created_at"
    )


class CitedStory(db.Model):
    """A published story a recommendation cites as evidence."""

    __tablename__ = "panel_cited_stories"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("panel_recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProgressUpdate(db.Model):
    __tablename__ = "panel_progress_updates"
    __table_args__ = (enum_check("status", Progress),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("panel_recommendations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
