from flask import Blueprint

bp = Blueprint("hearings", __name__, template_folder="templates", url_prefix="/hearings")

from app.hearings import notifications, policies, routes  # noqa: E402, F401
