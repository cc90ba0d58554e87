from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates", url_prefix="/notifications")

from app.notifications import policies, routes  # noqa: E402, F401
