import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.stories import services
from app.stories.models import State, Story
from tests.conftest import csrf_token, post
from tests.stories.conftest import consent, text

STORY = {
    "title": "Singing for breathing",
    "body": "The singing group at the library helped my breathing.\n\nI go every week.",
    "capability": "6",
    "locality": "salford",
    "themes": ["long_term_conditions", "loneliness"],
    "lang": "en-GB",
}
CONSENT = {
    "visibility": "public",
    "naming": "first_name",
    "first_name": "Nasreen",
    "over_13": "y",
    "health_consent": "y",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def is_chosen(html: str, value: str) -> bool:
    """Whether the radio, checkbox or option with ``value`` is already chosen."""
    pattern = (
        rf'<(input|option)\b(?=[^>]*\bvalue="{re.escape(value)}")(?=[^>]*\b(checked|selected)\b)'
    )
    return re.search(pattern, html) is not None


def story_key(client) -> str:
    return re.search(
        r'name="submission_key" type="hidden" value="([^"]+)"', page(client.get("/stories/new"))
    ).group(1)


def stories(app):
    with app.app_context():
        return db.session.scalars(select(Story).order_by(Story.id)).all()


def make_published(app, author_id, moderator_id, **changes):
    from app.accounts.models import User

    with app.app_context():
        author, moderator = db.session.get(User, author_id), db.session.get(User, moderator_id)
        visibility = changes.pop("visibility", "public")
        story = services.save_draft(author, text(**changes), services.new_submission_key())
        services.submit(story, author, consent(visibility=visibility))
        services.publish(story, moderator)
        db.session.commit()
        return story.id


def test_telling_a_story_takes_two_steps_and_ends_with_what_happens_next(
    app, client, make_user, sign_in
):
    make_user(Role.MODERATOR)
    sign_in(make_user())
    response = post(client, "/stories/new", {**STORY, "submission_key": story_key(client)})
    (story,) = stories(app)
    assert response.headers["Location"] == f"/stories/{story.id}/consent"
    assert story.state == State.DRAFT and story.theme_names == [
        "loneliness",
        "long_term_conditions",
    ]
    response = post(client, f"/stories/{story.id}/consent", CONSENT)
    assert response.headers["Location"] == f"/stories/{story.id}/sent"
    assert "What happens next" in page(client.get(response.headers["Location"]))
    (story,) = stories(app)
    assert story.state == State.SUBMITTED and story.teller_first_name == "Nasreen"
    mine = page(client.get("/stories/mine"))
    assert "Singing for breathing" in mine and "Waiting to be checked" in mine


def test_a_draft_can_be_saved_and_finished_later(app, client, make_user, sign_in):
    sign_in(make_user())
    response = post(client, "/stories/new", {**STORY, "save": "draft", "submission_key": "k1"})
    assert response.headers["Location"] == "/stories/mine"
    (story,) = stories(app)
    edit = client.get(f"/stories/{story.id}/edit")
    assert edit.status_code == 200 and "Singing for breathing" in page(edit)
    for value in ("6", "loneliness", "salford", "en-GB"):
        assert is_chosen(page(edit), value), value
    assert not is_chosen(page(edit), "carers")
    post(client, f"/stories/{story.id}/edit", {**STORY, "title": "Singing, week by week"})
    assert stories(app)[0].title == "Singing, week by week"


def test_the_same_form_sent_twice_makes_one_story(app, client, make_user, sign_in):
    sign_in(make_user())
    data = {**STORY, "submission_key": story_key(client)}
    first = post(client, "/stories/new", data)
    second = post(client, "/stories/new", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stories(app)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"title": "t" * 121}, "Title must be 120 characters or fewer"),
        ({"body": ""}, "Enter your story"),
        ({"body": "b" * 6001}, "6,000 characters or fewer"),
        ({"capability": ""}, "Choose what your story shows"),
        ({"capability": "11"}, "Choose one of the options in the list"),
        ({"locality": "atlantis"}, "Choose one of the options in the list"),
        ({"themes": ["astrology"]}, "Choose one of the options in the list"),
        ({"lang": "xx"}, "Choose one of the options in the list"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    app, client, make_user, sign_in, change, message
):
    sign_in(make_user())
    response = post(client, "/stories/new", {**STORY, "submission_key": "k", **change})
    assert response.status_code == 400
    assert message in page(response)
    assert "Singing for breathing" in page(response) or change.get("title") is not None
    assert stories(app) == []


def test_not_sure_leaves_the_capability_to_the_moderator(app, client, make_user, sign_in):
    sign_in(make_user())
    post(client, "/stories/new", {**STORY, "capability": "not_sure", "submission_key": "k"})
    assert stories(app)[0].capability is None


def test_consent_questions_must_all_be_answered(app, client, make_user, sign_in):
    sign_in(make_user())
    post(client, "/stories/new", {**STORY, "submission_key": "k"})
    story_id = stories(app)[0].id
    for missing, message in [
        ("over_13", "aged 13 or over"),
        ("health_consent", "We need this agreement"),
        ("visibility", "Choose who may read the story"),
    ]:
        response = post(
            client,
            f"/stories/{story_id}/consent",
            {k: v for k, v in CONSENT.items() if k != missing},
        )
        assert response.status_code == 400 and message in page(response)
    named = post(client, f"/stories/{story_id}/consent", {**CONSENT, "first_name": ""})
    assert named.status_code == 400 and "Enter the first name to show" in page(named)
    assert stories(app)[0].state == State.DRAFT


def test_markup_is_shown_as_text_never_run(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(
        app, teller.id, moderator.id, title="<script>alert(1)</script>", body="<b>bold</b>"
    )
    html = page(client.get(f"/stories/{story_id}"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_someone_elses_draft_is_a_404(app, client, make_user, sign_in):
    owner = make_user()
    sign_in(owner)
    post(client, "/stories/new", {**STORY, "submission_key": "k"})
    story_id = stories(app)[0].id
    post(client, "/sign-out")
    sign_in(make_user())
    for url in (
        f"/stories/{story_id}",
        f"/stories/{story_id}/edit",
        f"/stories/{story_id}/consent",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/stories/999999").status_code == 404


def test_acting_in_the_wrong_state_is_refused(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id)
    sign_in(teller)
    assert client.get(f"/stories/{story_id}/edit").status_code == 403
    post(client, f"/stories/{story_id}/withdraw")
    assert post(client, f"/stories/{story_id}/withdraw").status_code == 403
    assert stories(app)[0].state == State.WITHDRAWN


def test_a_withdrawn_story_disappears_everywhere(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    staff = make_user(Role.STAFF)
    story_id = make_published(app, teller.id, moderator.id, body="Allotment friends")
    assert "The walking group" in page(client.get("/stories/?q=allotment"))
    sign_in(teller)
    post(client, f"/stories/{story_id}/withdraw")
    post(client, "/sign-out")
    assert client.get(f"/stories/{story_id}").status_code == 404
    assert "The walking group" not in page(client.get("/stories/"))
    assert "The walking group" not in page(client.get("/stories/?q=allotment"))
    assert "The walking group" not in page(client.get("/capabilities/6"))
    sign_in(staff)
    assert "The walking group" not in page(client.get("/stories/export.csv"))


def test_the_list_filters_and_searches(app, client, make_user):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    make_published(
        app, teller.id, moderator.id, title="Bolton bowls", locality="bolton", capability=3
    )
    make_published(
        app, teller.id, moderator.id, title="Bury books", locality="bury", body="Reading circle"
    )
    assert "Bolton bowls" in page(client.get("/stories/?locality=bolton"))
    assert "Bury books" not in page(client.get("/stories/?locality=bolton"))
    assert "Bury books" in page(client.get("/stories/?q=reading"))
    assert "Bolton bowls" not in page(client.get("/stories/?capability=6"))
    bad = client.get("/stories/?capability=42&locality=atlantis")
    assert bad.status_code == 400 and "Choose one of the options in the list" in page(bad)
    assert client.get("/stories/?before=nonsense").status_code == 400


def test_the_list_is_paged_newest_first(app, client, make_user):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    for n in range(23):
        make_published(app, teller.id, moderator.id, title=f"Story number {n:02d}")
    first = page(client.get("/stories/"))
    assert first.count('class="story-list__item"') == 20
    assert first.index("Story number 22") < first.index("Story number 21")
    older = re.search(r'href="(/stories/\?before=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = page(client.get(older))
    assert second.count('class="story-list__item"') == 3 and "Story number 00" in second


def test_staff_only_stories_are_for_staff_and_commissioners(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(
        app, teller.id, moderator.id, title="Private matter", visibility="staff"
    )
    assert client.get(f"/stories/{story_id}").status_code == 404
    assert "Private matter" not in page(client.get("/stories/"))
    sign_in(make_user())
    assert client.get(f"/stories/{story_id}").status_code == 404
    post(client, "/sign-out")
    sign_in(make_user(Role.COMMISSIONER))
    assert client.get(f"/stories/{story_id}").status_code == 200
    assert "Private matter" in page(client.get("/stories/"))


def test_the_story_page_shows_what_a_reader_needs(app, client, make_user):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id, lang="pl", themes=["carers"])
    html = page(client.get(f"/stories/{story_id}"))
    assert 'lang="pl" dir="auto"' in html
    assert 'href="/capabilities/6"' in html and "We seek examples of what works" in html
    assert "Wigan" in html and "Carers" in html and "Amina" in html
    assert "Polski" in html


def test_moderation_publishes_with_redaction_and_keeps_the_original_private(
    app, client, make_user, sign_in
):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    with app.app_context():
        from app.accounts.models import User

        story = services.save_draft(
            db.session.get(User, teller.id), text(body="Dr Patel at 12 High St"), "k"
        )
        services.submit(
            story, story.author if False else db.session.get(User, teller.id), consent()
        )
        db.session.commit()
        story_id = story.id
    sign_in(moderator)
    queue = page(client.get("/stories/moderation"))
    assert "The walking group" in queue
    form = {
        "capability": "4", "locality": "wigan", "themes": ["carers"],
        "public_title": "The walking group", "public_body": "A doctor helped me",
        "safeguarding": "none", "note": "", "rejection_reason": "", "action": "publish",
    }  # fmt: skip
    response = post(client, f"/stories/{story_id}/moderate", form)
    assert response.status_code == 302
    post(client, "/sign-out")
    public = page(client.get(f"/stories/{story_id}"))
    assert "A doctor helped me" in public and "Dr Patel" not in public
    sign_in(teller)
    own = page(client.get(f"/stories/{story_id}"))
    assert "A doctor helped me" in own


def test_moderation_actions_need_their_details(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    with app.app_context():
        from app.accounts.models import User

        author = db.session.get(User, teller.id)
        story = services.save_draft(author, text(capability=None), "k")
        services.submit(story, author, consent())
        db.session.commit()
        story_id = story.id
    sign_in(moderator)
    base = {
        "capability": "", "locality": "wigan", "public_title": "T", "public_body": "B",
        "safeguarding": "none", "note": "", "rejection_reason": "",
    }  # fmt: skip
    publish = post(client, f"/stories/{story_id}/moderate", {**base, "action": "publish"})
    assert publish.status_code == 400 and "Choose a capability before publishing" in page(publish)
    ret = post(client, f"/stories/{story_id}/moderate", {**base, "action": "return"})
    assert ret.status_code == 400 and "Write a note" in page(ret)
    rej = post(client, f"/stories/{story_id}/moderate", {**base, "action": "reject"})
    assert rej.status_code == 400 and "Choose a reason" in page(rej)
    assert stories(app)[0].state == State.SUBMITTED
    done = post(
        client, f"/stories/{story_id}/moderate", {**base, "action": "return", "note": "Add where"}
    )
    assert done.status_code == 302 and stories(app)[0].state == State.RETURNED
    again = post(
        client,
        f"/stories/{story_id}/moderate",
        {**base, "action": "reject", "rejection_reason": "other"},
    )
    assert again.status_code == 403


def test_moderators_cannot_moderate_their_own_story(app, client, make_user, sign_in):
    moderator = make_user(Role.MODERATOR)
    sign_in(moderator)
    post(client, "/stories/new", {**STORY, "submission_key": "k"})
    story_id = stories(app)[0].id
    post(client, f"/stories/{story_id}/consent", CONSENT)
    assert client.get(f"/stories/{story_id}/moderate").status_code == 403


def test_urgent_safeguarding_shows_the_escalation_steps(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    make_user(Role.ADMIN)
    with app.app_context():
        from app.accounts.models import User

        author = db.session.get(User, teller.id)
        story = services.save_draft(author, text(), "k")
        services.submit(story, author, consent())
        db.session.commit()
        story_id = story.id
    sign_in(moderator)
    form = {
        "capability": "6", "locality": "wigan", "public_title": "T", "public_body": "B",
        "safeguarding": "urgent", "action": "save",
    }  # fmt: skip
    post(client, f"/stories/{story_id}/moderate", form)
    html = page(client.get(f"/stories/{story_id}/moderate"))
    assert "Urgent safeguarding: what to do now" in html and "call 999" in html


def test_staff_reply_in_public_and_a_change_must_be_described(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id)
    sign_in(make_user(Role.STAFF, display_name="Dee"))
    missing = post(
        client,
        f"/stories/{story_id}/responses",
        {"body": "Thanks", "organisation": "NHS", "change": "made"},
    )
    assert missing.status_code == 400 and "Say what the change is" in page(missing)
    done = post(
        client,
        f"/stories/{story_id}/responses",
        {
            "body": "Thank you",
            "organisation": "Wigan Council",
            "change": "made",
            "change_description": "Longer hours",
        },
    )
    assert done.status_code == 302
    html = page(client.get(f"/stories/{story_id}"))
    assert (
        "Dee" in html
        and "Wigan Council" in html
        and "A change has been made" in html
        and "Longer hours" in html
    )


def test_residents_cannot_reply(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id)
    sign_in(make_user())
    response = post(
        client,
        f"/stories/{story_id}/responses",
        {"body": "Hi", "organisation": "Me", "change": "none"},
    )
    assert response.status_code == 403


def test_three_reports_hide_a_story_from_the_public(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id)
    for _ in range(3):
        browser = app.test_client()
        person = make_user()
        post(browser, "/sign-in", {"email": person.email, "password": person.password})
        response = post(browser, f"/stories/{story_id}/report", {"reason": "offensive", "note": ""})
        assert response.status_code == 302
    assert client.get(f"/stories/{story_id}").status_code == 404
    sign_in(moderator)
    assert "The walking group" in page(client.get("/stories/moderation?reported=1"))
    post(client, f"/stories/{story_id}/reinstate")
    post(client, "/sign-out")
    assert client.get(f"/stories/{story_id}").status_code == 200


def test_a_report_needs_a_reason(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    story_id = make_published(app, teller.id, moderator.id)
    sign_in(make_user())
    response = post(client, f"/stories/{story_id}/report", {"reason": "", "note": ""})
    assert response.status_code == 400 and "Choose what is wrong" in page(response)


def test_csv_download_is_for_staff_with_the_current_filters(app, client, make_user, sign_in):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    make_published(app, teller.id, moderator.id, title="In Bolton", locality="bolton")
    make_published(app, teller.id, moderator.id, title="In Bury", locality="bury")
    sign_in(make_user())
    assert client.get("/stories/export.csv").status_code == 403
    post(client, "/sign-out")
    sign_in(make_user(Role.STAFF))
    listing = page(client.get("/stories/?locality=bolton"))
    assert "/stories/export.csv?locality=bolton" in listing
    csv_text = page(client.get("/stories/export.csv?locality=bolton"))
    assert "In Bolton" in csv_text and "In Bury" not in csv_text


def test_on_behalf_recording_is_for_leaders_and_staff(app, client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/stories/on-behalf").status_code == 403
    post(client, "/sign-out")
    sign_in(make_user(Role.COMMUNITY_LEADER))
    data = {
        **STORY, **CONSENT, "submission_key": "ob1", "consent_method": "hearing",
        "consent_date": "2026-11-20", "confirm": "y",
    }  # fmt: skip
    future = post(client, "/stories/on-behalf", {**data, "consent_date": "2099-01-01"})
    assert future.status_code == 400 and "cannot be in the future" in page(future)
    done = post(client, "/stories/on-behalf", data)
    assert done.status_code == 302
    (story,) = stories(app)
    assert story.on_behalf and story.consent_method == "hearing" and story.state == State.SUBMITTED


def test_the_capability_page_shows_its_latest_stories(app, client, make_user):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    make_published(app, teller.id, moderator.id, title="Capability six story", capability=6)
    html = page(client.get("/capabilities/6"))
    assert "Capability six story" in html and "/stories/?capability=6" in html
    assert "Capability six story" not in page(client.get("/capabilities/5"))


def test_the_story_form_is_accessible_without_javascript(client, make_user, sign_in):
    sign_in(make_user())
    html = page(client.get("/stories/new"))
    assert "Up to 6,000 characters" in html
    assert 'data-maxlength="6000"' in html and 'class="character-count hint"' in html
    assert "<legend" in html
    assert csrf_token(client)
    assert db.session is not None and func is not None


def test_the_language_filter_does_not_change_the_interface_language(app, client, make_user):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    make_published(app, teller.id, moderator.id, title="Po polsku", lang="pl")
    make_published(app, teller.id, moderator.id, title="In English")
    html = page(client.get("/stories/?language=pl"))
    assert '<html lang="en-GB"' in html
    assert "Po polsku" in html and "In English" not in html
    switched = page(client.get("/stories/?language=pl&lang=ar"))
    assert (
        '<html lang="ar"' in switched and "Po polsku" in switched and "In English" not in switched
    )
    assert "In English" in page(client.get("/stories/?lang=pl"))
