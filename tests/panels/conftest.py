from datetime import date

import pytest

from app.accounts.models import Role
from app.panels import services
from tests.stories.conftest import person


def details(**changes) -> services.PanelDetails:
    values = {
        "name": "Wigan North health panel",
        "remit": "Advises on community mental health services.",
        "locality": "wigan",
        "capability_focus": 2,
        "power": "advises",
        "target_size": 4,
        "reserve_size": 2,
        "one_per_household": False,
        "term_starts_on": date(2027, 1, 1),
        "term_ends_on": date(2027, 12, 31),
    }
    values.update(changes)
    return services.PanelDetails(**values)


AGE = [("Under 40", 1, 3), ("40 and over", 1, 3)]


def recruiting_panel(convener, *, questions=True, **changes):
    panel = services.create_panel(convener, details(**changes))
    if questions:
        services.add_question(panel, convener, "Age band", "So that all ages are heard.", AGE)
    services.move(panel, services.PanelState.RECRUITING, convener)
    return panel


def applicants(panel, count: int, prefix: str = "applicant"):
    under, over = [v.id for v in panel.questions[0].values] if panel.questions else (None, None)
    people = []
    for n in range(count):
        user = person(f"{prefix}{n}@example.org")
        answers = {panel.questions[0].id: under if n % 2 else over} if panel.questions else {}
        services.apply(panel, user, services.ApplicationDetails(True, answers=answers))
        people.append(user)
    return people


@pytest.fixture
def cast(app_ctx):
    return {
        "convener": person("convener@example.org", Role.COMMUNITY_LEADER),
        "admin": person("admin@example.org", Role.ADMIN),
        "resident": person("resident@example.org"),
    }
