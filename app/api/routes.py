"""The read-only open-data API (``/api/v1``) and its downloadable files (``/open-data``)."""

import csv
import io

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import lazy_gettext as _l

from app.api import bp, open_data, openapi, services
from app.api.params import BadParameters, parse
from app.api.responses import conditional_json, json_error
from app.extensions import csrf, limiter


def api_limit() -> str:
    return current_app.config["RATELIMIT_API"]


limiter.limit(api_limit)(bp)
csrf.exempt(bp)


#: Each file's title and what it holds, for the open-data page.
FILES = {
    "capabilities": (
        _l("The ten capabilities"),
        _l("Each capability's title, what it recognises, and what leaders do."),
    ),
    "localities": (
        _l("Localities"),
        _l("Greater Manchester's ten localities and the city region as a whole."),
    ),
    "stories": (
        _l("Stories of what works"),
        _l("Every published story, with its capability, locality, themes and language."),
    ),
    "panels": (
        _l("Resident panels"),
        _l("Every panel past its draft: its remit, its power, its locality and its term."),
    ),
    "recommendations": (
        _l("Panels' recommendations and the answers"),
        _l("Each recommendation, the commissioner's answer and reasons, and its progress."),
    ),
    "hearings": (
        _l("Hearings and walkabouts"),
        _l("Every public event, and its key themes once its record is published."),
    ),
    "heard": (
        _l("What was heard"),
        _l("The notes and testimonies in published records, each tied to a capability."),
    ),
    "commitments": (
        _l("Commitments"),
        _l("What formal leaders committed to at hearings, and where each has got to."),
    ),
}


@bp.route("/")
def index():
    return conditional_json(
        {
            "openapi": url_for(".document", _external=True),
            "collections": {
                name: url_for(".collection", name=name, _external=True)
                for name in services.COLLECTIONS
            },
            "licence": "Open Government Licence v3.0",
        }
    )


@bp.route("/openapi.json")
def document():
    return conditional_json(openapi.document())


@bp.route("/<name>")
def collection(name: str):
    found = services.COLLECTIONS.get(name) or abort(404)
    allowed = found.parameters | {"page", "per_page"}
    try:
        query = parse(request.args, allowed)
        page = services.page(found, query)
    except BadParameters as error:
        return json_error(400, "bad_parameters", str(error), error.problems)
    except services.PageOutOfRange as error:
        return json_error(400, "page_out_of_range", str(error), [("page", str(error))])
    links = {
        rel: url_for(
            ".collection", name=name, page=number, per_page=query.per_page,
            **query.filter_args(), _external=True,
        ) if 1 <= number <= page.last_page else None
        for rel, number in (("next", query.page + 1), ("prev", query.page - 1))
    }  # fmt: skip
    payload = {
        "items": [item.model_dump(mode="json") for item in page.items],
        "page": query.page,
        "per_page": query.per_page,
        "total": page.total,
        **links,
    }
    response = conditional_json(payload, page.last_modified)
    link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    if link_header:
        response.headers["Link"] = link_header
    return response


@open_data.route("/")
def files():
    return render_template(
        "open_data/index.html",
        collections=services.COLLECTIONS,
        titles={name: title for name, (title, _) in FILES.items()},
        descriptions={name: description for name, (_, description) in FILES.items()},
        columns={name: services.csv_columns(c.schema) for name, c in services.COLLECTIONS.items()},
    )


@open_data.route("/<name>.csv")
@limiter.limit(api_limit)
def download(name: str):
    found = services.COLLECTIONS.get(name) or abort(404)
    try:
        query = parse(request.args, found.parameters)
    except BadParameters:
        abort(400)
    columns = services.csv_columns(found.schema)

    return Response(
        stream_with_context(_csv_lines(found, query, columns)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _csv_lines(found, query, columns):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for number, item in enumerate(services.everything(found, query), start=1):
        writer.writerow(services.csv_row(item, columns))
        if number % services.BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
