from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
open_data = Blueprint("open_data", __name__, template_folder="templates", url_prefix="/open-data")

from app.api import routes  # noqa: E402, F401
