import random
import re
from datetime import date

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.accounts.models import Role, User
from app.authz import can
from app.deck import services
from app.deck.models import LogEntry
from app.extensions import db
from app.stories.models import Story
from tests.conftest import post
from tests.stories.conftest import consent, person

TODAY = date(2026, 11, 26)


def details(**changes) -> services.EntryDetails:
    values = {
        "entry_date": TODAY, "setting": "group", "card_id": None, "capability": 3,
        "did": "We met the school nurses", "learned": "Parents want evening sessions",
        "next_step": None, "next_owner": None, "next_due": None,
    }  # fmt: skip
    values.update(changes)
    return services.EntryDetails(**values)


@pytest.fixture
def team_of(app_ctx):
    owner = person("owner@example.org", Role.STAFF)
    team = services.create_team(owner, "Wigan North", "Families near the school", "wigan")
    return owner, team


def test_every_action_of_the_ten_capabilities_has_a_card(app_ctx):
    from app import content

    cards = services.cards("en_GB")
    ids = [c["id"] for c in cards]
    assert len(ids) == len(set(ids))
    for capability in content.capabilities("en_GB"):
        for audience in ("public_service_leaders", "community_leaders"):
            tasks = [
                str(c["task"])
                for c in cards
                if c["capability"] == capability["number"] and c["audience"] == audience
            ]
            assert tasks == [str(a) for a in capability[audience]], (capability["number"], audience)
    assert all(str(c["question"]).endswith("?") and str(c["try_this"]) for c in cards)


def test_drawing_for_a_team_picks_from_what_it_has_logged_least(team_of):
    owner, team = team_of
    for number in range(1, 11):
        if number != 7:
            services.add_entry(team, owner, details(capability=number), TODAY)
    assert services.least_logged(team) == [7]
    drawn = {services.draw([7], random.Random(n))["capability"] for n in range(10)}
    assert drawn == {7}


def test_an_entry_takes_its_capability_from_the_card_and_refuses_unknown_cards(team_of):
    owner, team = team_of
    entry = services.add_entry(team, owner, details(card_id="c6-cl-1", capability=2), TODAY)
    assert entry.capability == 6
    with pytest.raises(services.UnknownCard):
        services.add_entry(team, owner, details(card_id="c99-x-1"), TODAY)
    with pytest.raises(services.DeckError):
        services.add_entry(team, owner, details(capability=11), TODAY)


def test_what_next_cannot_be_due_in_the_past(team_of):
    owner, team = team_of
    with pytest.raises(services.DueInThePast):
        services.add_entry(team, owner, details(next_step="Call", next_due=date(2026, 1, 1)), TODAY)
    entry = services.add_entry(
        team, owner, details(next_step="Call", next_owner=owner, next_due=date(2027, 1, 1)), TODAY
    )
    assert services.open_next_steps(team) == [entry]
    services.mark_next_done(entry)
    assert services.open_next_steps(team) == []


def test_invitations_join_members_once(team_of):
    owner, team = team_of
    newcomer = person("new@example.org")
    invitation = services.invite(team, owner, "NEW@example.org")
    with pytest.raises(services.AlreadyInvited):
        services.invite(team, owner, "new@example.org")
    with pytest.raises(services.AlreadyInvited):
        services.invite(team, owner, "owner@example.org")
    services.answer_invitation(invitation, newcomer, accept=True)
    assert team.member(newcomer) is not None
    with pytest.raises(services.LastOwner):
        services.leave(team, owner)
    services.leave(team, newcomer)
    assert team.member(newcomer) is None


def test_counts_and_csv(team_of):
    owner, team = team_of
    services.add_entry(team, owner, details(capability=3, did="=SUM(A1)"), TODAY)
    services.add_entry(team, owner, details(capability=3), TODAY)
    assert services.counts_by_capability(team)[3] == 2
    assert services.counts_by_capability(team)[1] == 0
    csv_text = services.export_csv(team)
    assert "'=SUM(A1)" in csv_text and csv_text.count("\n") == 3


def test_an_entry_offered_as_a_story_goes_to_moderation(team_of):
    owner, team = team_of
    entry = services.add_entry(team, owner, details(), TODAY)
    story_id = services.offer_as_story(entry, owner, "Evening sessions", consent(), "en-GB")
    story = db.session.get(Story, story_id)
    assert story.state == "submitted" and story.author_id == owner.id and story.capability == 3
    assert services.offer_as_story(entry, owner, "Again", consent(), "en-GB") == story_id


def test_destination_checks_show_movement_by_group(team_of):
    owner, team = team_of
    services.record_check(
        team, owner, {"people-1": ("not_yet", None), "people-2": ("starting", "a bit")}
    )
    services.record_check(
        team, owner, {"people-1": ("getting_there", None), "staff-1": ("there", None)}
    )
    history = services.movement(team)
    assert [point["groups"] for point in history] == [
        {"people": 0.5},
        {"people": 2.0, "staff": 3.0},
    ]
    with pytest.raises(services.DeckError):
        services.record_check(team, owner, {"nonsense-1": ("there", None)})
    with pytest.raises(ValueError):
        services.record_check(team, owner, {"people-1": ("brilliant", None)})


def test_role_matrix(team_of):
    owner, team = team_of
    member, outsider = person("m@example.org"), person("o@example.org")
    services.invite(team, owner, member.email)
    services.answer_invitation(services.invitations_for(member)[0], member, True)
    sent_to_outsider = services.invite(team, owner, outsider.email)
    entry = services.add_entry(team, member, details(), TODAY)
    people = {
        "anonymous": AnonymousUserMixin(),
        "outsider": outsider,
        "member": member,
        "owner": owner,
    }
    expected = {
        ("deck.member", "team"): {"member", "owner"},
        ("deck.own", "team"): {"owner"},
        ("deck.edit_entry", "entry"): {"member"},
        ("deck.answer_invitation", "invitation"): {"outsider"},
    }
    targets = {"team": team, "entry": entry, "invitation": sent_to_outsider}
    for (permission, target), allowed in expected.items():
        obj = targets[target]
        assert {role for role, user in people.items() if can(permission, user, obj)} == allowed
    assert {r for r, u in people.items() if can("deck.create_team", u)} == {"owner"}


def test_pages(app, client, make_user, sign_in):
    assert client.get("/deck/").status_code == 200
    assert client.get("/deck/cards/c1-psl-1").status_code == 200
    assert client.get("/deck/cards/c99").status_code == 404
    assert client.get("/deck/?capability=12").status_code == 400
    assert client.get("/deck/draw").headers["Location"].startswith("/deck/cards/")
    printable = client.get("/deck/print").get_data(as_text=True)
    with app.app_context():
        card_count = len(services.cards("en_GB"))
    assert printable.count("deck-card--front") == printable.count("deck-card--back") == card_count
    first_sheet_backs = printable.split("print-sheet--backs")[1].split("print-sheet")[0]
    assert first_sheet_backs.index("c1-psl-2") < first_sheet_backs.index("c1-psl-1")
    staff = make_user(Role.STAFF)
    sign_in(staff)
    response = post(
        client,
        "/deck/teams/new",
        {"name": "Bury team", "community": "Older people in Radcliffe", "locality": "bury"},
    )
    team_id = response.headers["Location"].rsplit("/", 1)[1]
    assert f"/deck/draw?team={team_id}" in client.get("/deck/").get_data(as_text=True)
    empty = post(
        client,
        f"/deck/teams/{team_id}/log/new",
        {"entry_date": "2026-11-20", "setting": "group", "did": "", "learned": ""},
    )
    assert empty.status_code == 400 and "Say what you did" in empty.get_data(as_text=True)
    bad_card = post(
        client,
        f"/deck/teams/{team_id}/log/new",
        {
            "entry_date": "2026-11-20",
            "setting": "group",
            "card_id": "zz",
            "did": "x",
            "learned": "y",
        },
    )
    assert bad_card.status_code == 400 and "There is no card with that code" in bad_card.get_data(
        as_text=True
    )
    post(
        client,
        f"/deck/teams/{team_id}/log/new",
        {
            "entry_date": "2026-11-20",
            "setting": "group",
            "capability": "4",
            "did": "Met",
            "learned": "Lots",
        },
    )
    page = client.get(f"/deck/teams/{team_id}").get_data(as_text=True)
    assert "<svg" in page and re.search(r"Capability 4</a></th><td>1</td>", page)
    bad_rating = post(client, f"/deck/teams/{team_id}/check", {"rating_people_1": "brilliant"})
    assert bad_rating.status_code == 400
    post(client, f"/deck/teams/{team_id}/check", {"rating_people_1": "starting"})
    assert "How we are moving towards the destination" in client.get(
        f"/deck/teams/{team_id}"
    ).get_data(as_text=True)
    with app.app_context():
        (entry_id,) = db.session.scalars(select(LogEntry.id)).all()
    post(client, "/sign-out")
    sign_in(make_user(Role.STAFF))
    assert client.get(f"/deck/teams/{team_id}").status_code == 404
    assert client.get(f"/deck/teams/{team_id}/log").status_code == 404
    assert client.get(f"/deck/entries/{entry_id}/edit").status_code == 404
    assert client.get(f"/deck/teams/{team_id}/log.csv").status_code == 404
    with app.app_context():
        assert db.session.get(User, staff.id) is not None
