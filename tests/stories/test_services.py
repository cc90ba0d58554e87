import pytest
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.extensions import db
from app.notifications.models import Notification
from app.stories import services
from app.stories.models import TRANSITIONS, Report, Safeguarding, State, Story, Visibility
from tests.stories.conftest import consent, person, published, text, told


def notifications_for(user, kind):
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def find(q=None, staff=False, **filters):
    statement = services.published(staff, services.Filters(q=q, **filters))
    return [story.id for story in db.session.scalars(statement)]


def test_a_draft_saved_twice_with_one_form_is_one_story(people):
    key = services.new_submission_key()
    first = services.save_draft(people["teller"], text(), key)
    second = services.save_draft(people["teller"], text(title="Changed"), key)
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Story)) == 1
    assert first.state == State.DRAFT and first.consent_at is None


def test_submitting_records_consent_and_tells_the_moderators(people):
    story = told(people["teller"])
    assert story.state == State.SUBMITTED
    assert story.consent_version == services.CONSENT_VERSION and story.consent_at is not None
    assert story.over_13 and story.health_consent
    assert story.teller_first_name == "Amina"
    assert len(notifications_for(people["moderator"], "stories.submitted")) == 1
    assert notifications_for(people["teller"], "stories.submitted") == []


def test_nothing_is_submitted_without_consent(people):
    story = services.save_draft(people["teller"], text(), "k")
    with pytest.raises(services.ConsentMissing):
        services.submit(story, people["teller"], consent(health_consent=False))
    with pytest.raises(services.ConsentMissing):
        services.submit(story, people["teller"], consent(over_13=False))
    assert story.state == State.DRAFT


def test_the_transition_table_is_enforced(people):
    story = services.save_draft(people["teller"], text(), "k")
    with pytest.raises(services.InvalidTransition):
        services.publish(story, people["moderator"])
    services.withdraw(story, people["teller"])
    with pytest.raises(services.InvalidTransition):
        services.withdraw(story, people["teller"])
    assert TRANSITIONS[State.WITHDRAWN] == frozenset()
    assert all(
        State.WITHDRAWN in moves for state, moves in TRANSITIONS.items() if state != State.WITHDRAWN
    )


def test_publishing_needs_a_capability_chosen(people):
    story = told(people["teller"], capability=None)
    with pytest.raises(services.CapabilityMissing):
        services.publish(story, people["moderator"])


def test_redaction_changes_only_the_public_copy(people):
    story = told(people["teller"], body="My nurse Sarah Jones at Wigan Infirmary helped me.")
    edits = services.ModeratorEdits(
        capability=4,
        locality="bolton",
        themes=["carers", "not-a-theme"],
        public_title="A nurse who listened",
        public_body="My nurse at the hospital helped me.",
        safeguarding=Safeguarding.LOW.value,
    )
    services.save_moderation(story, people["moderator"], edits)
    services.publish(story, people["moderator"])
    assert story.body == "My nurse Sarah Jones at Wigan Infirmary helped me."
    assert story.public_body == "My nurse at the hospital helped me."
    assert (story.capability, story.locality, story.theme_names) == (4, "bolton", ["carers"])
    assert find(q="Sarah") == []
    assert find(q="nurse") == [story.id]
    verbs = [event.verb for event in services.history(story)]
    assert verbs == [
        "stories.drafted",
        "stories.submitted",
        "stories.edited",
        "stories.safeguarding",
        "stories.published",
    ]


def test_publishing_tells_the_teller(people):
    story = published(people["teller"], people["moderator"])
    (note,) = notifications_for(people["teller"], "stories.published")
    assert note.params == {"title": story.title}


def test_returning_and_rejecting_tell_the_teller_with_the_note(people):
    returned = told(people["teller"])
    services.return_for_changes(returned, people["moderator"], "Please remove the address.")
    assert (
        returned.state == State.RETURNED and returned.moderator_note == "Please remove the address."
    )
    services.submit(returned, people["teller"], consent())
    assert returned.moderator_note is None and returned.state == State.SUBMITTED
    rejected = told(people["teller"], title="Another")
    services.reject(rejected, people["moderator"], "advertising", "It promotes a shop.")
    assert rejected.rejection_reason == "advertising"
    assert len(notifications_for(people["teller"], "stories.returned")) == 1
    assert len(notifications_for(people["teller"], "stories.rejected")) == 1


def test_withdrawing_removes_a_story_from_lists_and_search_at_once(people):
    story = published(people["teller"], people["moderator"], body="Allotment digging with friends")
    assert find(q="allotment") == [story.id] and find() == [story.id]
    services.withdraw(story, people["teller"])
    assert find(q="allotment") == [] and find() == []
    assert story.withdrawn_at is not None


def test_search_understands_words_not_syntax(people):
    story = published(
        people["teller"], people["moderator"], body="Singing for breathing helped my COPD"
    )
    assert find(q="singing") == [story.id]
    assert find(q="COPD breathing") == [story.id]
    assert find(q='"singing*" (breathing') == [story.id]
    assert find(q="singing swimming") == []
    assert find(q="swimming") == []
    assert find(q="((( ***") == [story.id], "a query without words filters nothing"


def test_filters_combine(people):
    a = published(
        people["teller"],
        people["moderator"],
        capability=1,
        locality="bury",
        themes=["carers"],
        lang="pl",
    )
    b = published(people["teller"], people["moderator"], capability=2, locality="bury", themes=[])
    assert find(capability=1) == [a.id]
    assert find(locality="bury") == [b.id, a.id]
    assert find(theme="carers") == [a.id]
    assert find(lang="pl") == [a.id]
    assert find(locality="bury", capability=2) == [b.id]


def test_staff_only_stories_are_hidden_from_the_public(people):
    story = published(people["teller"], people["moderator"], visibility=Visibility.STAFF.value)
    assert find() == []
    assert find(staff=True) == [story.id]


def test_urgent_safeguarding_alerts_the_administrators_at_once(people):
    story = told(people["teller"])
    services.set_safeguarding(story, people["moderator"], Safeguarding.URGENT)
    assert len(notifications_for(people["admin"], "stories.urgent")) == 1
    services.set_safeguarding(story, people["moderator"], Safeguarding.URGENT)
    assert len(notifications_for(people["admin"], "stories.urgent")) == 1


def test_a_reply_tells_the_teller_and_records_the_change(people):
    story = published(people["teller"], people["moderator"])
    reply = services.respond(
        story, people["commissioner"], "Thank you.", "Wigan Council", "planned", "More walks."
    )
    assert (reply.author_role, reply.change, reply.change_description) == (
        "commissioner", "planned", "More walks.",
    )  # fmt: skip
    assert len(notifications_for(people["teller"], "stories.response")) == 1
    draft = services.save_draft(people["teller"], text(), "draft-key")
    with pytest.raises(services.InvalidTransition):
        services.respond(draft, people["staff"], "Hi", "NHS")


def test_three_different_reporters_hide_a_story_until_it_is_reinstated(people):
    story = published(people["teller"], people["moderator"], body="Community garden")
    reporters = [person(f"r{n}@example.org") for n in range(3)]
    services.report(reporters[0], "offensive", None, story=story)
    with pytest.raises(services.AlreadyReported):
        services.report(reporters[0], "spam", "again", story=story)
    services.report(reporters[1], "offensive", None, story=story)
    assert story.hidden_at is None
    services.report(reporters[2], "untrue", "not so", story=story)
    assert story.hidden_at is not None
    assert find() == [] and find(q="garden") == []
    assert len(notifications_for(people["moderator"], "stories.reported")) == 1
    services.reinstate(story, people["moderator"])
    assert story.hidden_at is None and find(q="garden") == [story.id]
    assert (
        db.session.scalar(
            select(func.count()).select_from(Report).where(Report.resolved_at.is_(None))
        )
        == 0
    )


def test_three_reports_hide_a_reply(people):
    story = published(people["teller"], people["moderator"])
    reply = services.respond(story, people["staff"], "Rude words", "NHS")
    for n in range(3):
        services.report(person(f"x{n}@example.org"), "offensive", None, response=reply)
    assert reply.hidden_at is not None
    assert services.visible_responses(story) == []
    assert story.hidden_at is None


def test_on_behalf_stories_record_how_consent_was_given(people):
    given = consent(method="paper")
    with pytest.raises(services.ConsentMissing):
        services.record_on_behalf(people["leader"], text(), given, "key")
    from datetime import UTC, datetime

    given.given_at = datetime(2026, 11, 1, tzinfo=UTC)
    story = services.record_on_behalf(people["leader"], text(), given, "key")
    again = services.record_on_behalf(people["leader"], text(), given, "key")
    assert again.id == story.id
    assert story.on_behalf and story.state == State.SUBMITTED
    assert story.consent_method == "paper"
    assert story.consent_at.date().isoformat() == "2026-11-01"


def test_deleting_an_account_can_keep_published_stories_anonymously(people):
    kept = published(people["teller"], people["moderator"], title="Kept")
    draft = services.save_draft(people["teller"], text(title="Draft"), "k")
    draft_id = draft.id
    accounts.delete_account(people["teller"], "river-stone-meadow", keep_published=True)
    assert kept.author_id is None and kept.naming == "anonymous" and kept.teller_first_name is None
    assert db.session.get(Story, draft_id) is None
    assert find() == [kept.id]


def test_deleting_an_account_removes_its_stories_by_default(people):
    published(people["teller"], people["moderator"], body="Swimming club")
    accounts.delete_account(people["teller"], "river-stone-meadow")
    assert db.session.scalar(select(func.count()).select_from(Story)) == 0
    assert find(q="swimming") == []


def test_csv_has_public_text_only_and_neutralises_formulas(people):
    published(people["teller"], people["moderator"], title="=HYPERLINK()", body="Original")
    statement = services.published(True, services.Filters())
    output = services.export_csv(statement)
    assert output.splitlines()[0].startswith("id,title,text,language")
    assert "'=HYPERLINK()" in output and "Amina" in output
    assert "teller@example.org" not in output


def test_a_persons_data_download_includes_their_stories(people):
    told(people["teller"], title="Mine")
    data = accounts.export_personal_data(people["teller"])
    assert [story["title"] for story in data["stories"]] == ["Mine"]
    assert data["stories"][0]["consent_version"] == services.CONSENT_VERSION
