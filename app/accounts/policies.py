"""Who may do what with accounts."""

from app.accounts.models import Role
from app.authz import rule, signed_in


@rule("accounts.profile")
def manage_own_profile(user, _obj=None) -> bool:
    return signed_in(user)


@rule("accounts.admin")
def administer_accounts(user, _obj=None) -> bool:
    return signed_in(user) and user.has_role(Role.ADMIN)


@rule("audit.view")
def view_audit_log(user, _obj=None) -> bool:
    return signed_in(user) and user.has_role(Role.ADMIN)
