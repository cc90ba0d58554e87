"""The map of activity and each capability's overview count public content only."""

from sqlalchemy import event

from app.accounts.models import Role
from app.capabilities import services
from app.extensions import db
from app.stories.models import Story
from tests.capabilities.conftest import CAPABILITY, LOCALITY
from tests.stories.conftest import person, published


def test_the_map_counts_only_what_the_public_can_see(world):
    cell = services.activity().cell(CAPABILITY, LOCALITY)
    assert (cell.stories, cell.recommendations, cell.heard, cell.commitments) == (1, 1, 2, 1)
    assert services.activity().cell(CAPABILITY, "wigan").stories == 1
    assert services.activity().for_capability(CAPABILITY).stories == 2
    assert services.activity().cell(CAPABILITY + 1, LOCALITY).total == 0


def test_the_counts_are_cached_and_forgotten_when_content_changes(world):
    queries = []
    listener = lambda *args: queries.append(args[2]) if args[2].startswith("SELECT") else None  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        services.activity()
        services.activity()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(queries) == 4, "one aggregate query per kind, then the cache"

    story = db.session.get(Story, world.elsewhere_story)
    story.locality = LOCALITY
    db.session.commit()
    assert services.activity().cell(CAPABILITY, LOCALITY).stories == 2


def test_a_rolled_back_change_keeps_the_cached_counts(world):
    before = services.activity().cell(CAPABILITY, LOCALITY).stories
    story = db.session.get(Story, world.elsewhere_story)
    story.locality = LOCALITY
    db.session.flush()
    db.session.rollback()
    assert services.activity().cell(CAPABILITY, LOCALITY).stories == before


def test_the_overview_filters_by_locality_and_counts_log_entries(world):
    everywhere = services.overview(CAPABILITY, None, False)
    assert {s.id for s in everywhere.stories} == {world.public_story, world.elsewhere_story}
    bolton = services.overview(CAPABILITY, LOCALITY, False)
    assert [s.id for s in bolton.stories] == [world.public_story]
    assert [r.id for r in bolton.recommendations] == [world.recommendation]
    assert {h.id for h, _event in bolton.heard} == {world.heard_note, world.heard_testimony}
    assert [c.id for c, _event in bolton.commitments] == [world.commitment]
    assert bolton.log_entries == 2
    assert services.overview(CAPABILITY, "wigan", False).log_entries == 0
    staff_view = services.overview(CAPABILITY, LOCALITY, True)
    assert world.staff_story in {s.id for s in staff_view.stories}


def test_a_new_story_published_elsewhere_reaches_the_map_at_once(world):
    services.activity()
    teller = person("new-teller@example.org")
    moderator = person("new-moderator@example.org", Role.MODERATOR)
    published(teller, moderator, capability=CAPABILITY, locality="salford")
    db.session.commit()
    assert services.activity().cell(CAPABILITY, "salford").stories == 1
