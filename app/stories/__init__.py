from flask import Blueprint

bp = Blueprint("stories", __name__, template_folder="templates", url_prefix="/stories")

from app.stories import notifications, policies, routes  # noqa: E402, F401
