"""Who may do what with teams, log books and checks. Cards are for everyone."""

from app.accounts.models import Role
from app.authz import rule, signed_in
from app.deck.models import MemberRole


@rule("deck.create_team")
def create_team(user, _team=None) -> bool:
    """Staff members and community leaders make teams."""
    return signed_in(user) and any(
        user.has_role(r) for r in (Role.STAFF, Role.COMMUNITY_LEADER, Role.ADMIN)
    )


@rule("deck.member")
def member(user, team) -> bool:
    """See the team's page, log book and checks, and add entries."""
    return team is not None and team.member(user) is not None


@rule("deck.own")
def own(user, team) -> bool:
    """Manage the team's membership."""
    membership = team.member(user) if team is not None else None
    return membership is not None and membership.role == MemberRole.OWNER


@rule("deck.edit_entry")
def edit_entry(user, entry) -> bool:
    return signed_in(user) and entry is not None and entry.author_id == user.id


@rule("deck.answer_invitation")
def answer_invitation(user, invitation) -> bool:
    """Only the person the invitation was sent to, by email address."""
    return signed_in(user) and invitation is not None and invitation.email == user.email


@rule("deck.take_part")
def take_part(user, _obj=None) -> bool:
    return signed_in(user)
