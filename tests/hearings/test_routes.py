import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.hearings import services
from app.hearings.models import Event, Registration
from tests.conftest import build_app, post, reset_schema, sibling_database
from tests.hearings.conftest import details, published_event

EVENT = {
    "kind": "walkabout",
    "title": "Walk round Partington",
    "theme": "What makes the streets feel safe?",
    "capability_focus": "",
    "locality": "trafford",
    "day": (datetime.now(UTC) + timedelta(days=10)).date().isoformat(),
    "starts": "10:00",
    "ends": "12:00",
    "venue": "The library steps",
    "step_free": "y",
    "capacity": "15",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def make_event(app, host_id, **changes):
    with app.app_context():
        event = published_event(db.session.get(User, host_id), **changes)
        db.session.commit()
        return event.id


def test_leaders_arrange_a_walkabout_with_a_route(app, client, make_user, sign_in):
    sign_in(make_user(Role.COMMUNITY_LEADER))
    response = post(client, "/hearings/new", EVENT)
    assert response.status_code == 302
    event_id = int(re.search(r"/hearings/(\d+)", response.headers["Location"]).group(1))
    post(client, f"/hearings/{event_id}/route", {"name": "The park", "look_at": "Broken lights"})
    route = page(client.get(f"/hearings/{event_id}/route"))
    assert "The park" in route and "Broken lights" in route
    stop_id = re.search(r"/hearings/stops/(\d+)/observations", route).group(1)
    post(
        client, f"/hearings/stops/{stop_id}/observations", {"note": "Two lights out near the gate"}
    )
    assert "Two lights out" in page(client.get(f"/hearings/{event_id}/route"))


def test_bad_event_details_are_explained(client, make_user, sign_in):
    sign_in(make_user(Role.COMMUNITY_LEADER))
    backwards = post(client, "/hearings/new", {**EVENT, "ends": "09:00"})
    assert backwards.status_code == 400 and "The event must end after it starts" in page(backwards)
    old = post(client, "/hearings/new", {**EVENT, "day": "2020-01-01"})
    assert old.status_code == 400 and "The event must be in the future" in page(old)


def test_residents_cannot_arrange_events_and_drafts_are_private(app, client, make_user, sign_in):
    host = make_user(Role.COMMUNITY_LEADER)
    with app.app_context():
        draft = services.create_event(db.session.get(User, host.id), details())
        db.session.commit()
        draft_id = draft.id
    sign_in(make_user())
    assert client.get("/hearings/new").status_code == 403
    assert client.get(f"/hearings/{draft_id}").status_code == 404


def test_registering_with_needs_and_the_host_sees_them(app, client, make_user, sign_in):
    host = make_user(Role.COMMUNITY_LEADER)
    event_id = make_event(app, host.id)
    resident = make_user(display_name="Rahima")
    sign_in(resident)
    missing = post(client, f"/hearings/{event_id}/register", {"needs_interpreter": "y"})
    assert missing.status_code == 400 and "Say which language" in page(missing)
    done = post(
        client,
        f"/hearings/{event_id}/register",
        {"needs_interpreter": "y", "interpreter_language": "Bengali"},
    )
    assert "You have a place" in page(done)
    again = post(client, f"/hearings/{event_id}/register", {})
    assert again.status_code == 302
    post(client, "/sign-out")
    sign_in(host)
    listing = page(client.get(f"/hearings/{event_id}/attendees"))
    assert "Rahima" in listing and "Interpreter: Bengali" in listing


def test_the_event_page_offers_a_calendar_file_and_the_list_a_feed(app, client, make_user):
    host = make_user(Role.COMMUNITY_LEADER)
    event_id = make_event(app, host.id)
    ics = client.get(f"/hearings/{event_id}.ics")
    assert ics.mimetype == "text/calendar" and b"Listening to Hindley" in ics.data
    feed = client.get("/hearings/calendar.ics?locality=wigan")
    assert b"Listening to Hindley" in feed.data
    assert b"Listening to Hindley" not in client.get("/hearings/calendar.ics?locality=bury").data
    assert client.get("/hearings/?kind=party").status_code == 400


def test_invitees_answer_and_the_page_counts_by_seniority(app, client, make_user, sign_in):
    host = make_user(Role.COMMUNITY_LEADER)
    event_id = make_event(app, host.id)
    leader = make_user(Role.COMMISSIONER)
    sign_in(host)
    not_leader = make_user()
    refused = post(
        client,
        f"/hearings/{event_id}/invitations",
        {"email": not_leader.email, "role_title": "x", "seniority": "senior"},
    )
    assert refused.status_code == 400 and "Only people with the commissioner or staff role" in page(
        refused
    )
    post(
        client,
        f"/hearings/{event_id}/invitations",
        {"email": leader.email, "role_title": "Director", "seniority": "executive"},
    )
    post(client, "/sign-out")
    sign_in(leader)
    html = page(client.get(f"/hearings/{event_id}"))
    invitation_id = re.search(r"/hearings/invitations/(\d+)", html).group(1)
    post(
        client,
        f"/hearings/invitations/{invitation_id}",
        {"answer": "accept", "message": "See you there"},
    )
    post(client, "/sign-out")
    sign_in(make_user(Role.STAFF))
    assert (
        post(client, f"/hearings/invitations/{invitation_id}", {"answer": "decline"}).status_code
        == 404
    )
    html = page(client.get(f"/hearings/{event_id}"))
    assert re.search(r"Executive or board</th><td>1</td><td>1</td>", html)


def test_only_hosts_write_the_record_and_it_stays_private_until_signed_off(
    app, client, make_user, sign_in
):
    host = make_user(Role.COMMUNITY_LEADER)
    event_id = make_event(app, host.id)
    owner = make_user(Role.STAFF, display_name="Pat")
    sign_in(host)
    no_owner = post(
        client,
        f"/hearings/{event_id}/record",
        {
            "part": "commitment",
            "commitment-text": "I will",
            "commitment-owner_email": "",
            "commitment-due_on": "",
        },
    )
    assert no_owner.status_code == 400 and "Enter the date it is due by" in page(no_owner)
    post(
        client,
        f"/hearings/{event_id}/record",
        {"part": "heard", "heard-text": "The bus is never on time", "heard-capability": "4"},
    )
    post(
        client,
        f"/hearings/{event_id}/record",
        {
            "part": "commitment",
            "commitment-text": "I will talk to TfGM",
            "commitment-capability": "4",
            "commitment-owner_email": owner.email,
            "commitment-due_on": "2027-02-01",
        },
    )
    post(client, "/sign-out")
    assert "The bus is never on time" not in page(client.get(f"/hearings/{event_id}"))
    sign_in(make_user(Role.COMMUNITY_LEADER))
    assert (
        post(
            client,
            f"/hearings/{event_id}/record",
            {"part": "heard", "heard-text": "x", "heard-capability": "1"},
        ).status_code
        == 403
    )
    post(client, "/sign-out")
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at = datetime.now(UTC) - timedelta(hours=3)
        event.ends_at = datetime.now(UTC) - timedelta(hours=1)
        services.move(event, services.EventState.HELD, db.session.get(User, host.id))
        services.publish_record(event, db.session.get(User, host.id))
        db.session.commit()
    public = page(client.get(f"/hearings/{event_id}"))
    assert "The bus is never on time" in public and "I will talk to TfGM" in public
    assert "Printable summary" in public
    assert "I will talk to TfGM" in page(client.get(f"/hearings/{event_id}/summary"))
    sign_in(owner)
    assert "I will talk to TfGM" in page(client.get("/hearings/mine"))
    commitment_id = re.search(
        r"/hearings/commitments/(\d+)", page(client.get(f"/hearings/{event_id}"))
    ).group(1)
    dropped = post(
        client, f"/hearings/commitments/{commitment_id}", {"status": "dropped", "note": ""}
    )
    assert dropped.status_code == 400
    post(
        client,
        f"/hearings/commitments/{commitment_id}",
        {"status": "in_progress", "note": "Meeting booked"},
    )
    assert "Meeting booked" in page(client.get(f"/hearings/{event_id}"))


@pytest.mark.own_app
def test_capacity_holds_when_many_register_at_the_same_moment(tmp_path_factory):
    app = build_app(sibling_database(tmp_path_factory, "concurrency"), tmp_path_factory.mktemp("c"))
    reset_schema(app)
    with app.app_context():
        from tests.stories.conftest import person

        host = person("host@example.org", Role.COMMUNITY_LEADER)
        event = published_event(host, capacity=3)
        people = [person(f"racer{n}@example.org") for n in range(12)]
        db.session.commit()
        event_id, ids = event.id, [p.id for p in people]
    barrier = threading.Barrier(len(ids))
    errors: list[Exception] = []

    def register(user_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                services.register(
                    db.session.get(Event, event_id), db.session.get(User, user_id), services.Needs()
                )
                db.session.commit()
            except Exception as error:
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=register, args=(uid,)) for uid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Registration.status, func.count())
                .where(Registration.event_id == event_id)
                .group_by(Registration.status)
            ).all()
        )
        db.session.remove()
        db.engine.dispose()
    assert errors == []
    assert statuses == {"registered": 3, "waiting": 9}


def test_a_commissioner_puts_what_was_heard_to_a_panel(app, client, make_user, sign_in):
    from app.panels import services as panel_services
    from tests.panels.conftest import details as panel_details

    host = make_user(Role.COMMUNITY_LEADER)
    event_id = make_event(app, host.id)
    with app.app_context():
        leader = db.session.get(User, host.id)
        panel = panel_services.create_panel(leader, panel_details())
        panel_services.move(panel, panel_services.PanelState.RECRUITING, leader)
        event = db.session.get(Event, event_id)
        event.key_themes = "Buses after dark"
        event.starts_at = datetime.now(UTC) - timedelta(hours=3)
        event.ends_at = datetime.now(UTC) - timedelta(hours=1)
        services.move(event, services.EventState.HELD, leader)
        services.add_heard(event, leader, "No buses", 4, False, None, False)
        services.publish_record(event, leader)
        db.session.commit()
        panel_id = panel.id
    sign_in(make_user(Role.COMMISSIONER))
    assert "Put what was heard to a resident panel" in page(client.get(f"/hearings/{event_id}"))
    response = post(client, f"/hearings/{event_id}/to-panel", {"panel": str(panel_id)})
    assert (
        response.status_code == 302
        and f"/panels/{panel_id}/asks/new" in response.headers["Location"]
    )
    form = page(client.get(response.headers["Location"]))
    assert "Listening to Hindley" in form and "Buses after dark" in form
    assert post(client, f"/hearings/{event_id}/to-panel", {"panel": "999999"}).status_code == 404
