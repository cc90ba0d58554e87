import pytest

from app.accounts import services as accounts
from app.accounts.models import Role
from app.stories import services
from app.stories.models import Naming, Visibility

PASSWORD = "river-stone-meadow"


def person(email: str, *roles: Role, name: str | None = None):
    user = accounts.register(email, name or email.split("@")[0].title(), PASSWORD, "v")
    for role in roles:
        accounts.grant_role(user, role, None)
    return user


def text(**changes) -> services.StoryText:
    values = {
        "title": "The walking group",
        "body": "Joining the Tuesday walking group in Wigan got me out of the house.",
        "lang": "en-GB",
        "capability": 6,
        "locality": "wigan",
        "themes": ["loneliness"],
    }
    values.update(changes)
    return services.StoryText(**values)


def consent(**changes) -> services.Consent:
    values = {
        "visibility": Visibility.PUBLIC.value,
        "naming": Naming.FIRST_NAME.value,
        "first_name": "Amina",
        "over_13": True,
        "health_consent": True,
    }
    values.update(changes)
    return services.Consent(**values)


def told(author, **changes):
    """A story its author has written and sent to the moderators."""
    visibility = changes.pop("visibility", Visibility.PUBLIC.value)
    story = services.save_draft(author, text(**changes), services.new_submission_key())
    services.submit(story, author, consent(visibility=visibility))
    return story


def published(author, moderator, **changes):
    story = told(author, **changes)
    services.publish(story, moderator)
    return story


@pytest.fixture
def people(app_ctx):
    return {
        "teller": person("teller@example.org"),
        "moderator": person("mod@example.org", Role.MODERATOR),
        "staff": person("staff@example.org", Role.STAFF),
        "commissioner": person("commissioner@example.org", Role.COMMISSIONER),
        "admin": person("admin@example.org", Role.ADMIN),
        "leader": person("leader@example.org", Role.COMMUNITY_LEADER),
    }
