"""Who may do what with hearings and walkabouts."""

from app.accounts.models import Role
from app.authz import rule, signed_in
from app.extensions import db
from app.hearings.models import Event, EventState


@rule("hearings.create")
def create(user, _event=None) -> bool:
    return signed_in(user) and (user.has_role(Role.COMMUNITY_LEADER) or user.has_role(Role.ADMIN))


@rule("hearings.host")
def host(user, event) -> bool:
    """Run the event: change it, invite, see who is coming, keep the record."""
    return event is not None and (
        event.is_host(user) or (signed_in(user) and user.has_role(Role.ADMIN))
    )


@rule("hearings.view")
def view(user, event) -> bool:
    return event.state != EventState.DRAFT or host(user, event)


@rule("hearings.view_record")
def view_record(user, event) -> bool:
    """The record is a draft only the hosts see until they sign it off."""
    return event.state == EventState.RECORD_PUBLISHED or host(user, event)


@rule("hearings.register")
def register(user, event) -> bool:
    return signed_in(user) and event.state == EventState.PUBLISHED


@rule("hearings.take_part")
def take_part(user, _event=None) -> bool:
    return signed_in(user)


@rule("hearings.answer_invitation")
def answer_invitation(user, invitation) -> bool:
    return signed_in(user) and invitation is not None and invitation.user_id == user.id


@rule("hearings.update_commitment")
def update_commitment(user, commitment) -> bool:
    """The owner keeps their own commitment up to date; hosts may too."""
    if not signed_in(user) or commitment is None:
        return False
    return commitment.owner_id == user.id or host(user, db.session.get(Event, commitment.event_id))
