"""What has been done for each capability, and where: the map of activity and each page.

Every count here is of public content only, aggregated in the database. The map's counts
are cached for a short time and dropped as soon as a commit touches anything they count.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import has_app_context
from sqlalchemy import event, func
from sqlalchemy.orm import Session

from app import content
from app.deck import services as deck
from app.extensions import cache, db
from app.hearings import services as hearings
from app.hearings.models import Commitment, Event, Heard
from app.panels import services as panels
from app.panels.models import Advice, Panel, Recommendation
from app.stories import services as stories
from app.stories.models import Story

#: The kinds of content the map counts, in the order they are shown.
KINDS = ("stories", "recommendations", "heard", "commitments")
CACHE_KEY = "capabilities:activity"
#: How many of each kind a capability page shows before linking to the full list.
LATEST = 5
#: Models whose changes alter the map's counts.
COUNTED = (Story, Recommendation, Advice, Panel, Heard, Commitment, Event)


@dataclass
class Cell:
    stories: int = 0
    recommendations: int = 0
    heard: int = 0
    commitments: int = 0

    @property
    def total(self) -> int:
        return self.stories + self.recommendations + self.heard + self.commitments


#: What the map can show: every kind together, or one kind.
SHOWN = ("all", *KINDS)


@dataclass
class Activity:
    """Counts of public content for every capability in every locality."""

    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    _most: dict[str, int] = field(default_factory=dict, repr=False)

    def cell(self, capability: int, locality: str) -> Cell:
        return self.cells.get((capability, locality), Cell())

    def count(self, capability: int, locality: str, kind: str = "all") -> int:
        cell = self.cell(capability, locality)
        return cell.total if kind == "all" else getattr(cell, kind)

    def for_capability(self, capability: int, locality: str | None = None) -> Cell:
        """The capability's counts in one locality, or everywhere."""
        if locality:
            return self.cell(capability, locality)
        total = Cell()
        for (number, _), cell in self.cells.items():
            if number == capability:
                for kind in KINDS:
                    setattr(total, kind, getattr(total, kind) + getattr(cell, kind))
        return total

    def capability_total(self, capability: int, kind: str = "all") -> int:
        cell = self.for_capability(capability)
        return cell.total if kind == "all" else getattr(cell, kind)

    def most(self, kind: str = "all") -> int:
        if kind not in self._most:
            self._most[kind] = max((self.count(*key, kind) for key in self.cells), default=0)
        return self._most[kind]

    def level(self, capability: int, locality: str, kind: str = "all") -> int:
        """A shade from 0 (nothing yet) to 4 (among the busiest), for the map's cells."""
        count, most = self.count(capability, locality, kind), self.most(kind)
        if count == 0 or most == 0:
            return 0
        return min(4, 1 + (4 * (count - 1)) // most)


def _grouped(statement, capability_column, locality_column) -> list[tuple[int, str, int]]:
    rows = db.session.execute(
        statement.with_only_columns(capability_column, locality_column, func.count())
        .where(capability_column.is_not(None))
        .group_by(capability_column, locality_column)
        .order_by(None)
    )
    return [(int(number), locality, int(count)) for number, locality, count in rows]


def _count_rows() -> dict[str, list[tuple[int, str, int]]]:
    """One aggregate query for each kind of content."""
    return {
        "stories": _grouped(
            stories.published(False, stories.Filters()), Story.capability, Story.locality
        ),
        "recommendations": _grouped(
            panels.outcomes(panels.OutcomeFilters(), date.today()),
            Recommendation.capability,
            Panel.locality,
        ),
        "heard": _grouped(hearings.published_heard(), Heard.capability, Event.locality),
        "commitments": _grouped(
            hearings.published_commitments(), Commitment.capability, Event.locality
        ),
    }


def activity() -> Activity:
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = _count_rows()
        cache.set(CACHE_KEY, rows)
    result = Activity()
    for kind, counts in rows.items():
        for number, locality, count in counts:
            cell = result.cells.setdefault((number, locality), Cell())
            setattr(cell, kind, count)
    return result


@event.listens_for(Session, "after_flush")
def _note_counted_changes(session, _context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, COUNTED) for instance in changed):
        session.info["activity_changed"] = True


@event.listens_for(Session, "after_commit")
def _forget_counts(session) -> None:
    if session.info.pop("activity_changed", False) and has_app_context():
        cache.delete(CACHE_KEY)


@event.listens_for(Session, "after_rollback")
def _keep_counts(session) -> None:
    session.info.pop("activity_changed", None)


@dataclass
class Overview:
    """Everything public done for one capability, optionally in one locality."""

    counts: Cell
    log_entries: int
    stories: list
    recommendations: list
    heard: list  #: (Heard, Event) pairs
    commitments: list  #: (Commitment, Event) pairs


def overview(number: int, locality: str | None, viewer_can_read_staff_only: bool) -> Overview:
    filters = stories.Filters(capability=number, locality=locality)
    outcome_filters = panels.OutcomeFilters(capability=number, locality=locality)
    return Overview(
        counts=activity().for_capability(number, locality),
        log_entries=deck.entry_count(number, locality),
        stories=list(
            db.session.scalars(stories.published(viewer_can_read_staff_only, filters).limit(LATEST))
        ),
        recommendations=list(
            db.session.scalars(panels.outcomes(outcome_filters, date.today()).limit(LATEST))
        ),
        heard=list(db.session.execute(hearings.published_heard(number, locality).limit(LATEST))),
        commitments=list(
            db.session.execute(hearings.published_commitments(number, locality).limit(LATEST))
        ),
    )


class UnknownKind(ValueError):
    pass


def map_context(shown: str | None) -> dict:
    """What the map of activity needs to draw ``shown`` (every kind, by default)."""
    shown = shown or "all"
    if shown not in SHOWN:
        raise UnknownKind(shown)
    return {
        "activity": activity(),
        "capabilities": content.capabilities(),
        "localities": content.localities(),
        "shown": shown,
    }
