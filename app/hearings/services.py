"""The verbs of hearings: arranging, inviting, registering, recording and following up."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.audit import as_utc, record, utcnow
from app.extensions import db
from app.hearings.models import (
    TRANSITIONS,
    CoHost,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Event,
    EventState,
    Heard,
    Invitation,
    InvitationStatus,
    Observation,
    Registration,
    RegistrationStatus,
    Seniority,
    Stop,
)
from app.notifications.services import notify
from app.stories import services as stories
from app.stories.models import ConsentMethod, Naming, Visibility


class HearingError(Exception):
    """A request the hearing rules refuse."""


class InvalidTransition(HearingError):
    pass


class InThePast(HearingError):
    pass


class CapacityTooSmall(HearingError):
    def __init__(self, registered: int) -> None:
        super().__init__(str(registered))
        self.registered = registered


class AlreadyRegistered(HearingError):
    pass


class NotOpen(HearingError):
    pass


class NotAFormalLeader(HearingError):
    pass


class AlreadyInvited(HearingError):
    pass


@dataclass
class EventDetails:
    kind: str
    title: str
    theme: str
    capability_focus: int | None
    locality: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    step_free: bool
    hearing_loop: bool
    accessible_toilet: bool
    quiet_space: bool
    parking: bool
    public_transport: str
    languages: str
    interpreters: str
    capacity: int


def _check_times(details: EventDetails) -> None:
    if details.ends_at <= details.starts_at:
        raise HearingError("an event must end after it starts")
    if details.starts_at <= utcnow():
        raise InThePast()


def _apply(event: Event, details: EventDetails) -> None:
    for name, value in details.__dict__.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)


def create_event(host: User, details: EventDetails) -> Event:
    _check_times(details)
    event = Event(host_id=host.id)
    _apply(event, details)
    db.session.add(event)
    db.session.flush()
    record(host, "hearings.created", event)
    return event


def registered_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.REGISTERED.value,
        )
    )


def update_event(event: Event, actor: User, details: EventDetails) -> None:
    if event.state not in (EventState.DRAFT, EventState.PUBLISHED):
        raise InvalidTransition("only events still to come can be changed")
    _check_times(details)
    taken = registered_count(event)
    if details.capacity < taken:
        raise CapacityTooSmall(taken)
    _apply(event, details)
    record(actor, "hearings.updated", event)
    db.session.flush()
    if event.state == EventState.PUBLISHED:
        _tell_everyone(event, "hearings.changed")
        _promote_waiting(event)


def move(event: Event, to: EventState, actor: User) -> None:
    current = EventState(event.state)
    if to not in TRANSITIONS[current]:
        raise InvalidTransition(f"{current} -> {to}")
    if to == EventState.HELD and as_utc(event.starts_at) > utcnow():
        raise InvalidTransition("an event is held once it has started")
    if to == EventState.PUBLISHED and as_utc(event.starts_at) <= utcnow():
        raise InThePast()
    event.state = to.value
    if to == EventState.RECORD_PUBLISHED:
        event.record_published_at = utcnow()
    record(actor, f"hearings.{to.value}", event, **{"from": current.value})
    db.session.flush()


def cancel(event: Event, actor: User, reason: str) -> None:
    move(event, EventState.CANCELLED, actor)
    event.cancel_reason = reason.strip()
    db.session.flush()
    _tell_everyone(event, "hearings.cancelled")


def _tell_everyone(event: Event, kind: str) -> None:
    """Invitees, and everyone registered or waiting."""
    people = {inv.user for inv in invitations(event)}
    people |= {
        reg.user
        for reg in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.status != RegistrationStatus.CANCELLED.value,
            )
        )
    }
    for person in people:
        notify(person, kind, event, event=event.title)


def add_co_host(event: Event, user: User, actor: User) -> bool:
    if event.is_host(user):
        return False
    event.co_hosts.append(CoHost(user_id=user.id))
    db.session.flush()
    record(actor, "hearings.co_host_added", event, user=user.id)
    return True


# Invitations --------------------------------------------------------------------------


def invite(event: Event, host: User, user: User, role_title: str, seniority: str) -> Invitation:
    """Invite a formal leader (someone with the commissioner or staff role) to listen."""
    if not (user.has_role(Role.COMMISSIONER) or user.has_role(Role.STAFF)):
        raise NotAFormalLeader()
    invitation = Invitation(
        event_id=event.id,
        user_id=user.id,
        role_title=role_title.strip(),
        seniority=Seniority(seniority).value,
    )
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:
        raise AlreadyInvited() from None
    record(host, "hearings.invited", event, user=user.id, seniority=seniority)
    notify(user, "hearings.invited", event, event=event.title)
    return invitation


def invitations(event: Event) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation).where(Invitation.event_id == event.id).order_by(Invitation.id)
        )
    )


def invitation_of(event: Event, user) -> Invitation | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Invitation).where(Invitation.event_id == event.id, Invitation.user_id == user.id)
    )


def answer_invitation(
    invitation: Invitation, user: User, accept: bool, message: str | None
) -> None:
    event = db.session.get(Event, invitation.event_id)
    if event.state not in (EventState.DRAFT, EventState.PUBLISHED):
        raise InvalidTransition("the event has already taken place")
    invitation.status = (InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED).value
    invitation.message = (message or "").strip() or None
    db.session.flush()
    record(user, "hearings.invitation_answered", event, accepted=accept)


def leaders_by_seniority(event: Event) -> list[dict]:
    """Invited, accepted and attended counts for each level of seniority."""
    rows = invitations(event)
    table = []
    for level in Seniority:
        mine = [i for i in rows if i.seniority == level]
        table.append(
            {
                "seniority": level.value,
                "invited": len(mine),
                "accepted": sum(1 for i in mine if i.status == InvitationStatus.ACCEPTED),
                "attended": sum(1 for i in mine if i.attended),
            }
        )
    return table


# Registration -------------------------------------------------------------------------


@dataclass
class Needs:
    needs_bsl: bool = False
    needs_step_free: bool = False
    needs_hearing_loop: bool = False
    interpreter_language: str | None = None
    other_needs: str | None = None


def _lock(event: Event) -> Event:
    """Take the event's row lock, so that concurrent registrations queue up behind it."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def register(event: Event, user: User, needs: Needs) -> Registration:
    """Register for a place, or join the waiting list when the event is full."""
    event = _lock(event)
    if event.state != EventState.PUBLISHED or as_utc(event.starts_at) <= utcnow():
        raise NotOpen()
    existing = registration_of(event, user)
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise AlreadyRegistered()
    full = registered_count(event) >= event.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    registration = existing or Registration(event_id=event.id, user_id=user.id)
    registration.status = status.value
    registration.created_at = utcnow()
    for name, value in needs.__dict__.items():
        setattr(registration, name, value.strip() or None if isinstance(value, str) else value)
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:
        raise AlreadyRegistered() from None
    record(user, "hearings.registered", event, status=status.value)
    return registration


def registration_of(event: Event, user) -> Registration | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


def cancel_registration(registration: Registration, user: User) -> Registration | None:
    """Give up a place (or leave the waiting list); the first person waiting moves up."""
    if registration.status == RegistrationStatus.CANCELLED:
        raise InvalidTransition("already cancelled")
    event = _lock(db.session.get(Event, registration.event_id))
    had_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED.value
    db.session.flush()
    record(user, "hearings.registration_cancelled", event)
    return _promote_waiting(event) if had_place else None


def _promote_waiting(event: Event) -> Registration | None:
    promoted = None
    while registered_count(event) < event.capacity:
        waiting = db.session.scalar(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITING.value,
            )
            .order_by(Registration.created_at, Registration.id)
            .limit(1)
        )
        if waiting is None:
            break
        waiting.status = RegistrationStatus.REGISTERED.value
        db.session.flush()
        notify(waiting.user, "hearings.place_freed", event, event=event.title)
        promoted = waiting
    return promoted


def registrations(event: Event, status: RegistrationStatus | None = None) -> list[Registration]:
    statement = select(Registration).where(Registration.event_id == event.id)
    if status:
        statement = statement.where(Registration.status == status.value)
    return list(db.session.scalars(statement.order_by(Registration.created_at, Registration.id)))


def mark_attendance(
    event: Event, host: User, registration_ids: set[int], invitation_ids: set[int]
) -> None:
    for registration in registrations(event, RegistrationStatus.REGISTERED):
        registration.attended = registration.id in registration_ids
    for invitation in invitations(event):
        invitation.attended = invitation.id in invitation_ids
    db.session.flush()
    record(host, "hearings.attendance", event, people=len(registration_ids) + len(invitation_ids))


# Walkabouts ---------------------------------------------------------------------------


def add_stop(event: Event, host: User, name: str, look_at: str) -> Stop:
    position = max((s.position for s in event.stops), default=0) + 1
    stop = Stop(position=position, name=name.strip(), look_at=look_at.strip())
    event.stops.append(stop)
    db.session.flush()
    record(host, "hearings.stop_added", event, stop=stop.id)
    return stop


def observe(stop: Stop, host: User, note: str) -> Observation:
    observation = Observation(stop_id=stop.id, author_id=host.id, note=note.strip())
    stop.observations.append(observation)
    db.session.flush()
    return observation


# The record ---------------------------------------------------------------------------


def _recordable(event: Event) -> None:
    if event.state not in (EventState.PUBLISHED, EventState.HELD):
        raise InvalidTransition("the record can be written until it is published")


def add_heard(
    event: Event,
    host: User,
    text: str,
    capability: int,
    is_testimony: bool,
    speaker_name: str | None,
    speaker_consent: bool,
    *,
    lang: str = "en-GB",
) -> Heard:
    _recordable(event)
    name = (speaker_name or "").strip() or None
    heard = Heard(
        event_id=event.id,
        text=text.strip(),
        lang=lang,
        capability=capability,
        is_testimony=is_testimony,
        speaker_name=name if speaker_consent else None,
        speaker_consent=bool(speaker_consent and name),
    )
    db.session.add(heard)
    db.session.flush()
    record(host, "hearings.heard", event, heard=heard.id)
    return heard


def heard(event: Event) -> list[Heard]:
    return list(
        db.session.scalars(select(Heard).where(Heard.event_id == event.id).order_by(Heard.id))
    )


def testimony_to_story(item: Heard, host: User, title: str, first_name: str | None) -> int:
    """With the speaker's consent, a testimony becomes a story told on their behalf."""
    if item.story_id is not None:
        return item.story_id
    event = db.session.get(Event, item.event_id)
    story = stories.record_on_behalf(
        host,
        stories.StoryText(title, item.text, item.lang, item.capability, event.locality, []),
        stories.Consent(
            visibility=Visibility.PUBLIC.value,
            naming=Naming.FIRST_NAME.value if first_name else Naming.ANONYMOUS.value,
            first_name=first_name,
            over_13=True,
            health_consent=True,
            method=ConsentMethod.HEARING.value,
            given_at=event.starts_at,
        ),
        f"heard-{item.id}",
    )
    item.story_id = story.id
    db.session.flush()
    return story.id


def add_commitment(
    event: Event, host: User, text: str, capability: int, owner: User, due_on: date
) -> Commitment:
    _recordable(event)
    if owner is None or due_on is None:
        raise HearingError("a commitment needs an owner and a due date")
    commitment = Commitment(
        event_id=event.id,
        text=text.strip(),
        capability=capability,
        owner_id=owner.id,
        due_on=due_on,
    )
    db.session.add(commitment)
    db.session.flush()
    record(host, "hearings.commitment", event, commitment=commitment.id, owner=owner.id)
    notify(owner, "hearings.commitment", event, event=event.title)
    return commitment


def commitments(event: Event) -> list[Commitment]:
    return _commitments_where(Commitment.event_id == event.id)


def commitments_owned_by(user: User) -> list[Commitment]:
    return _commitments_where(Commitment.owner_id == user.id)


def _commitments_where(condition) -> list[Commitment]:
    return list(db.session.scalars(select(Commitment).where(condition).order_by(Commitment.due_on)))


def update_commitment(commitment: Commitment, actor: User, status: str, note: str) -> None:
    """Move a commitment on; dropping one needs a reason, which is published."""
    status = CommitmentStatus(status)
    if commitment.status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED):
        raise InvalidTransition("the commitment is closed")
    if status == CommitmentStatus.DROPPED and not note.strip():
        raise HearingError("say why the commitment was dropped")
    commitment.status = status.value
    if status == CommitmentStatus.DROPPED:
        commitment.drop_reason = note.strip()
    commitment.updates.append(CommitmentUpdate(status=status.value, note=note.strip()))
    event = db.session.get(Event, commitment.event_id)
    commitment.updated_at = event.updated_at = utcnow()
    db.session.flush()
    record(actor, "hearings.commitment_updated", event, status=status.value)


def is_overdue(commitment: Commitment, today: date) -> bool:
    return commitment.status in (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS) and (
        commitment.due_on < today
    )


def publish_record(event: Event, host: User) -> None:
    """The host signs the record off; until then only the hosts see it."""
    move(event, EventState.RECORD_PUBLISHED, host)


def remind_commitment_owners(today: date, days_before: int = 7) -> int:
    sent = 0
    due = db.session.scalars(
        select(Commitment).where(
            Commitment.status.in_(
                [CommitmentStatus.OPEN.value, CommitmentStatus.IN_PROGRESS.value]
            ),
            Commitment.reminded_at.is_(None),
            Commitment.due_on <= today + timedelta(days=days_before),
        )
    )
    for commitment in due:
        event = db.session.get(Event, commitment.event_id)
        notify(commitment.owner, "hearings.commitment_due", event, event=event.title)
        commitment.reminded_at = utcnow()
        sent += 1
    db.session.flush()
    return sent


# Finding ------------------------------------------------------------------------------


@dataclass
class Filters:
    kind: str | None = None
    locality: str | None = None
    capability: int | None = None


def upcoming(filters: Filters, now: datetime):
    statement = select(Event).where(Event.state == EventState.PUBLISHED.value, Event.ends_at >= now)
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    if filters.locality:
        statement = statement.where(Event.locality == filters.locality)
    if filters.capability:
        statement = statement.where(Event.capability_focus == filters.capability)
    return statement.order_by(Event.starts_at, Event.id)


def past_records():
    return (
        select(Event)
        .where(Event.state == EventState.RECORD_PUBLISHED.value)
        .order_by(Event.starts_at.desc())
    )


def public_events():
    """Every event the public may see; their records only once the hosts published them."""
    return select(Event).where(Event.state != EventState.DRAFT.value)


def published_heard(capability: int | None = None, locality: str | None = None):
    """What was heard, from published records, with its event, newest first."""
    return _published_record_rows(Heard, capability, locality).order_by(
        Event.starts_at.desc(), Heard.id
    )


def published_commitments(capability: int | None = None, locality: str | None = None):
    """Commitments from published records, with their event, newest first."""
    return _published_record_rows(Commitment, capability, locality).order_by(
        Commitment.created_at.desc(), Commitment.id.desc()
    )


def heard_at(event_ids: list[int]) -> list[Heard]:
    if not event_ids:
        return []
    statement = select(Heard).where(Heard.event_id.in_(event_ids)).order_by(Heard.id)
    return list(db.session.scalars(statement))


def commitments_at(event_ids: list[int]) -> list[Commitment]:
    if not event_ids:
        return []
    return _commitments_where(Commitment.event_id.in_(event_ids))


def _published_record_rows(model, capability: int | None, locality: str | None):
    statement = (
        select(model, Event)
        .join(Event, Event.id == model.event_id)
        .where(Event.state == EventState.RECORD_PUBLISHED.value)
    )
    if capability:
        statement = statement.where(model.capability == capability)
    if locality:
        statement = statement.where(Event.locality == locality)
    return statement


def hosted_by(user: User):
    co = select(CoHost.event_id).where(CoHost.user_id == user.id)
    return (
        select(Event)
        .where((Event.host_id == user.id) | Event.id.in_(co))
        .order_by(Event.starts_at.desc())
    )


def invitations_for(user: User) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .join(Event, Event.id == Invitation.event_id)
            .where(Invitation.user_id == user.id, Event.state == EventState.PUBLISHED.value)
            .order_by(Event.starts_at)
        )
    )


def counts_by_status(event: Event) -> Counter:
    return Counter(
        dict(
            db.session.execute(
                select(Registration.status, func.count())
                .where(Registration.event_id == event.id)
                .group_by(Registration.status)
            ).all()
        )
    )
