import pytest
from flask_login import AnonymousUserMixin

from app.accounts import services
from app.accounts.models import Role
from app.authz import can

pytestmark = pytest.mark.usefixtures("app_ctx")

PERMISSIONS = {
    # permission: roles that have it ("resident" = any signed-in person)
    "accounts.profile": {"resident", *Role},
    "accounts.admin": {Role.ADMIN},
    "audit.view": {Role.ADMIN},
}


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
@pytest.mark.parametrize("role", ["resident", *Role])
def test_role_by_permission_matrix(permission, role):
    user = services.register(f"{role}@example.org", "Someone", "river-stone-meadow", "v")
    if role != "resident":
        services.grant_role(user, role, None)
    assert can(permission, user) == (role in PERMISSIONS[permission])


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_anonymous_people_have_no_account_permissions(permission):
    assert can(permission, AnonymousUserMixin()) is False


def test_an_unknown_permission_is_an_error_not_a_refusal():
    with pytest.raises(LookupError):
        can("accounts.fly", AnonymousUserMixin())
