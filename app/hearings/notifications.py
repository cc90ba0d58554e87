"""The notifications hearings send."""

from flask_babel import lazy_gettext as _l

from app.notifications.services import register_kind


def _event(notification) -> dict:
    return {"event_id": notification.subject_id}


for _name, _label, _message in (
    (
        "hearings.invited",
        _l("When I am invited to listen at a hearing or walkabout"),
        _l("You are invited to listen at “%(event)s”."),
    ),
    (
        "hearings.changed",
        _l("When an event I am going to changes"),
        _l("The details of “%(event)s” have changed."),
    ),
    (
        "hearings.cancelled",
        _l("When an event I am going to is cancelled"),
        _l("“%(event)s” has been cancelled."),
    ),
    (
        "hearings.place_freed",
        _l("When a place frees up for me at an event"),
        _l("A place has come free at “%(event)s”, and it is yours."),
    ),
    (
        "hearings.commitment",
        _l("When a commitment I made at an event is recorded"),
        _l("A commitment you made at “%(event)s” has been recorded."),
    ),
    (
        "hearings.commitment_due",
        _l("When a commitment I made is due soon"),
        _l("A commitment you made at “%(event)s” is due soon. Please update it."),
    ),
):
    register_kind(_name, _label, _message, "hearings.detail", _event)
