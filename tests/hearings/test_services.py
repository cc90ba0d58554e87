from datetime import UTC, date, datetime, timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.authz import can
from app.extensions import db
from app.hearings import calendar, services
from app.hearings.models import Event, EventState
from app.notifications.models import Notification
from app.stories.models import Story
from tests.hearings.conftest import details, published_event
from tests.stories.conftest import person


def kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    )


def past(event: Event) -> None:
    """Move an event into the past, as if time had passed."""
    event.starts_at = datetime.now(UTC) - timedelta(hours=3)
    event.ends_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.flush()


def test_events_must_end_after_they_start_and_be_in_the_future(cast):
    start = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(services.HearingError):
        services.create_event(cast["host"], details(starts_at=start, ends_at=start))
    with pytest.raises(services.InThePast):
        services.create_event(
            cast["host"],
            details(
                starts_at=start - timedelta(days=2), ends_at=start - timedelta(days=2, hours=-1)
            ),
        )


def test_capacity_is_kept_and_the_waiting_list_moves_up(cast):
    event = published_event(cast["host"], capacity=2)
    people = [person(f"p{n}@example.org") for n in range(4)]
    outcomes = [services.register(event, p, services.Needs()).status for p in people]
    assert outcomes == ["registered", "registered", "waiting", "waiting"]
    with pytest.raises(services.AlreadyRegistered):
        services.register(event, people[0], services.Needs())
    first = services.registration_of(event, people[0])
    promoted = services.cancel_registration(first, people[0])
    assert promoted.user_id == people[2].id and promoted.status == "registered"
    assert "hearings.place_freed" in kinds_for(people[2])
    assert services.registered_count(event) == 2


def test_capacity_cannot_drop_below_those_registered(cast):
    event = published_event(cast["host"], capacity=3)
    for n in range(3):
        services.register(event, person(f"c{n}@example.org"), services.Needs())
    with pytest.raises(services.CapacityTooSmall) as problem:
        services.update_event(event, cast["host"], details(capacity=2))
    assert problem.value.registered == 3


def test_raising_capacity_moves_the_waiting_list_up(cast):
    event = published_event(cast["host"], capacity=1)
    first, second = person("f@example.org"), person("s@example.org")
    services.register(event, first, services.Needs())
    waiting = services.register(event, second, services.Needs())
    services.update_event(event, cast["host"], details(capacity=2))
    assert waiting.status == "registered"
    assert "hearings.changed" in kinds_for(first)


def test_no_registration_for_drafts_cancelled_or_past_events(cast):
    draft = services.create_event(cast["host"], details())
    with pytest.raises(services.NotOpen):
        services.register(draft, cast["resident"], services.Needs())
    cancelled = published_event(cast["host"])
    services.cancel(cancelled, cast["host"], "Venue flooded")
    with pytest.raises(services.NotOpen):
        services.register(cancelled, cast["resident"], services.Needs())
    gone = published_event(cast["host"])
    past(gone)
    with pytest.raises(services.NotOpen):
        services.register(gone, cast["resident"], services.Needs())


def test_cancelling_tells_invitees_and_everyone_registered(cast):
    event = published_event(cast["host"])
    services.invite(
        event, cast["host"], cast["commissioner"], "Director of Commissioning", "executive"
    )
    services.register(event, cast["resident"], services.Needs())
    services.cancel(event, cast["host"], "Venue flooded")
    assert "hearings.cancelled" in kinds_for(cast["commissioner"])
    assert "hearings.cancelled" in kinds_for(cast["resident"])
    assert event.cancel_reason == "Venue flooded"


def test_only_formal_leaders_are_invited_and_counted_by_seniority(cast):
    event = published_event(cast["host"])
    with pytest.raises(services.NotAFormalLeader):
        services.invite(event, cast["host"], cast["resident"], "Neighbour", "frontline")
    a = services.invite(event, cast["host"], cast["commissioner"], "Director", "executive")
    services.invite(event, cast["host"], cast["staff"], "Health visitor", "frontline")
    with pytest.raises(services.AlreadyInvited):
        services.invite(event, cast["host"], cast["staff"], "Health visitor", "frontline")
    services.answer_invitation(a, cast["commissioner"], True, "Looking forward to it")
    services.mark_attendance(event, cast["host"], set(), {a.id})
    table = {row["seniority"]: row for row in services.leaders_by_seniority(event)}
    assert (
        table["executive"]["invited"],
        table["executive"]["accepted"],
        table["executive"]["attended"],
    ) == (1, 1, 1)
    assert (table["frontline"]["invited"], table["frontline"]["accepted"]) == (1, 0)
    assert "hearings.invited" in kinds_for(cast["staff"])


def test_the_record_quotes_only_consenting_speakers_and_testimonies_become_stories(cast):
    event = published_event(cast["host"])
    named = services.add_heard(event, cast["host"], "The bus stopped coming", 4, True, "Ada", True)
    unnamed = services.add_heard(event, cast["host"], "We need a bench", 1, False, "Bo", False)
    assert named.speaker_name == "Ada" and unnamed.speaker_name is None
    story_id = services.testimony_to_story(named, cast["host"], "The bus", "Ada")
    story = db.session.get(Story, story_id)
    assert story.on_behalf and story.consent_method == "hearing" and story.state == "submitted"
    assert services.testimony_to_story(named, cast["host"], "Again", None) == story_id


def test_commitments_are_followed_up_until_closed_and_dropping_needs_a_reason(cast):
    event = published_event(cast["host"])
    commitment = services.add_commitment(
        event, cast["host"], "I will fix the lift", 3, cast["staff"], date(2027, 1, 1)
    )
    assert "hearings.commitment" in kinds_for(cast["staff"])
    assert services.is_overdue(commitment, date(2027, 1, 2))
    with pytest.raises(services.HearingError):
        services.update_commitment(commitment, cast["staff"], "dropped", "  ")
    services.update_commitment(commitment, cast["staff"], "in_progress", "Engineer booked")
    services.update_commitment(commitment, cast["staff"], "dropped", "The building is being sold")
    assert commitment.drop_reason == "The building is being sold"
    with pytest.raises(services.InvalidTransition):
        services.update_commitment(commitment, cast["staff"], "done", "x")


def test_owners_are_reminded_once_before_commitments_fall_due(cast):
    event = published_event(cast["host"])
    services.add_commitment(event, cast["host"], "I will write", 3, cast["staff"], date(2027, 1, 5))
    assert services.remind_commitment_owners(date(2026, 12, 1)) == 0
    assert services.remind_commitment_owners(date(2027, 1, 1)) == 1
    assert services.remind_commitment_owners(date(2027, 1, 2)) == 0


def test_the_record_is_signed_off_after_the_event_is_held(cast):
    event = published_event(cast["host"])
    with pytest.raises(services.InvalidTransition):
        services.move(event, EventState.HELD, cast["host"])
    past(event)
    services.move(event, EventState.HELD, cast["host"])
    services.publish_record(event, cast["host"])
    assert event.state == EventState.RECORD_PUBLISHED and event.record_published_at
    with pytest.raises(services.InvalidTransition):
        services.add_heard(event, cast["host"], "late", 1, False, None, False)


def test_the_calendar_file_describes_the_event(cast):
    event = published_event(cast["host"])
    body = calendar.calendar_for([event], "https://example.org", "Events").decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Listening to Hindley" in body
    assert "https://example.org/hearings/" in body


ROLES = ["anonymous", "resident", "host", "co_host", "commissioner", "admin"]


@pytest.mark.parametrize("state", ["draft", "published", "held", "record_published", "cancelled"])
def test_role_by_state_matrix(cast, state):
    event = services.create_event(cast["host"], details())
    co_host = person(f"co-{state}@example.org")
    services.add_co_host(event, co_host, cast["host"])
    path = {
        "draft": [], "published": ["published"], "held": ["published", "held"],
        "record_published": ["published", "held", "record_published"], "cancelled": ["cancelled"],
    }[state]  # fmt: skip
    for step in path:
        if step == "held":
            past(event)
        services.move(event, EventState(step), cast["host"])
    people = {
        "anonymous": AnonymousUserMixin(),
        "resident": cast["resident"],
        "host": cast["host"],
        "co_host": co_host,
        "commissioner": cast["commissioner"],
        "admin": cast["admin"],
    }
    everyone = set(ROLES)
    hosts = {"host", "co_host", "admin"}
    expected = {
        "hearings.view": hosts if state == "draft" else everyone,
        "hearings.host": hosts,
        "hearings.view_record": everyone if state == "record_published" else hosts,
        "hearings.register": everyone - {"anonymous"} if state == "published" else set(),
    }
    for permission, allowed in expected.items():
        got = {role for role, user in people.items() if can(permission, user, event)}
        assert got == allowed, (permission, state)
