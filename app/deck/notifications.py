"""The notifications the deck sends."""

from flask_babel import lazy_gettext as _l

from app.notifications.services import register_kind

register_kind(
    "deck.invited",
    _l("When I am invited to join a team"),
    _l("You have been invited to join the team “%(team)s”."),
    "deck.teams",
    lambda notification: {},
)
