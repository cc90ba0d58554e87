import email
import threading
from email import policy
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app import emails
from app.extensions import mail as flask_mail


def send_reset(to: str, name: str, locale: str):
    return emails.send(
        to,
        _l("Reset your password"),
        "reset_password",
        locale=locale,
        user=type("Person", (), {"display_name": name})(),
        link="http://localhost/reset-password/abc",
    )


def read_eml(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_without_a_mail_server_email_goes_to_the_outbox_in_the_recipients_language(app):
    outbox = Path(app.config["OUTBOX_DIRECTORY"])
    with app.test_request_context("/?lang=en_GB"):
        send_reset("rahel@example.org", "Rahel", "ar")
    (path,) = [p for p in outbox.glob("*rahel-example-org.eml")]
    message = read_eml(path)
    body = message.get_body().get_content()
    assert message["To"] == "rahel@example.org"
    assert "Reset your password" not in message["Subject"]
    assert "Rahel" in body and "http://localhost/reset-password/abc" in body
    assert "Someone asked to reset the password" not in body
    path.unlink()


def test_an_unknown_language_falls_back_to_english(app):
    with app.test_request_context("/"):
        message = send_reset("kim@example.org", "Kim", "de")
    assert message.subject == "Reset your password"
    assert "Someone asked to reset the password" in message.body
    for path in Path(app.config["OUTBOX_DIRECTORY"]).glob("*kim-example-org.eml"):
        path.unlink()


def test_with_a_mail_server_email_is_sent_over_smtp_outside_the_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setattr(app.extensions["mail"], "suppress", True)
    with flask_mail.record_messages() as sent, app.test_request_context("/"):
        send_reset("lin@example.org", "Lin", "zh_Hans")
        for thread in threading.enumerate():
            if thread.name == "mail-sender":
                thread.join(timeout=5)
    assert [m.recipients for m in sent] == [["lin@example.org"]]
    assert "Someone asked" not in sent[0].body
