"""Who may see notifications: each person only their own."""

from app.authz import rule


@rule("notifications.own")
def read_own_notifications(user, _obj=None) -> bool:
    return bool(user and user.is_authenticated)
