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


def test_each_email_has_an_html_part_with_the_recipients_language_and_direction(app):
    with app.test_request_context("/?lang=en_GB"):
        arabic = send_reset("noor@example.org", "Noor", "ar")
        polish = send_reset("ola@example.org", "Ola", "pl")
        unknown = send_reset("kim@example.org", "Kim", "de")
    assert '<html lang="ar" dir="rtl">' in arabic.html and "Noor" in arabic.html
    assert '<html lang="pl" dir="ltr">' in polish.html
    assert '<html lang="en-GB" dir="ltr">' in unknown.html
    assert "Someone asked to reset the password" in unknown.html
    for path in Path(app.config["OUTBOX_DIRECTORY"]).glob("*.eml"):
        message = read_eml(path)
        assert message.get_body(("html",)) is not None
        path.unlink()


def test_notification_emails_follow_the_recipients_language(app, make_user):
    from app.accounts.models import User
    from app.extensions import db
    from app.notifications.services import notify

    person = make_user(locale="fa")
    with app.test_request_context("/?lang=en_GB"):
        user = db.session.get(User, person.id)
        notify(user, "stories.published", user, title="Test")
    (path,) = list(Path(app.config["OUTBOX_DIRECTORY"]).glob("*.eml"))
    html = read_eml(path).get_body(("html",)).get_content()
    assert '<html lang="fa" dir="rtl">' in html
    assert "Your story" not in html
    path.unlink()
