"""Translated error pages for the HTTP errors a person can meet."""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

MESSAGES = {
    400: (
        _l("There is a problem with your request"),
        _l(
            "Something in the request was not right. Go back, check what you entered and try again."
        ),
    ),
    403: (
        _l("You do not have permission to see this page"),
        _l("If you think you should have access, ask an administrator to give you the right role."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. "
            "If you followed a link, it may be out of date."
        ),
    ),
    405: (
        _l("That action is not allowed here"),
        _l(
            "This page cannot be used in that way. "
            "Go back and use the links and buttons on the page."
        ),
    ),
    409: (
        _l("That cannot be done now"),
        _l("Something changed since you opened the page. Go back, reload the page and try again."),
    ),
    413: (
        _l("What you sent is too large"),
        _l("Make it smaller and try again. Nothing you sent has been saved."),
    ),
    429: (
        _l("Too many attempts"),
        _l("For your security, wait a few minutes before trying again."),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. Nothing you entered has been lost if it was saved before this page."),
    ),
}
CSRF_MESSAGE = _l(
    "The form could not be sent because it had expired or was incomplete. "
    "Go back, reload the page and try again."
)


def render_error(code: int, message=None):
    """The error page for ``code``; codes without their own words borrow their class's."""
    title, default_message = MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500]
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    ), code


#: Short names for the API's JSON errors, by status.
API_ERRORS = {404: "not_found", 405: "method_not_allowed", 429: "too_many_requests"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(code: int, description: str):
    from app.api.responses import json_error

    return json_error(code, API_ERRORS.get(code, "error"), description)


def handle_http_error(error: HTTPException):
    if wants_json():
        return api_error(error.code or 500, error.description or error.name)
    return render_error(error.code or 500)


def handle_csrf_error(_error: CSRFError):
    return render_error(400, CSRF_MESSAGE)


def handle_server_error(_error: Exception):
    db.session.rollback()
    if wants_json():
        return api_error(500, "Something went wrong on our side. Try again later.")
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
