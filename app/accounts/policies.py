"""Who may do what with accounts."""

from app.accounts.models import Role
from app.authz import rule


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@rule("accounts.profile")
def manage_own_profile(user, _obj=None) -> bool:
    return _signed_in(user)


@rule("accounts.admin")
def administer_accounts(user, _obj=None) -> bool:
    return _signed_in(user) and user.has_role(Role.ADMIN)


@rule("audit.view")
def view_audit_log(user, _obj=None) -> bool:
    return _signed_in(user) and user.has_role(Role.ADMIN)
