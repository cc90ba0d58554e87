"""Named permissions: ``can("accounts.admin", user, obj)``.

Each blueprint's ``policies.py`` registers its rules with :func:`rule`. Routes use
:func:`permission_required`, templates call ``can(...)`` to hide what a person may not
do, and tests ask the same questions directly.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from app.extensions import login_manager

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(check: Rule) -> Rule:
        if name in _rules:
            raise ValueError(f"permission {name!r} is defined twice")
        _rules[name] = check
        return check

    return register


def signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can(name: str, user: Any, obj: Any = None) -> bool:
    try:
        check = _rules[name]
    except KeyError:
        raise LookupError(f"unknown permission {name!r}") from None
    return bool(check(user, obj))


def require(name: str, obj: Any = None, *, status: int = 403) -> None:
    """Abort with ``status`` (404 where existence itself is private) unless allowed."""
    if not can(name, current_user, obj):
        abort(status)


def permission_required(name: str) -> Callable:
    """Route decorator: anonymous people go to sign in, others without the right get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(name, current_user):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_permission = name
        return guarded

    return decorate
