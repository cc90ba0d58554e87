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

for _name, _label, _message, _endpoint in (
    (
        "panels.meeting",
        _l("When a panel I sit on arranges a meeting"),
        _l("%(panel)s has arranged a meeting."),
        "panels.meetings",
    ),
    (
        "panels.asked",
        _l("When a commissioner puts a question to a panel I convene"),
        _l("A commissioner has put a question to %(panel)s."),
        "panels.detail",
    ),
    (
        "panels.advice",
        _l("When a panel gives advice on my question (commissioners)"),
        _l("%(panel)s has given its advice on your question."),
        "panels.outcomes",
    ),
    (
        "panels.answered",
        _l("When a commissioner answers a panel's advice"),
        _l("A commissioner has answered advice from %(panel)s."),
        "panels.outcomes",
    ),
    (
        "panels.answer_due",
        _l("When an answer I committed to is due soon (commissioners)"),
        _l("Your answer to advice from %(panel)s is due in the next few days."),
        "panels.outcomes",
    ),
    (
        "panels.overdue",
        _l("When an answer I committed to is overdue (commissioners)"),
        _l("Your answer to advice from %(panel)s is overdue."),
        "panels.outcomes",
    ),
):
    register_kind(_name, _label, _message, _endpoint, _panel)
