from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.hearings import services
from tests.stories.conftest import person


def details(**changes) -> services.EventDetails:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    values = {
        "kind": "hearing",
        "title": "Listening to Hindley",
        "theme": "What would make it easier to stay well here?",
        "capability_focus": 1,
        "locality": "wigan",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "venue": "Hindley Community Centre",
        "step_free": True,
        "hearing_loop": True,
        "accessible_toilet": True,
        "quiet_space": False,
        "parking": False,
        "public_transport": "Buses 7 and 8",
        "languages": "English, Urdu",
        "interpreters": "British Sign Language",
        "capacity": 2,
    }
    values.update(changes)
    return services.EventDetails(**values)


def published_event(host, **changes):
    event = services.create_event(host, details(**changes))
    services.move(event, services.EventState.PUBLISHED, host)
    return event


@pytest.fixture
def cast(app_ctx):
    return {
        "host": person("host@example.org", Role.COMMUNITY_LEADER),
        "resident": person("resident@example.org"),
        "commissioner": person("comm@example.org", Role.COMMISSIONER),
        "staff": person("staff@example.org", Role.STAFF),
        "admin": person("admin@example.org", Role.ADMIN),
    }
