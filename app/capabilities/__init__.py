from flask import Blueprint

bp = Blueprint("capabilities", __name__, template_folder="templates", url_prefix="/capabilities")

from app.capabilities import routes  # noqa: E402, F401
