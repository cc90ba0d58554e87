"""The verbs of stories: telling, consenting, moderating, publishing, replying, reporting.

Every change of state goes through :func:`_move`, which checks ``TRANSITIONS`` and writes
the audit event that makes up the story's history.
"""

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select, text, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts import services as accounts
from app.accounts.models import Role, RoleGrant, User
from app.audit import AuditEvent, record, utcnow
from app.extensions import db
from app.notifications.services import notify
from app.stories.models import (
    THEMES,
    TRANSITIONS,
    Change,
    Naming,
    Report,
    Safeguarding,
    State,
    Story,
    StoryResponse,
    StoryTheme,
    StoryTranslation,
    TranslationState,
    Visibility,
)

#: Version of the consent wording shown to tellers; recorded with every consent.
CONSENT_VERSION = "2026-11-26"
#: Distinct people whose open reports hide a story or reply until a moderator looks.
REPORTS_TO_HIDE = 3


class StoryError(Exception):
    """A request the story rules refuse."""


class InvalidTransition(StoryError):
    pass


class ConsentMissing(StoryError):
    pass


class CapabilityMissing(StoryError):
    pass


class NotTranslatable(StoryError):
    """Only a story the public can read may be translated."""


class SameLanguage(StoryError):
    """A translation must be into a language other than the story's own."""


class TranslationPending(StoryError):
    """The story already has a translation into that language, waiting or published."""


class AlreadyReported(StoryError):
    pass


@dataclass
class StoryText:
    """What a teller writes: the same fields whether told by them or on their behalf."""

    title: str
    body: str
    lang: str
    capability: int | None
    locality: str
    themes: list[str] = field(default_factory=list)


@dataclass
class Consent:
    visibility: str
    naming: str
    first_name: str | None
    over_13: bool
    health_consent: bool
    method: str | None = None  #: for stories told on someone's behalf
    given_at: datetime | None = None


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def _apply_text(story: Story, text_: StoryText) -> None:
    story.title = text_.title.strip()
    story.body = text_.body.strip()
    story.lang = text_.lang
    story.capability = text_.capability
    story.locality = text_.locality
    _set_themes(story, text_.themes)


def _set_themes(story: Story, themes) -> None:
    wanted = sorted(set(themes) & set(THEMES))
    story.themes = [StoryTheme(theme=theme) for theme in wanted]


def _move(story: Story, to: State, actor, **details) -> None:
    current = State(story.state)
    if to not in TRANSITIONS[current]:
        raise InvalidTransition(f"{current} -> {to}")
    story.state = to.value
    record(actor, f"stories.{to.value}", story, **{"from": current.value, **details})


def save_draft(author: User, text_: StoryText, submission_key: str) -> Story:
    """Save a new draft; the same form sent twice returns the story the first one made."""
    if existing := story_for_key(author, submission_key):
        return existing
    story = Story(author_id=author.id, submission_key=submission_key)
    _apply_text(story, text_)
    try:
        with db.session.begin_nested():
            db.session.add(story)
    except IntegrityError:
        return story_for_key(author, submission_key)
    record(author, "stories.drafted", story)
    return story


def story_for_key(author: User, submission_key: str) -> Story | None:
    return db.session.scalar(
        select(Story).where(Story.author_id == author.id, Story.submission_key == submission_key)
    )


def update_text(story: Story, actor: User, text_: StoryText) -> None:
    if State(story.state) not in (State.DRAFT, State.RETURNED):
        raise InvalidTransition(f"cannot edit a {story.state} story")
    _apply_text(story, text_)
    db.session.flush()


def _record_consent(story: Story, consent: Consent) -> None:
    if not (consent.over_13 and consent.health_consent):
        raise ConsentMissing()
    story.visibility = Visibility(consent.visibility).value
    story.naming = Naming(consent.naming).value
    story.teller_first_name = (
        consent.first_name.strip()
        if consent.naming == Naming.FIRST_NAME and consent.first_name
        else None
    )
    story.over_13 = True
    story.health_consent = True
    story.consent_version = CONSENT_VERSION
    story.consent_at = consent.given_at or utcnow()
    story.consent_method = consent.method


def submit(story: Story, actor: User, consent: Consent) -> None:
    """Record the teller's consent and send the story to the moderators."""
    _record_consent(story, consent)
    _move(story, State.SUBMITTED, actor, consent_version=CONSENT_VERSION)
    story.submitted_at = utcnow()
    story.moderator_note = None
    db.session.flush()
    for moderator in _people_with(Role.MODERATOR, except_id=story.author_id):
        notify(moderator, "stories.submitted", story, title=story.title)


def record_on_behalf(
    recorder: User, text_: StoryText, consent: Consent, submission_key: str
) -> Story:
    """A story told by someone without an account, written in by a leader or staff member."""
    if not consent.method or not consent.given_at:
        raise ConsentMissing()
    if existing := story_for_key(recorder, submission_key):
        return existing
    story = Story(author_id=recorder.id, submission_key=submission_key, on_behalf=True)
    _apply_text(story, text_)
    db.session.add(story)
    db.session.flush()
    record(recorder, "stories.recorded_on_behalf", story, consent_method=consent.method)
    submit(story, recorder, consent)
    return story


def _people_with(role: Role, except_id: int | None = None) -> list[User]:
    statement = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == role.value)
    )
    if except_id is not None:
        statement = statement.where(User.id != except_id)
    return list(db.session.scalars(statement))


@dataclass
class ModeratorEdits:
    capability: int | None
    locality: str
    themes: list[str]
    public_title: str
    public_body: str
    safeguarding: str


def save_moderation(story: Story, moderator: User, edits: ModeratorEdits) -> None:
    """Confirm or change the details and the public (redacted) text."""
    if State(story.state) not in (State.SUBMITTED, State.PUBLISHED):
        raise InvalidTransition(f"cannot moderate a {story.state} story")
    changed = sorted(
        name
        for name, old, new in (
            ("capability", story.capability, edits.capability),
            ("locality", story.locality, edits.locality),
            ("themes", story.theme_names, sorted(set(edits.themes) & set(THEMES))),
            ("public_title", story.public_title or story.title, edits.public_title.strip()),
            ("public_body", story.public_body or story.body, edits.public_body.strip()),
        )
        if old != new
    )
    story.capability = edits.capability
    story.locality = edits.locality
    _set_themes(story, edits.themes)
    story.public_title = edits.public_title.strip()
    story.public_body = edits.public_body.strip()
    if changed:
        record(moderator, "stories.edited", story, fields=changed)
    set_safeguarding(story, moderator, Safeguarding(edits.safeguarding))
    if story.state == State.PUBLISHED:
        _index(story)
    db.session.flush()


def set_safeguarding(story: Story, moderator: User, level: Safeguarding) -> None:
    if story.safeguarding == level.value:
        return
    story.safeguarding = level.value
    record(moderator, "stories.safeguarding", story, level=level.value)
    if level == Safeguarding.URGENT:
        for admin in _people_with(Role.ADMIN):
            notify(admin, "stories.urgent", story, title=story.title)


def publish(story: Story, moderator: User) -> None:
    if story.capability is None:
        raise CapabilityMissing()
    if story.public_title is None:
        story.public_title = story.title
    if story.public_body is None:
        story.public_body = story.body
    _move(story, State.PUBLISHED, moderator)
    story.published_at = utcnow()
    story.hidden_at = None
    db.session.flush()
    _index(story)
    _notify_author(story, "stories.published")


def return_for_changes(story: Story, moderator: User, note: str) -> None:
    _move(story, State.RETURNED, moderator)
    story.moderator_note = note.strip()
    db.session.flush()
    _notify_author(story, "stories.returned")


def reject(story: Story, moderator: User, reason: str, note: str | None) -> None:
    _move(story, State.REJECTED, moderator, reason=reason)
    story.rejection_reason = reason
    story.moderator_note = (note or "").strip() or None
    db.session.flush()
    _notify_author(story, "stories.rejected")


def withdraw(story: Story, actor: User) -> None:
    """The teller takes the story back: gone from every public place at once."""
    _move(story, State.WITHDRAWN, actor)
    story.withdrawn_at = utcnow()
    db.session.flush()
    _unindex(story)


def _notify_author(story: Story, kind: str) -> None:
    if story.author_id is not None:
        notify(db.session.get(User, story.author_id), kind, story, title=story.title)


def respond(
    story: Story,
    author: User,
    body: str,
    organisation: str,
    change: str = Change.NONE.value,
    change_description: str | None = None,
) -> StoryResponse:
    if story.state != State.PUBLISHED:
        raise InvalidTransition("only published stories can be answered")
    role = Role.COMMISSIONER if author.has_role(Role.COMMISSIONER) else Role.STAFF
    response = StoryResponse(
        story_id=story.id,
        author_id=author.id,
        author_name=author.display_name,
        author_role=role.value,
        organisation=organisation.strip(),
        body=body.strip(),
        change=Change(change).value,
        change_description=(change_description or "").strip() or None,
    )
    db.session.add(response)
    db.session.flush()
    record(author, "stories.responded", story, response=response.id, change=response.change)
    _notify_author(story, "stories.response")
    return response


def report(reporter: User, reason: str, note: str | None, story=None, response=None) -> Report:
    """Report a story or a reply; the third person to do so hides it pending review."""
    entry = Report(
        reporter_id=reporter.id,
        story_id=story.id if story else None,
        response_id=response.id if response else None,
        reason=reason,
        note=(note or "").strip() or None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        raise AlreadyReported() from None
    target = story or response
    column = Report.story_id if story else Report.response_id
    reporters = db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).where(
            column == target.id, Report.resolved_at.is_(None)
        )
    )
    if reporters >= REPORTS_TO_HIDE and target.hidden_at is None:
        target.hidden_at = utcnow()
        if story is not None:
            _unindex(story)
        subject = story or db.session.get(Story, response.story_id)
        record(None, "stories.hidden_by_reports", subject, reports=reporters)
        for moderator in _people_with(Role.MODERATOR):
            notify(
                moderator, "stories.reported", subject, title=subject.public_title or subject.title
            )
    db.session.flush()
    return entry


def reinstate(story: Story, moderator: User) -> None:
    """A moderator has looked at the reports and the story (and its replies) may stay."""
    now = utcnow()
    db.session.execute(
        update(Report)
        .where(
            Report.resolved_at.is_(None),
            or_(
                Report.story_id == story.id,
                Report.response_id.in_(
                    select(StoryResponse.id).where(StoryResponse.story_id == story.id)
                ),
            ),
        )
        .values(resolved_at=now)
    )
    story.hidden_at = None
    db.session.execute(
        update(StoryResponse).where(StoryResponse.story_id == story.id).values(hidden_at=None)
    )
    record(moderator, "stories.reinstated", story)
    if story.state == State.PUBLISHED:
        _index(story)
    db.session.flush()


def open_reports(story: Story) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .outerjoin(StoryResponse, Report.response_id == StoryResponse.id)
            .where(
                Report.resolved_at.is_(None),
                or_(Report.story_id == story.id, StoryResponse.story_id == story.id),
            )
            .order_by(Report.created_at)
        )
    )


def history(story: Story) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .options(selectinload(AuditEvent.actor))
            .where(
                AuditEvent.subject_type == Story.__tablename__, AuditEvent.subject_id == story.id
            )
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )


# Search -----------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _index(story: Story) -> None:
    if db.session.get_bind().dialect.name != "sqlite":
        return
    _unindex(story)
    if story.state == State.PUBLISHED and story.hidden_at is None:
        db.session.execute(
            text("INSERT INTO stories_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": story.id, "title": story.public_title, "body": story.public_body},
        )


def _unindex(story: Story) -> None:
    if db.session.get_bind().dialect.name != "sqlite":
        return
    db.session.execute(text("DELETE FROM stories_fts WHERE rowid = :id"), {"id": story.id})


def _matching(query: str):
    """A condition on ``Story`` matching every word of ``query``, using the database's own
    full-text index; None when the query has no words at all."""
    words = _WORD.findall(query)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "sqlite":
        terms = " ".join(f'"{word}"' for word in words)
        ids = (
            select(text("rowid"))
            .select_from(text("stories_fts"))
            .where(text("stories_fts MATCH :terms"))
        )
        return Story.id.in_(ids.params(terms=terms))
    document = func.to_tsvector(
        text("'simple'"),
        func.coalesce(Story.public_title, "") + " " + func.coalesce(Story.public_body, ""),
    )
    return document.op("@@")(func.plainto_tsquery(text("'simple'"), " ".join(words)))


# Finding ----------------------------------------------------------------------------


@dataclass
class Filters:
    q: str | None = None
    capability: int | None = None
    locality: str | None = None
    theme: str | None = None
    lang: str | None = None

    def as_args(self) -> dict:
        """The filters as query arguments (``language``, as ``lang`` chooses the interface)."""
        names = {"lang": "language"}
        return {names.get(k, k): v for k, v in self.__dict__.items() if v not in (None, "")}


def published(viewer_can_read_staff_only: bool, filters: Filters):
    """Published stories a viewer may see, newest first, with the filters applied."""
    statement = select(Story).where(Story.state == State.PUBLISHED.value, Story.hidden_at.is_(None))
    if not viewer_can_read_staff_only:
        statement = statement.where(Story.visibility == Visibility.PUBLIC.value)
    if filters.capability:
        statement = statement.where(Story.capability == filters.capability)
    if filters.locality:
        statement = statement.where(Story.locality == filters.locality)
    if filters.lang:
        translated = select(StoryTranslation.story_id).where(
            StoryTranslation.lang == filters.lang,
            StoryTranslation.state == TranslationState.PUBLISHED.value,
        )
        statement = statement.where(or_(Story.lang == filters.lang, Story.id.in_(translated)))
    if filters.theme:
        statement = statement.where(
            Story.id.in_(select(StoryTheme.story_id).where(StoryTheme.theme == filters.theme))
        )
    if filters.q and (condition := _matching(filters.q)) is not None:
        statement = statement.where(condition)
    return statement.order_by(Story.published_at.desc(), Story.id.desc())


def page_of(statement, before: tuple[datetime, int] | None, size: int) -> tuple[list[Story], bool]:
    """One keyset page of a newest-first statement, and whether older stories remain."""
    if before is not None:
        statement = statement.where(tuple_(Story.published_at, Story.id) < before)
    rows = list(db.session.scalars(statement.limit(size + 1)))
    return rows[:size], len(rows) > size


def latest_for_capability(number: int, viewer_can_read_staff_only: bool, limit: int = 3):
    statement = published(viewer_can_read_staff_only, Filters(capability=number)).limit(limit)
    return list(db.session.scalars(statement))


def moderation_queue(state: str | None = None, safeguarding: str | None = None, reported=False):
    """Stories waiting for a moderator, oldest first."""
    statement = select(Story)
    if reported:
        statement = statement.where(
            or_(
                Story.hidden_at.is_not(None),
                Story.id.in_(
                    select(StoryResponse.story_id).where(StoryResponse.hidden_at.is_not(None))
                ),
            )
        )
    else:
        statement = statement.where(Story.state == (state or State.SUBMITTED.value))
    if safeguarding:
        statement = statement.where(Story.safeguarding == safeguarding)
    return statement.order_by(Story.submitted_at.asc(), Story.id.asc())


def stories_by(author: User):
    return (
        select(Story)
        .where(Story.author_id == author.id)
        .order_by(Story.updated_at.desc(), Story.id.desc())
    )


def visible_responses(story: Story) -> list[StoryResponse]:
    return list(
        db.session.scalars(
            select(StoryResponse)
            .where(StoryResponse.story_id == story.id, StoryResponse.hidden_at.is_(None))
            .order_by(StoryResponse.created_at)
        )
    )


CSV_COLUMNS = (
    "id", "title", "text", "language", "capability", "locality", "themes",
    "visibility", "told_by", "published_at", "responses",
)  # fmt: skip


def export_csv(statement) -> str:
    """The stories a statement selects, as CSV: public text only, no personal data."""
    response_counts = (
        select(StoryResponse.story_id, func.count().label("n"))
        .where(StoryResponse.hidden_at.is_(None))
        .group_by(StoryResponse.story_id)
        .subquery()
    )
    rows = db.session.execute(
        statement.add_columns(func.coalesce(response_counts.c.n, 0)).outerjoin(
            response_counts, response_counts.c.story_id == Story.id
        )
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for story, responses in rows:
        writer.writerow(
            [
                story.id,
                csv_safe(story.public_title),
                csv_safe(story.public_body),
                story.lang,
                story.capability,
                story.locality,
                " ".join(story.theme_names),
                story.visibility,
                story.teller_first_name if story.naming == Naming.FIRST_NAME else "",
                story.published_at.isoformat() if story.published_at else "",
                responses,
            ]
        )
    return out.getvalue()


def csv_safe(value: str | None) -> str:
    """Stop a spreadsheet from reading someone's words as a formula."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def delete_for_account(user: User, keep_published: bool) -> None:
    """Before an account is erased: drop its stories, or keep published ones anonymously."""
    if keep_published:
        db.session.execute(
            update(Story)
            .where(Story.author_id == user.id, Story.state == State.PUBLISHED.value)
            .values(naming=Naming.ANONYMOUS.value, teller_first_name=None, author_id=None)
        )
    own = select(Story.id).where(Story.author_id == user.id, Story.on_behalf.is_(False))
    for story_id in list(db.session.scalars(own)):
        _unindex(db.session.get(Story, story_id))
    db.session.execute(delete(Story).where(Story.author_id == user.id, Story.on_behalf.is_(False)))
    db.session.flush()


def export_for_account(user: User) -> tuple[str, list[dict]]:
    """The stories a person wrote in, as they wrote them, for their data download."""
    own = db.session.scalars(select(Story).where(Story.author_id == user.id).order_by(Story.id))
    return "stories", [
        {
            "title": story.title,
            "text": story.body,
            "language": story.lang,
            "capability": story.capability,
            "locality": story.locality,
            "themes": story.theme_names,
            "state": story.state,
            "told_on_behalf_of_someone_else": story.on_behalf,
            "who_may_read": story.visibility,
            "named_as": story.teller_first_name,
            "consent_version": story.consent_version,
            "consent_given_at": story.consent_at.isoformat() if story.consent_at else None,
            "created_at": story.created_at.isoformat(),
        }
        for story in own
    ]


accounts.ACCOUNT_DELETION_HOOKS.append(delete_for_account)
accounts.PERSONAL_DATA_EXPORTERS.append(export_for_account)


# Volunteer translations -----------------------------------------------------------------


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def translate(story: Story, translator: User, lang: str, title: str, body: str):
    """A volunteer's translation, sent to the moderators; the original is never replaced."""
    if not story.is_public:
        raise NotTranslatable("the story is not published")
    if _primary(lang) == _primary(story.lang):
        raise SameLanguage("the story is already in that language")
    if translation_into(story, lang) is not None:
        raise TranslationPending("there is already a translation into that language")
    translation = StoryTranslation(
        story_id=story.id,
        lang=lang,
        title=title.strip(),
        body=body.strip(),
        translator_id=translator.id,
    )
    db.session.add(translation)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise TranslationPending("there is already a translation into that language") from error
    record(translator, "stories.translated", story, lang=lang, translation=translation.id)
    for moderator in _people_with(Role.MODERATOR, except_id=translator.id):
        notify(moderator, "stories.translation_submitted", story, title=story.public_title)
    return translation


def translation_into(story: Story, lang: str) -> StoryTranslation | None:
    """The translation into ``lang`` that is waiting or published, if there is one."""
    return db.session.scalar(
        select(StoryTranslation).where(
            StoryTranslation.story_id == story.id,
            StoryTranslation.lang == lang,
            StoryTranslation.state.in_(
                [TranslationState.SUBMITTED.value, TranslationState.PUBLISHED.value]
            ),
        )
    )


def publish_translation(translation: StoryTranslation, moderator: User) -> None:
    _check_translation_waiting(translation)
    translation.state = TranslationState.PUBLISHED.value
    translation.published_at = utcnow()
    translation.story.updated_at = utcnow()
    db.session.flush()
    record(moderator, "stories.translation_published", translation.story, lang=translation.lang)
    _notify_translator(translation, "stories.translation_published")


def reject_translation(translation: StoryTranslation, moderator: User, note: str) -> None:
    _check_translation_waiting(translation)
    if not note.strip():
        raise StoryError("say why the translation cannot be published")
    translation.state = TranslationState.REJECTED.value
    translation.moderator_note = note.strip()
    db.session.flush()
    record(moderator, "stories.translation_rejected", translation.story, lang=translation.lang)
    _notify_translator(translation, "stories.translation_rejected")


def _check_translation_waiting(translation: StoryTranslation) -> None:
    if translation.state != TranslationState.SUBMITTED:
        raise InvalidTransition("the translation has already been checked")


def _notify_translator(translation: StoryTranslation, kind: str) -> None:
    if translation.translator is not None:
        notify(translation.translator, kind, translation.story, title=translation.title)


def published_translations(story: Story) -> list[StoryTranslation]:
    return list(
        db.session.scalars(
            select(StoryTranslation)
            .where(
                StoryTranslation.story_id == story.id,
                StoryTranslation.state == TranslationState.PUBLISHED.value,
            )
            .order_by(StoryTranslation.lang)
        )
    )


def translations_to_check():
    """Translations waiting for a moderator, oldest first, on stories still public."""
    return (
        select(StoryTranslation)
        .join(Story, Story.id == StoryTranslation.story_id)
        .where(
            StoryTranslation.state == TranslationState.SUBMITTED.value,
            Story.state == State.PUBLISHED.value,
            Story.hidden_at.is_(None),
        )
        .order_by(StoryTranslation.created_at, StoryTranslation.id)
    )


def translations_by(translator: User) -> list[StoryTranslation]:
    return list(
        db.session.scalars(
            select(StoryTranslation)
            .where(StoryTranslation.translator_id == translator.id)
            .order_by(StoryTranslation.created_at.desc())
        )
    )
