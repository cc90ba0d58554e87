"""Volunteer translations: a translator role, moderation, shown beside the original."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import Notification
from app.stories import services
from app.stories.models import StoryTranslation
from tests.conftest import post
from tests.stories.conftest import person, published, told


@pytest.fixture
def cast(people):
    people["translator"] = person("translator@example.org", Role.TRANSLATOR, name="Ola")
    return people


def test_a_translation_waits_for_a_moderator_then_shows_beside_the_original(cast):
    story = published(cast["teller"], cast["moderator"], lang="ur", title="میری کہانی")
    translation = services.translate(story, cast["translator"], "pl", "Moja historia", "Tekst")
    assert translation.state == "submitted"
    assert services.published_translations(story) == []
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == cast["moderator"].id)
    )
    assert "stories.translation_submitted" in list(kinds)
    services.publish_translation(translation, cast["moderator"])
    assert services.published_translations(story) == [translation]
    assert story.lang == "ur" and story.public_title == "میری کہانی", "the original stays"


def test_translations_are_refused_for_stories_the_public_cannot_read(cast):
    waiting = told(cast["teller"])
    with pytest.raises(services.NotTranslatable):
        services.translate(waiting, cast["translator"], "pl", "T", "B")
    story = published(cast["teller"], cast["moderator"])
    services.withdraw(story, cast["teller"])
    with pytest.raises(services.NotTranslatable):
        services.translate(story, cast["translator"], "pl", "T", "B")


def test_a_translation_into_the_stories_own_language_is_refused(cast):
    story = published(cast["teller"], cast["moderator"], lang="en-GB")
    with pytest.raises(services.SameLanguage):
        services.translate(story, cast["translator"], "en", "T", "B")


def test_only_one_translation_into_a_language_at_a_time(cast):
    story = published(cast["teller"], cast["moderator"])
    first = services.translate(story, cast["translator"], "pl", "T", "B")
    with pytest.raises(services.TranslationPending):
        services.translate(story, person("other@example.org", Role.TRANSLATOR), "pl", "T", "B")
    services.reject_translation(first, cast["moderator"], "Parts are missing")
    again = services.translate(story, cast["translator"], "pl", "T2", "B2")
    assert again.state == "submitted" and first.moderator_note == "Parts are missing"


def test_the_language_filter_finds_stories_translated_into_that_language(cast):
    story = published(cast["teller"], cast["moderator"], lang="en-GB")
    other = published(cast["teller"], cast["moderator"], lang="en-GB", title="Not translated")
    translation = services.translate(story, cast["translator"], "so", "Sheeko", "Qoraal")

    def found():
        statement = services.published(False, services.Filters(lang="so"))
        return {s.id for s in db.session.scalars(statement)}

    assert found() == set()
    services.publish_translation(translation, cast["moderator"])
    assert found() == {story.id} and other.id not in found()


def test_the_story_page_labels_the_volunteer_translation(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    translator = make_user(Role.TRANSLATOR, display_name="Ola")
    with app.app_context():
        from app.accounts.models import User

        story = published(
            db.session.get(User, teller.id), db.session.get(User, moderator.id), lang="en-GB"
        )
        db.session.commit()
        story_id = story.id
    sign_in(translator)
    form = client.get(f"/stories/{story_id}/translate")
    assert form.status_code == 200 and "Written in English" in form.get_data(as_text=True)
    sent = post(
        client,
        f"/stories/{story_id}/translate",
        {"lang": "pl", "title": "Grupa spacerowa", "body": "Dołączyłam do grupy."},
    )
    assert sent.status_code == 302
    again = post(
        client, f"/stories/{story_id}/translate", {"lang": "pl", "title": "x", "body": "y"}
    )
    assert again.status_code == 409
    assert "already has a translation into that language" in again.get_data(as_text=True)
    own = post(
        client, f"/stories/{story_id}/translate", {"lang": "en-GB", "title": "x", "body": "y"}
    )
    assert own.status_code == 400 and "already in that language" in own.get_data(as_text=True)
    post(client, "/sign-out")
    sign_in(moderator)
    with app.app_context():
        translation_id = db.session.scalar(select(StoryTranslation.id))
    assert "Grupa spacerowa" in client.get("/stories/translations").get_data(as_text=True)
    refused = post(client, f"/stories/translations/{translation_id}", {"action": "reject"})
    assert refused.status_code == 400
    post(client, f"/stories/translations/{translation_id}", {"action": "publish"})
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Volunteer translation into Polish" in page
    assert "Translated by Ola" in page and 'lang="pl"' in page
    assert client.post(f"/stories/translations/{translation_id}").status_code in (400, 409)


def test_only_translators_translate_and_only_published_stories(app, client, make_user, sign_in):
    teller = make_user(Role.TRANSLATOR)
    with app.app_context():
        from app.accounts.models import User

        story = told(db.session.get(User, teller.id), title="Draft")
        db.session.commit()
        story_id = story.id
    sign_in(make_user())
    assert client.get(f"/stories/{story_id}/translate").status_code in (403, 404)
    post(client, "/sign-out")
    sign_in(make_user(Role.TRANSLATOR))
    assert client.get(f"/stories/{story_id}/translate").status_code == 404
    post(client, "/sign-out")
    sign_in(teller)
    refused = client.get(f"/stories/{story_id}/translate")
    assert refused.status_code == 409
    assert "Only stories that are published" in refused.get_data(as_text=True)
