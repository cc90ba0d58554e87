"""The ten capabilities: a list and a page for each."""

from flask import abort, render_template

from app import content
from app.capabilities import bp


@bp.route("/")
def index():
    return render_template(
        "capabilities/index.html",
        capabilities=content.capabilities(),
        source=content.source_document(),
    )


@bp.route("/<int:number>")
def detail(number: int):
    capability = content.capability(number) or abort(404)
    return render_template(
        "capabilities/detail.html", capability=capability, source=content.source_document()
    )
