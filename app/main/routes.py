"""The home page, static content pages and the health check."""

from flask import abort, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import content
from app.extensions import db
from app.main import bp


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route('/<any(privacy, accessibility, moderation, "deck-guide"):slug>')
def static_page(slug: str):
    page = content.page(slug) or abort(404)
    return render_template("main/page.html", page=page, slug=slug)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
