"""The ten capabilities: a list and a page for each."""

from flask import abort, render_template
from flask_login import current_user

from app import content
from app.authz import can
from app.capabilities import bp
from app.stories import services as story_services


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
    stories = story_services.latest_for_capability(
        number, can("stories.read_staff_only", current_user)
    )
    return render_template(
        "capabilities/detail.html",
        capability=capability,
        source=content.source_document(),
        stories=stories,
    )
