"""Every URL behind a permission refuses anonymous people, whatever the method."""

import pytest

from app.accounts.models import Role
from tests.conftest import post

#: Endpoints that must be protected; the test also finds any others by their decorator.
EXPECTED = {
    "accounts.profile",
    "accounts.change_password",
    "accounts.export_data",
    "accounts.delete_account",
    "admin.users",
    "admin.user",
    "admin.audit",
    "stories.new",
    "stories.edit",
    "stories.consent",
    "stories.mine",
    "stories.on_behalf",
    "stories.withdraw",
    "stories.queue",
    "stories.moderate",
    "stories.reinstate",
    "stories.respond",
    "stories.report_story",
    "stories.report_response",
    "stories.export",
    "panels.new",
    "panels.edit",
    "panels.questions",
    "panels.apply",
    "panels.applications",
    "panels.members",
    "panels.answer_offer",
    "panels.add_convener",
    "deck.teams",
    "deck.new_team",
    "deck.team",
    "deck.log",
    "deck.new_entry",
    "deck.edit_entry",
    "deck.check",
    "notifications.index",
    "notifications.mark_read",
    "notifications.settings",
}


def protected_rules(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "required_permission", None):
            yield rule


def url_for_rule(rule) -> str:
    values = {arg: 1 for arg in rule.arguments}
    return rule.build(values)[1]


def test_the_expected_endpoints_are_protected(app):
    assert {rule.endpoint for rule in protected_rules(app)} >= EXPECTED


def test_anonymous_people_are_sent_to_sign_in(app, client):
    for rule in protected_rules(app):
        url = url_for_rule(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.get(url) if method == "GET" else post(client, url)
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/sign-in?next="), (method, url)


@pytest.mark.parametrize("role", [None, Role.STAFF, Role.MODERATOR, Role.COMMISSIONER])
def test_signed_in_people_without_the_role_get_403_on_admin_pages(make_user, sign_in, client, role):
    sign_in(make_user(*([role] if role else [])))
    for url in ("/admin/users", "/admin/users/1", "/admin/audit"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to see this page" in response.get_data(as_text=True)
