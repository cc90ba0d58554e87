from sqlalchemy import select

from app.accounts import services
from app.accounts.models import Role
from app.audit import AuditEvent
from app.extensions import db
from tests.conftest import post


def test_admins_find_people_by_the_start_of_email_or_name(make_user, sign_in, client):
    sign_in(make_user(Role.ADMIN))
    make_user(email="wanjiru@example.org", display_name="Wanjiru")
    make_user(email="other@example.org", display_name="Dave")
    html = client.get("/admin/users?q=wanj").get_data(as_text=True)
    assert "wanjiru@example.org" in html and "other@example.org" not in html
    assert "1 person found" in html
    html = client.get("/admin/users?q=DAV").get_data(as_text=True)
    assert "other@example.org" in html and "1 person found" in html


def test_the_people_list_is_paginated(make_user, sign_in, client):
    sign_in(make_user(Role.ADMIN))
    for n in range(30):
        make_user(email=f"many{n:02d}@example.org")
    first = client.get("/admin/users").get_data(as_text=True)
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "31 people found" in first
    assert "Page 1 of 2" in first and "Next page" in first
    assert "Page 2 of 2" in second and "Previous page" in second
    first_rows = first.count("/admin/users/")
    second_rows = second.count("/admin/users/")
    assert (first_rows, second_rows) == (25, 6)
    assert client.get("/admin/users?page=9").status_code == 404


def test_an_overlong_search_is_refused_with_a_message(make_user, sign_in, client):
    sign_in(make_user(Role.ADMIN))
    response = client.get("/admin/users?q=" + "x" * 300)
    assert response.status_code == 400
    assert "Search must be 254 characters or fewer" in response.get_data(as_text=True)


def test_admins_grant_and_revoke_roles_and_it_is_audited(app, make_user, sign_in, client):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.STAFF)
    sign_in(admin)
    response = post(
        client, f"/admin/users/{person.id}", {"roles": ["moderator", "community_leader"]}
    )
    assert response.status_code == 302
    with app.app_context():
        assert services.user_by_email(person.email).roles == {
            "resident",
            "moderator",
            "community_leader",
        }
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_id == person.id, AuditEvent.actor_id == admin.id)
            .order_by(AuditEvent.id)
        ).all()
        assert sorted((e.verb, e.details["role"]) for e in events) == [
            ("accounts.role_granted", "community_leader"),
            ("accounts.role_granted", "moderator"),
            ("accounts.role_revoked", "staff"),
        ]
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "Role granted" in audit and "Role revoked" in audit
    assert admin.display_name in audit


def test_an_unknown_role_is_refused_and_nothing_changes(app, make_user, sign_in, client):
    sign_in(make_user(Role.ADMIN))
    person = make_user(Role.STAFF)
    response = post(client, f"/admin/users/{person.id}", {"roles": ["emperor"]})
    assert response.status_code == 400
    assert "Choose one of the options in the list" in response.get_data(as_text=True)
    with app.app_context():
        assert services.user_by_email(person.email).roles == {"resident", "staff"}


def test_an_unknown_person_is_a_404(make_user, sign_in, client):
    sign_in(make_user(Role.ADMIN))
    assert client.get("/admin/users/999999").status_code == 404
