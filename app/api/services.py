"""The open-data collections: what each holds, how it is filtered, and each item's shape.

Only public content ever reaches these functions' results: each collection starts from
the owning blueprint's own definition of what the public may see.
"""

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import get_args, get_origin

from flask import current_app, url_for
from sqlalchemy import Select, func, select

from app import content
from app.api import schemas
from app.api.params import FILTERS, Query
from app.audit import as_utc
from app.extensions import db
from app.hearings import services as hearings
from app.hearings.models import Commitment, Event, EventState, Heard
from app.panels import services as panels
from app.panels.models import Panel, PanelState, Recommendation
from app.stories import services as stories
from app.stories.models import Naming, Story

#: Rows fetched at a time when a whole collection is written out as a file.
BATCH = 500


class PageOutOfRange(Exception):
    def __init__(self, page: int, last: int):
        super().__init__(f"page {page} is past the last page, {last}")
        self.page, self.last = page, last


@dataclass
class Collection:
    """One open-data collection: its query, its item shape and what it may be filtered by."""

    name: str
    schema: type[schemas.Schema]
    description: str
    parameters: frozenset[str]
    #: The public rows, filtered, in a stable order (by id); None for authored content.
    statement: Callable[[Query], Select] | None
    #: Turns a page of rows into items, loading what they share in a few queries.
    items: Callable[[list, Query], list[schemas.Schema]]
    #: The columns whose latest value says when the collection last changed.
    changed: tuple = ()
    #: The id that orders the collection, for reading it all in batches.
    key: object = None


def _since(statement: Select, column, query: Query) -> Select:
    return statement.where(column >= query.updated_since) if query.updated_since else statement


# Authored content ---------------------------------------------------------------------


def _capabilities(_rows, query: Query) -> list[schemas.Capability]:
    return [
        schemas.Capability(
            number=item["number"],
            title=item["title"],
            summary=item["plain"],
            recognise=item["recognise"],
            public_service_leaders=list(item["public_service_leaders"]),
            community_leaders=list(item["community_leaders"]),
            language=item["title"].lang,
            url=url_for("capabilities.detail", number=item["number"], _external=True),
        )
        for item in content.capabilities(query.lang or content.SOURCE_LOCALE)
    ]


def _localities(_rows, query: Query) -> list[schemas.Locality]:
    return [
        schemas.Locality(slug=item["slug"], name=item["name"], language=item["name"].lang)
        for item in content.localities(query.lang or content.SOURCE_LOCALE)
    ]


# Stories --------------------------------------------------------------------------------


def _stories_statement(query: Query) -> Select:
    filters = stories.Filters(capability=query.capability, locality=query.locality)
    statement = stories.published(False, filters).order_by(None).order_by(Story.id)
    return _since(statement, Story.updated_at, query)


def _story(story: Story) -> schemas.Story:
    return schemas.Story.of(
        story,
        title=story.public_title,
        body=story.public_body,
        language=story.lang,
        themes=story.theme_names,
        teller=story.teller_first_name if story.naming == Naming.FIRST_NAME else None,
        url=url_for("stories.detail", story_id=story.id, _external=True),
    )


# Panels and their recommendations -------------------------------------------------------


def _panels_statement(query: Query) -> Select:
    statement = select(Panel).where(Panel.state != PanelState.DRAFT.value)
    if query.capability:
        statement = statement.where(Panel.capability_focus == query.capability)
    if query.locality:
        statement = statement.where(Panel.locality == query.locality)
    return _since(statement, Panel.updated_at, query).order_by(Panel.id)


def _panel(panel: Panel) -> schemas.Panel:
    return schemas.Panel.of(panel, url=url_for("panels.detail", panel_id=panel.id, _external=True))


def _recommendations_statement(query: Query) -> Select:
    filters = panels.OutcomeFilters(capability=query.capability, locality=query.locality)
    statement = panels.outcomes(filters, date.today()).order_by(None).order_by(Recommendation.id)
    return _since(statement, Recommendation.updated_at, query).add_columns(Panel.locality)


def _recommendations(rows, _query: Query) -> list[schemas.Recommendation]:
    cited = panels.citable_story_ids({c.story_id for row in rows for c in row[0].cited})
    return [_recommendation(recommendation, locality, cited) for recommendation, locality in rows]


#: What a recommendation takes from the advice it is part of, under the same names.
ADVICE_FIELDS = (
    "agreed_how",
    "votes_for",
    "votes_against",
    "votes_abstained",
    "minority_view",
    "answer_due_on",
)


def _recommendation(item: Recommendation, locality: str, public: set[int]):
    advice = item.advice
    return schemas.Recommendation.of(
        item,
        **{name: getattr(advice, name) for name in ADVICE_FIELDS},
        panel_id=advice.panel_id,
        locality=locality,
        advice_summary=advice.summary,
        advised_at=advice.created_at,
        progress_updates=[schemas.ProgressUpdate.of(update) for update in item.updates],
        cited_stories=sorted(c.story_id for c in item.cited if c.story_id in public),
        url=url_for("panels.outcomes", panel_id=advice.panel_id, _external=True),
    )


# Hearings, what was heard, and commitments ----------------------------------------------


def _hearings_statement(query: Query) -> Select:
    statement = hearings.public_events()
    if query.capability:
        statement = statement.where(Event.capability_focus == query.capability)
    if query.locality:
        statement = statement.where(Event.locality == query.locality)
    return _since(statement, Event.updated_at, query).order_by(Event.id)


def _hearings(events: list[Event], _query: Query) -> list[schemas.Hearing]:
    published = [e.id for e in events if e.state == EventState.RECORD_PUBLISHED]
    heard = hearings.heard_at(published)
    commitments = hearings.commitments_at(published)
    stories_ = panels.citable_story_ids({h.story_id for h in heard if h.story_id})
    return [_hearing(event, heard, commitments, stories_) for event in events]


def _hearing(event: Event, heard: list[Heard], commitments: list[Commitment], public: set[int]):
    record = None
    if event.state == EventState.RECORD_PUBLISHED:
        record = schemas.Record(
            published_at=event.record_published_at or event.updated_at,
            key_themes=event.key_themes,
            heard=[_heard(h, public) for h in heard if h.event_id == event.id],
            commitments=[_commitment(c) for c in commitments if c.event_id == event.id],
        )
    return schemas.Hearing.of(
        event, record=record, url=url_for("hearings.detail", event_id=event.id, _external=True)
    )


def _heard(item: Heard, public_stories: set[int]) -> schemas.Heard:
    return schemas.Heard.of(
        item,
        hearing_id=item.event_id,
        kind="testimony" if item.is_testimony else "note",
        language=item.lang,
        speaker=item.speaker_name if item.speaker_consent else None,
        story_id=item.story_id if item.story_id in public_stories else None,
    )


def _commitment(item: Commitment) -> schemas.Commitment:
    return schemas.Commitment.of(
        item,
        hearing_id=item.event_id,
        made_by=item.owner.display_name,
        updates=[schemas.CommitmentUpdate.of(update) for update in item.updates],
    )


def _heard_statement(query: Query) -> Select:
    statement = hearings.published_heard(query.capability, query.locality)
    return _since(statement.order_by(None).order_by(Heard.id), Event.updated_at, query)


def _heard_items(rows, _query: Query) -> list[schemas.Heard]:
    public = panels.citable_story_ids({heard.story_id for heard, _ in rows if heard.story_id})
    return [_heard(heard, public) for heard, _event in rows]


def _commitments_statement(query: Query) -> Select:
    statement = hearings.published_commitments(query.capability, query.locality)
    statement = statement.order_by(None).order_by(Commitment.id)
    return _since(statement, Commitment.updated_at, query)


def _commitments(rows, _query: Query) -> list[schemas.Commitment]:
    return [_commitment(commitment) for commitment, _event in rows]


def _scalars(convert):
    return lambda rows, _query: [convert(row) for row in rows]


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection(
            "capabilities",
            schemas.Capability,
            "The ten capabilities of shifting power to people and communities.",
            frozenset({"lang"}),
            None,
            _capabilities,
        ),
        Collection(
            "localities",
            schemas.Locality,
            "Greater Manchester's ten localities and the city region as a whole.",
            frozenset({"lang"}),
            None,
            _localities,
        ),
        Collection(
            "stories",
            schemas.Story,
            "Published stories of what works, as published after moderation.",
            FILTERS,
            _stories_statement,
            _scalars(_story),
            (Story.updated_at,),
            Story.id,
        ),
        Collection(
            "panels",
            schemas.Panel,
            "Resident panels, from recruitment onwards. Filter by the capability they focus on.",
            FILTERS,
            _panels_statement,
            _scalars(_panel),
            (Panel.updated_at,),
            Panel.id,
        ),
        Collection(
            "recommendations",
            schemas.Recommendation,
            "Panels' recommendations, with the commissioners' answers and progress.",
            FILTERS,
            _recommendations_statement,
            _recommendations,
            (Recommendation.updated_at, Panel.updated_at, Story.updated_at),
            Recommendation.id,
        ),
        Collection(
            "hearings",
            schemas.Hearing,
            "Citizens' hearings and walkabouts, with their records once published.",
            FILTERS,
            _hearings_statement,
            _hearings,
            (Event.updated_at, Story.updated_at),
            Event.id,
        ),
        Collection(
            "heard",
            schemas.Heard,
            "What was heard at hearings and walkabouts: notes and testimonies.",
            FILTERS,
            _heard_statement,
            _heard_items,
            (Event.updated_at, Story.updated_at),
            Heard.id,
        ),
        Collection(
            "commitments",
            schemas.Commitment,
            "What formal leaders committed to at hearings, and where each has got to.",
            FILTERS,
            _commitments_statement,
            _commitments,
            (Commitment.updated_at, Event.updated_at),
            Commitment.id,
        ),
    )
}


@dataclass
class Page:
    items: list[schemas.Schema]
    total: int
    last_page: int
    last_modified: datetime | None


def _rows(statement: Select) -> list:
    """Whole rows where a statement selects several things, else the single entity."""
    result = db.session.execute(statement)
    return list(result) if len(statement.column_descriptions) > 1 else list(result.scalars())


def page(collection: Collection, query: Query) -> Page:
    """One page of a collection; a page past the end raises :class:`PageOutOfRange`."""
    if collection.statement is None:
        items = collection.items([], query)
        total, rows_on_page = len(items), None
    else:
        statement = collection.statement(query)
        keys = statement.with_only_columns(collection.key).order_by(None).subquery()
        total = db.session.scalar(select(func.count()).select_from(keys))
    last_page = max(1, math.ceil(total / query.per_page))
    if query.page > last_page:
        raise PageOutOfRange(query.page, last_page)
    start = (query.page - 1) * query.per_page
    if collection.statement is None:
        items = items[start : start + query.per_page]
    else:
        rows_on_page = _rows(statement.offset(start).limit(query.per_page))
        items = collection.items(rows_on_page, query)
    return Page(items, total, last_page, last_modified(collection, query))


def last_modified(collection: Collection, query: Query) -> datetime | None:
    """When anything the collection is made from last changed, withdrawn rows included."""
    if not collection.changed:
        folder = content.content_locale(query.lang or content.SOURCE_LOCALE)
        directory = current_app.config["CONTENT_DIRECTORY"]
        paths = {
            os.path.join(directory, locale, f"{collection.name}.toml")
            for locale in (content.SOURCE_LOCALE, folder)
        }
        times = [os.path.getmtime(path) for path in paths if os.path.exists(path)]
        return datetime.fromtimestamp(max(times), UTC) if times else None
    latest = db.session.execute(
        select(*(select(func.max(column)).scalar_subquery() for column in collection.changed))
    )
    moments = [as_utc(moment) for moment in latest.one() if moment is not None]
    return max(moments, default=None)


def everything(collection: Collection, query: Query) -> Iterator[schemas.Schema]:
    """Every item of a collection, in batches, for the downloadable files."""
    if collection.statement is None:
        yield from collection.items([], query)
        return
    statement = collection.statement(query).limit(BATCH)
    rows = _rows(statement)
    while rows:
        yield from collection.items(rows, query)
        last = rows[-1] if isinstance(rows[-1], db.Model) else rows[-1][0]
        rows = _rows(statement.where(collection.key > last.id)) if len(rows) == BATCH else []


# Files ----------------------------------------------------------------------------------


def _model_in(annotation) -> type[schemas.Schema] | None:
    """The model an annotation holds directly (``Record | None`` holds ``Record``)."""
    if isinstance(annotation, type) and issubclass(annotation, schemas.Schema):
        return annotation
    return next((m for m in get_args(annotation) if _model_in(m) is m), None)


def _is_flat(annotation) -> bool:
    """Whether a field fits in one cell: no model, and no list of models."""
    return _model_in(annotation) is None and not any(_model_in(arg) for arg in get_args(annotation))


def csv_columns(schema: type[schemas.Schema]) -> list[str]:
    """A file's columns: each simple field, and the simple fields of a nested record."""
    columns = []
    for name, field in schema.model_fields.items():
        nested = _model_in(field.annotation)
        if nested is not None and get_origin(field.annotation) is not list:
            columns += [
                f"{name}_{sub}" for sub, f in nested.model_fields.items() if _is_flat(f.annotation)
            ]
        elif _is_flat(field.annotation):
            columns.append(name)
    return columns


def csv_row(item: schemas.Schema, columns: list[str]) -> list[str]:
    data = item.model_dump(mode="json")
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return [stories.csv_safe(_cell(flat.get(column))) for column in columns]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
