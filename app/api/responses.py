"""JSON responses for the open-data API: errors, and conditional answers with 304."""

from datetime import datetime

from flask import current_app, json, request


def conditional_json(payload: dict, last_modified: datetime | None = None):
    """A JSON response with an ETag (and Last-Modified), or 304 if the client has it."""
    response = current_app.response_class(
        json.dumps(payload, ensure_ascii=False), mimetype="application/json"
    )
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def json_error(status: int, error: str, message: str, parameters=()):
    body = {
        "status": status,
        "error": error,
        "message": message,
        "parameters": [{"parameter": name, "message": text} for name, text in parameters],
    }
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
