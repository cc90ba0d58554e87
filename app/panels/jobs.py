"""Running selections outside the request.

A draw can take minutes on a large pool, so a request only queues it. The queued run is
then picked up by a thread of the web process (the default) or by a separate worker,
``flask --app wsgi panels run-selections``; its state lives in the database either way.
"""

import logging
import threading

from flask import Flask, current_app

from app.audit import utcnow
from app.extensions import db
from app.panels import services
from app.panels.models import RunState, SelectionRun

log = logging.getLogger(__name__)


def dispatch(run_id: int) -> None:
    """Start work on a queued run, as the ``SELECTION_RUNNER`` setting says."""
    runner = current_app.config["SELECTION_RUNNER"]
    if runner == "thread":
        app = current_app._get_current_object()
        threading.Thread(
            target=_run_in_app, args=(app, run_id), name="selection", daemon=True
        ).start()


def _run_in_app(app: Flask, run_id: int) -> None:
    with app.app_context():
        perform(run_id)


def perform(run_id: int) -> None:
    """Carry out one queued run, committing its start and its outcome separately."""
    run = db.session.get(SelectionRun, run_id)
    if run is None or not services.mark_running(run):
        db.session.rollback()
        return
    db.session.commit()
    try:
        services.execute_run(run)
        db.session.commit()
    except Exception:
        log.exception("Selection run %s failed", run_id)
        db.session.rollback()
        run = db.session.get(SelectionRun, run_id)
        run.state = RunState.FAILED.value
        run.failure = "error"
        run.finished_at = utcnow()
        db.session.commit()


def perform_now(run: SelectionRun) -> None:
    """Carry out a run inside the caller's transaction (for demonstration content)."""
    if services.mark_running(run):
        services.execute_run(run)


def perform_queued() -> int:
    """Carry out every queued run; returns how many there were."""
    queued = list(
        db.session.scalars(
            db.select(SelectionRun.id).where(SelectionRun.state == RunState.QUEUED.value)
        )
    )
    for run_id in queued:
        perform(run_id)
    return len(queued)
