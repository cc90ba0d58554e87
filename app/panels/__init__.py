from flask import Blueprint

bp = Blueprint("panels", __name__, template_folder="templates", url_prefix="/panels")

from app.panels import notifications, policies, routes  # noqa: E402, F401
