"""The shapes of the open-data API's responses, as pydantic models.

The same models serialise every response and generate the OpenAPI document's schemas, so
the document cannot drift from what the API sends.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from app.audit import as_utc
from app.content import CAPABILITY_NUMBERS, LOCALITY_SLUGS
from app.hearings.models import CommitmentStatus, EventState, Kind
from app.panels.models import AgreedHow, Decision, PanelState, Power, Progress

CapabilityNumber = Literal[CAPABILITY_NUMBERS]  # type: ignore[valid-type]
LocalitySlug = Literal[LOCALITY_SLUGS]  # type: ignore[valid-type]


def _values(enum) -> type:
    return Literal[tuple(member.value for member in enum)]  # type: ignore[return-value]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _in_utc(cls, value):
        """Times are stored in UTC; SQLite returns them without saying so."""
        return as_utc(value) if isinstance(value, datetime) else value

    @classmethod
    def of(cls, source, **given):
        """This shape filled from ``source``'s attributes of the same names, and ``given``."""
        values = {name: getattr(source, name) for name in cls.model_fields if name not in given}
        return cls(**values, **given)


class ParameterError(Schema):
    parameter: str = Field(description="The query parameter that was not right.")
    message: str


class Error(Schema):
    """Every error the API answers with, whatever its status."""

    status: int
    error: str = Field(description="A short, stable name for the kind of error.")
    message: str = Field(description="What went wrong, in plain English.")
    parameters: list[ParameterError] = Field(default_factory=list)


class Capability(Schema):
    number: CapabilityNumber
    title: str
    summary: str = Field(description="The capability in one plain sentence.")
    recognise: str = Field(description="What public services and communities recognise.")
    public_service_leaders: list[str] = Field(description="What public service leaders do.")
    community_leaders: list[str] = Field(description="What community leaders do.")
    language: str = Field(description="BCP 47 tag of the language the text is in.")
    url: str = Field(description="The capability's page on the platform.")


class Locality(Schema):
    slug: LocalitySlug
    name: str
    language: str


class Story(Schema):
    """A published story, as published: the moderated public copy, never the original."""

    id: int
    title: str
    body: str
    language: str = Field(description="BCP 47 tag of the language the story is told in.")
    capability: CapabilityNumber | None
    locality: LocalitySlug
    themes: list[str]
    teller: str | None = Field(
        description="The teller's first name, only when they chose to be named."
    )
    published_at: datetime
    updated_at: datetime
    url: str


class Panel(Schema):
    id: int
    name: str
    remit: str
    locality: LocalitySlug
    capability_focus: CapabilityNumber | None
    power: _values(Power)  # type: ignore[valid-type]
    state: _values(PanelState)  # type: ignore[valid-type]
    target_size: int
    term_starts_on: date
    term_ends_on: date
    created_at: datetime
    updated_at: datetime
    url: str


class ProgressUpdate(Schema):
    status: _values(Progress)  # type: ignore[valid-type]
    note: str
    created_at: datetime


class Recommendation(Schema):
    """One recommendation of a panel's advice, with the commissioner's public answer."""

    id: int
    panel_id: int
    text: str
    capability: CapabilityNumber
    locality: LocalitySlug = Field(description="The locality of the panel that advised.")
    advice_summary: str
    advised_at: datetime
    agreed_how: _values(AgreedHow)  # type: ignore[valid-type]
    votes_for: int | None
    votes_against: int | None
    votes_abstained: int | None
    minority_view: str | None
    answer_due_on: date
    decision: _values(Decision) | None  # type: ignore[valid-type]
    reasons: str | None
    next_steps: str | None
    by_when: date | None
    answered_at: datetime | None
    progress: _values(Progress)  # type: ignore[valid-type]
    progress_updates: list[ProgressUpdate]
    cited_stories: list[int] = Field(description="Published stories the panel cited.")
    updated_at: datetime
    url: str


class Heard(Schema):
    id: int
    hearing_id: int
    kind: Literal["note", "testimony"]
    text: str
    language: str = Field(description="BCP 47 tag of the language it was said in.")
    capability: CapabilityNumber
    speaker: str | None = Field(description="Only when the speaker agreed to be named.")
    story_id: int | None = Field(description="The published story this testimony became.")


class CommitmentUpdate(Schema):
    status: _values(CommitmentStatus)  # type: ignore[valid-type]
    note: str
    created_at: datetime


class Commitment(Schema):
    id: int
    hearing_id: int
    text: str
    capability: CapabilityNumber
    made_by: str = Field(description="The formal leader who made the commitment.")
    due_on: date
    status: _values(CommitmentStatus)  # type: ignore[valid-type]
    drop_reason: str | None
    updates: list[CommitmentUpdate]
    created_at: datetime
    updated_at: datetime


class Record(Schema):
    """What was heard and promised, once the hosts signed the record off."""

    published_at: datetime
    key_themes: str
    heard: list[Heard]
    commitments: list[Commitment]


class Hearing(Schema):
    id: int
    kind: _values(Kind)  # type: ignore[valid-type]
    title: str
    theme: str
    capability_focus: CapabilityNumber | None
    locality: LocalitySlug
    state: _values(EventState)  # type: ignore[valid-type]
    starts_at: datetime
    ends_at: datetime
    venue: str
    cancel_reason: str | None
    record: Record | None
    updated_at: datetime
    url: str


class Index(Schema):
    """The API's front door: where its description and each collection are."""

    openapi: str = Field(description="The OpenAPI 3.1 document describing the API.")
    collections: dict[str, str] = Field(description="Each collection's address, by name.")
    licence: str


def _page_of(item: type[Schema]) -> type[Schema]:
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),
        page=(int, Field(ge=1)),
        per_page=(int, Field(ge=1)),
        total=(int, Field(ge=0, description="How many items match, on every page.")),
        next=(str | None, Field(description="The next page, or null on the last page.")),
        prev=(str | None, Field(description="The previous page, or null on the first page.")),
    )


#: Each collection's item schema and the page that carries it, by the collection's name.
COLLECTIONS: dict[str, tuple[type[Schema], type[Schema]]] = {
    model.__name__: (model, _page_of(model))
    for model in (Capability, Locality, Story, Panel, Recommendation, Hearing, Heard, Commitment)
}
