"""Who may do what with stories."""

from app.accounts.models import Role
from app.authz import rule, signed_in
from app.stories.models import TRANSITIONS, State, Visibility

READERS_OF_STAFF_STORIES = (Role.STAFF, Role.COMMISSIONER, Role.MODERATOR)


def _has_any(user, roles) -> bool:
    return signed_in(user) and any(user.has_role(role) for role in roles)


def _is_author(user, story) -> bool:
    return signed_in(user) and story is not None and story.author_id == user.id


@rule("stories.tell")
def tell(user, _story=None) -> bool:
    return signed_in(user)


@rule("stories.record_on_behalf")
def record_on_behalf(user, _story=None) -> bool:
    return _has_any(user, (Role.COMMUNITY_LEADER, Role.STAFF))


@rule("stories.read_staff_only")
def read_staff_only(user, _story=None) -> bool:
    return _has_any(user, READERS_OF_STAFF_STORIES)


@rule("stories.view")
def view(user, story) -> bool:
    if story.state == State.PUBLISHED and story.hidden_at is None:
        return story.visibility == Visibility.PUBLIC or read_staff_only(user)
    if _is_author(user, story):
        return True
    return moderate_any(user) and story.state != State.DRAFT


@rule("stories.edit")
def edit(user, story) -> bool:
    return _is_author(user, story) and story.state in (State.DRAFT, State.RETURNED)


@rule("stories.withdraw")
def withdraw(user, story) -> bool:
    return _is_author(user, story) and State.WITHDRAWN in _next_states(story)


@rule("stories.moderate_any")
def moderate_any(user, _story=None) -> bool:
    return _has_any(user, (Role.MODERATOR,))


@rule("stories.moderate")
def moderate(user, story) -> bool:
    """Moderators check stories, but never one they wrote in themselves."""
    return (
        moderate_any(user)
        and not _is_author(user, story)
        and story.state in (State.SUBMITTED, State.PUBLISHED)
    )


@rule("stories.translate")
def translate(user, story=None) -> bool:
    """Volunteer translators translate stories the public can read."""
    return _has_any(user, (Role.TRANSLATOR,)) and (story is None or story.is_public)


@rule("stories.check_translation")
def check_translation(user, translation) -> bool:
    """Moderators check translations, but never their own."""
    return moderate_any(user) and translation.translator_id != user.id


@rule("stories.respond")
def respond(user, story) -> bool:
    return (
        _has_any(user, (Role.STAFF, Role.COMMISSIONER))
        and story.state == State.PUBLISHED
        and story.hidden_at is None
    )


@rule("stories.report")
def report(user, _story=None) -> bool:
    return signed_in(user)


@rule("stories.export")
def export(user, _story=None) -> bool:
    return read_staff_only(user)


def _next_states(story):
    return TRANSITIONS[State(story.state)]
