"""The notifications panels send."""

from flask_babel import lazy_gettext as _l

from app.notifications.services import register_kind


def _panel(notification) -> dict:
    return {"panel_id": notification.subject_id}


for _name, _label, _message, _endpoint in (
    (
        "panels.selected",
        _l("When I am offered a seat on a panel"),
        _l("You have been offered a seat on %(panel)s. Please accept or decline it."),
        "panels.detail",
    ),
    (
        "panels.seat_offered",
        _l("When a seat is offered to me from the reserve list"),
        _l("A seat on %(panel)s has come free and is offered to you."),
        "panels.detail",
    ),
    (
        "panels.reserve",
        _l("When I am placed on a reserve list"),
        _l("You are on the reserve list for %(panel)s."),
        "panels.detail",
    ),
    (
        "panels.not_selected",
        _l("When a draw I entered has taken place"),
        _l("The draw for %(panel)s has taken place. You were not selected this time."),
        "panels.selection",
    ),
    (
        "panels.appointed",
        _l("When I am appointed to a panel"),
        _l("You have been appointed to %(panel)s."),
        "panels.detail",
    ),
    (
        "panels.selection_finished",
        _l("When a draw I started has finished (conveners)"),
        _l("The draw for %(panel)s has finished."),
        "panels.selection",
    ),
    (
        "panels.selection_failed",
        _l("When a draw I started cannot be completed (conveners)"),
        _l("The draw for %(panel)s could not be completed. See why and change the targets."),
        "panels.selection",
    ),
):
    register_kind(_name, _label, _message, _endpoint, _panel)
