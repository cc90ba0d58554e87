"""One of every kind of content about capability 3 in Bolton, public and not."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.audit import utcnow
from app.deck import services as deck
from app.extensions import db
from app.hearings import services as hearings
from app.panels import services as panels
from app.panels.models import PanelState
from app.stories import services as stories
from app.stories.models import Story
from tests.hearings.conftest import details as event_details
from tests.hearings.conftest import published_event
from tests.panels.conftest import details as panel_details
from tests.panels.conftest import recruiting_panel
from tests.stories.conftest import person, published, told

CAPABILITY, LOCALITY = 3, "bolton"


@dataclass
class World:
    """Ids of what the public may see, and of what it must never see."""

    public_story: int
    staff_story: int
    withdrawn_story: int
    submitted_story: int
    hidden_story: int
    elsewhere_story: int
    recommendation: int
    draft_panel: int
    panel: int
    recorded_event: int
    unrecorded_event: int
    draft_event: int
    heard_note: int
    heard_testimony: int
    unpublished_heard: int
    commitment: int
    unpublished_commitment: int


def _story(author, moderator, **changes):
    return published(author, moderator, capability=CAPABILITY, locality=LOCALITY, **changes)


def _stories(cast) -> dict:
    teller, moderator = cast["teller"], cast["moderator"]
    public = _story(teller, moderator, title="Public story in Bolton")
    staff = _story(teller, moderator, title="Staff only story", visibility="staff")
    withdrawn = _story(teller, moderator, title="Withdrawn story")
    submitted = told(teller, title="Waiting story", capability=CAPABILITY, locality=LOCALITY)
    hidden = _story(teller, moderator, title="Hidden story")
    hidden.hidden_at = utcnow()
    elsewhere = published(
        teller, moderator, title="Story from Wigan", capability=CAPABILITY, locality="wigan"
    )
    return {
        "public_story": public.id,
        "staff_story": staff.id,
        "withdrawn_story": withdrawn.id,
        "submitted_story": submitted.id,
        "hidden_story": hidden.id,
        "elsewhere_story": elsewhere.id,
    }


def _panels(cast, cited: list[int]) -> dict:
    convener = cast["convener"]
    draft = panels.create_panel(convener, panel_details(name="Draft"))
    panel = recruiting_panel(
        convener, locality=LOCALITY, capability_focus=CAPABILITY, name="Bolton health panel"
    )
    panels.appoint(panel, cast["teller"], convener)
    panels.move(panel, PanelState.SELECTING, convener)
    panels.move(panel, PanelState.ACTIVE, convener)
    advice = panels.record_advice(
        panel,
        convener,
        None,
        panels.AdviceDetails(
            summary="Trust grows when people see what happened.",
            agreed_how="consensus",
            votes_for=None,
            votes_against=None,
            votes_abstained=None,
            minority_view=None,
            answer_due_on=date(2027, 3, 1),
            recommendations=[
                panels.RecommendationDraft("Publish every answer in Bolton", CAPABILITY, cited)
            ],
        ),
    )
    recommendation = advice.recommendations[0]
    panels.answer(recommendation, cast["commissioner"], "accepted", None, "From April", None)
    return {"recommendation": recommendation.id, "draft_panel": draft.id, "panel": panel.id}


def _held(event, host):
    event.starts_at = datetime.now(UTC) - timedelta(hours=3)
    event.ends_at = datetime.now(UTC) - timedelta(hours=1)
    hearings.move(event, hearings.EventState.HELD, host)


def _hearings(cast) -> dict:
    host, owner = cast["host"], cast["staff"]
    recorded = published_event(
        host, locality=LOCALITY, capability_focus=CAPABILITY, title="Bolton hearing"
    )
    note = hearings.add_heard(
        recorded, host, "Buses stop too early", CAPABILITY, False, None, False
    )
    testimony = hearings.add_heard(
        recorded, host, "I could not get home", CAPABILITY, True, "Samira", True
    )
    commitment = hearings.add_commitment(
        recorded, host, "I will talk to the bus company", CAPABILITY, owner, date(2027, 2, 1)
    )
    _held(recorded, host)
    hearings.publish_record(recorded, host)
    unrecorded = published_event(
        host, locality=LOCALITY, capability_focus=CAPABILITY, title="Hearing not yet written up"
    )
    secret = hearings.add_heard(
        unrecorded, host, "Not yet signed off", CAPABILITY, False, None, False
    )
    promise = hearings.add_commitment(
        unrecorded, host, "A draft promise", CAPABILITY, owner, date(2027, 2, 1)
    )
    draft = hearings.create_event(host, event_details(locality=LOCALITY, title="Draft event"))
    return {
        "recorded_event": recorded.id,
        "unrecorded_event": unrecorded.id,
        "draft_event": draft.id,
        "heard_note": note.id,
        "heard_testimony": testimony.id,
        "unpublished_heard": secret.id,
        "commitment": commitment.id,
        "unpublished_commitment": promise.id,
    }


def _log_entries(cast) -> None:
    team = deck.create_team(cast["staff"], "Bolton team", "Neighbourhood team", LOCALITY)
    for _ in range(2):
        deck.add_entry(
            team,
            cast["staff"],
            deck.EntryDetails(
                date(2026, 11, 1), "group", None, CAPABILITY, "We met", "We learned", None,
                None, None,
            ),
            date(2026, 11, 2),
        )  # fmt: skip


@pytest.fixture
def world(app_ctx) -> World:
    cast = {
        "teller": person("teller@example.org"),
        "moderator": person("moderator@example.org", Role.MODERATOR),
        "convener": person("convener@example.org", Role.COMMUNITY_LEADER),
        "commissioner": person("commissioner@example.org", Role.COMMISSIONER),
        "host": person("host@example.org", Role.COMMUNITY_LEADER),
        "staff": person("staff@example.org", Role.STAFF),
    }
    found = _stories(cast)
    found |= _panels(cast, [found["public_story"], found["withdrawn_story"]])
    stories.withdraw(db.session.get(Story, found["withdrawn_story"]), cast["teller"])
    found |= _hearings(cast)
    _log_entries(cast)
    db.session.commit()
    return World(**found)
