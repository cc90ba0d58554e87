"""The ten capabilities: the map of activity, and what has been done for each."""

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user

from app import content
from app.authz import can
from app.capabilities import bp, services
from app.capabilities.forms import LocalityFilterForm


@bp.route("/")
def index():
    try:
        context = services.map_context(request.args.get("show"))
    except services.UnknownKind:
        abort(400)
    return render_template("capabilities/index.html", source=content.source_document(), **context)


@bp.route("/<int:number>")
def detail(number: int):
    capability = content.capability(number) or abort(404)
    form = LocalityFilterForm(request.args)
    valid = form.validate()
    locality = form.locality.data if valid and form.locality.data else None
    overview = services.overview(number, locality, can("stories.read_staff_only", current_user))
    return render_template(
        "capabilities/detail.html",
        capability=capability,
        source=content.source_document(),
        form=form,
        locality=locality,
        overview=overview,
        today=date.today(),
    ), 200 if valid else 400
