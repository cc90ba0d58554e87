from flask import Blueprint

bp = Blueprint("deck", __name__, template_folder="templates", url_prefix="/deck")

from app.deck import notifications, policies, routes  # noqa: E402, F401
