"""The notifications stories send."""

from flask_babel import lazy_gettext as _l

from app.notifications.services import register_kind


def _story(notification) -> dict:
    return {"story_id": notification.subject_id}


register_kind(
    "stories.submitted",
    _l("When a story is waiting to be checked (moderators)"),
    _l("A new story is waiting to be checked: “%(title)s”"),
    "stories.moderate",
    _story,
)
register_kind(
    "stories.published",
    _l("When my story is published"),
    _l("Your story “%(title)s” has been published."),
    "stories.detail",
    _story,
)
register_kind(
    "stories.returned",
    _l("When my story is returned for changes"),
    _l("Your story “%(title)s” has been returned to you with a note from the moderator."),
    "stories.detail",
    _story,
)
register_kind(
    "stories.rejected",
    _l("When my story cannot be published"),
    _l("Your story “%(title)s” cannot be published. The moderator has explained why."),
    "stories.detail",
    _story,
)
register_kind(
    "stories.response",
    _l("When someone replies to my story"),
    _l("There is a new reply to your story “%(title)s”."),
    "stories.detail",
    _story,
)
register_kind(
    "stories.urgent",
    _l("When a story is flagged as an urgent safeguarding concern (administrators)"),
    _l("Urgent safeguarding concern: “%(title)s” needs action now."),
    "stories.moderate",
    _story,
)
register_kind(
    "stories.reported",
    _l("When reports hide a story or reply (moderators)"),
    _l("Reports have hidden “%(title)s” until a moderator looks at it."),
    "stories.moderate",
    _story,
)
register_kind(
    "stories.translation_submitted",
    _l("When a translation of a story is waiting to be checked (moderators)"),
    _l("A translation of “%(title)s” is waiting to be checked."),
    "stories.translations",
    lambda _notification: {},
)
register_kind(
    "stories.translation_published",
    _l("When my translation is published"),
    _l("Your translation “%(title)s” has been published beside the story."),
    "stories.detail",
    _story,
)
register_kind(
    "stories.translation_rejected",
    _l("When my translation cannot be published"),
    _l("Your translation “%(title)s” cannot be published. The moderator has explained why."),
    "stories.translations_mine",
    lambda _notification: {},
)
