from pathlib import Path

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.notifications import services
from app.notifications.models import Notification
from app.stories import services as stories
from tests.conftest import post
from tests.stories.conftest import consent, text


def publish_story_by(app, teller, moderator):
    with app.app_context():
        author = db.session.get(User, teller.id)
        story = stories.save_draft(author, text(), stories.new_submission_key())
        stories.submit(story, author, consent())
        stories.publish(story, db.session.get(User, moderator.id))
        db.session.commit()
        return story.id


def outbox_for(app, email) -> list[Path]:
    folder = Path(app.config["OUTBOX_DIRECTORY"])
    slug = email.replace("@", "-").replace(".", "-")
    return sorted(folder.glob(f"*{slug}.eml")) if folder.exists() else []


def test_the_header_shows_the_unread_count_and_the_list_marks_them_read(
    app, client, make_user, sign_in
):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = publish_story_by(app, teller, moderator)
    sign_in(teller)
    home = client.get("/").get_data(as_text=True)
    assert '<span class="count">1</span>' in home and "(1 unread)" in home
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "Your story “The walking group” has been published." in listing
    assert f'href="/stories/{story_id}"' in listing
    post(client, "/notifications/read")
    assert 'class="count"' not in client.get("/").get_data(as_text=True)


def test_notifications_are_emailed_in_the_recipients_language(app, make_user):
    teller, moderator = (
        make_user(locale="pl", email="pl-teller@example.org"),
        make_user(Role.MODERATOR),
    )
    before = outbox_for(app, teller.email)
    publish_story_by(app, teller, moderator)
    (new_mail,) = set(outbox_for(app, teller.email)) - set(before)
    content = new_mail.read_bytes().decode("utf-8", "replace")
    assert "has been published" not in content
    assert "/stories/" in content


def test_people_choose_which_kinds_arrive_by_email(app, client, make_user, sign_in):
    teller, moderator = make_user(email="quiet@example.org"), make_user(Role.MODERATOR)
    sign_in(teller)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "When my story is published" in page
    response = post(client, "/notifications/settings", {"kinds": ["stories.response"]})
    assert response.status_code == 302
    before = outbox_for(app, teller.email)
    publish_story_by(app, teller, moderator)
    assert outbox_for(app, teller.email) == before
    with app.app_context():
        assert services.email_choices(teller.id)["stories.response"] is True
        assert services.email_choices(teller.id)["stories.published"] is False
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == teller.id)
        )
        assert list(kinds) == ["stories.published"], "still listed in the app"
    bad = post(client, "/notifications/settings", {"kinds": ["nonsense"]})
    assert bad.status_code == 400


def test_notifications_are_private(app, client, make_user, sign_in):
    assert client.get("/notifications/").status_code == 302
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    publish_story_by(app, teller, moderator)
    sign_in(make_user())
    assert "has been published" not in client.get("/notifications/").get_data(as_text=True)
