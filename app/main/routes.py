"""The home page, static content pages and the health check."""

from pathlib import Path

from flask import abort, current_app, jsonify, render_template, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import catalogues, content
from app.capabilities import services as capabilities
from app.extensions import db
from app.i18n import TRANSLATED_LOCALES
from app.main import bp


@bp.route("/")
def index():
    try:
        context = capabilities.map_context(request.args.get("show"))
    except capabilities.UnknownKind:
        abort(400)
    return render_template("main/index.html", **context)


@bp.route('/<any(privacy, accessibility, moderation, "deck-guide"):slug>')
def static_page(slug: str):
    page = content.page(slug) or abort(404)
    return render_template("main/page.html", page=page, slug=slug)


@bp.route("/translations/")
def translations():
    statuses = catalogues.language_statuses(
        Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]),
        Path(current_app.config["CONTENT_DIRECTORY"]),
        TRANSLATED_LOCALES,
    )
    return render_template("main/translations.html", statuses=statuses)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
