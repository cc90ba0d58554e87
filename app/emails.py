"""Email in the recipient's language: over SMTP when ``MAIL_SERVER`` is set, otherwise
written to the log and to ``instance/outbox/`` so that development works offline."""

import logging
import re
import threading
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.extensions import mail
from app.i18n import DEFAULT_LOCALE, LOCALES, language

log = logging.getLogger(__name__)


def send(to: str, subject, template: str, locale: str | None = None, **context) -> Message:
    """Render ``templates/email/<template>.txt`` and ``.html`` in ``locale`` and send them.

    ``subject`` is a lazy string, so that it is translated inside the recipient's locale.
    The HTML part carries the language and its direction, so that mail programs lay
    right-to-left languages out from the right. A language the platform does not have
    falls back to English.
    """
    locale = locale if locale in LOCALES else DEFAULT_LOCALE
    with force_locale(locale):
        subject = str(subject)
        context.update(subject=subject, email_language=language(locale))
        message = Message(
            subject=subject,
            recipients=[to],
            body=render_template(f"email/{template}.txt", **context),
            html=render_template(f"email/{template}.html", **context),
        )
    if current_app.config["MAIL_SERVER"]:
        app = current_app._get_current_object()
        threading.Thread(
            target=_send_over_smtp, args=(app, message), name="mail-sender", daemon=True
        ).start()
    else:
        _write_to_outbox(message)
    return message


def _send_over_smtp(app, message: Message) -> None:
    """Sent outside the request, so that a slow mail server neither delays the page nor
    reveals, by its timing, whether an address has an account."""
    with app.app_context():
        try:
            mail.send(message)
        except Exception:
            log.exception("Could not send email to %s", message.recipients[0])


def _write_to_outbox(message: Message) -> Path:
    outbox = Path(current_app.config["OUTBOX_DIRECTORY"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    recipient = re.sub(r"[^a-z0-9]+", "-", message.recipients[0].lower())
    path = outbox / f"{stamp}-{recipient}.eml"
    path.write_bytes(message.as_bytes())
    log.info("Email to %s written to %s:\n%s", message.recipients[0], path, message.body)
    return path
