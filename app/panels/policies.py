"""Who may do what with panels."""

from app.accounts.models import Role
from app.authz import rule, signed_in
from app.panels.models import PanelState
from app.panels.services import is_member


def _admin(user) -> bool:
    return signed_in(user) and user.has_role(Role.ADMIN)


@rule("panels.create")
def create(user, _panel=None) -> bool:
    return signed_in(user) and any(
        user.has_role(role) for role in (Role.COMMUNITY_LEADER, Role.STAFF, Role.ADMIN)
    )


@rule("panels.view")
def view(user, panel) -> bool:
    return panel.state != PanelState.DRAFT or convene(user, panel)


@rule("panels.convene")
def convene(user, panel) -> bool:
    """Run the panel: its details, questions, applicants and the draw."""
    return panel is not None and (panel.is_convener(user) or _admin(user))


@rule("panels.appoint_conveners")
def appoint_conveners(user, _panel=None) -> bool:
    return _admin(user)


@rule("panels.apply")
def apply(user, panel) -> bool:
    return signed_in(user) and panel.state == PanelState.RECRUITING


@rule("panels.answer_offer")
def answer_offer(user, member) -> bool:
    return signed_in(user) and member is not None and member.user_id == user.id


@rule("panels.take_part")
def take_part(user, _panel=None) -> bool:
    """Apply, answer an offer, see one's own seat: anyone signed in."""
    return signed_in(user)


@rule("panels.read_papers")
def read_papers(user, panel) -> bool:
    """Members' papers: for the panel's members and conveners."""
    return convene(user, panel) or (signed_in(user) and is_member(panel, user))


@rule("panels.ask")
def ask(user, panel) -> bool:
    return (
        signed_in(user)
        and user.has_role(Role.COMMISSIONER)
        and panel.state in (PanelState.ACTIVE, PanelState.SELECTING, PanelState.RECRUITING)
    )


@rule("panels.advise")
def advise(user, panel) -> bool:
    return convene(user, panel) and panel.state == PanelState.ACTIVE


@rule("panels.answer")
def answer(user, recommendation) -> bool:
    """The commissioner who asked answers; advice nobody asked for, any commissioner."""
    if not (signed_in(user) and user.has_role(Role.COMMISSIONER)):
        return False
    ask = recommendation.advice.ask
    return ask is None or ask.commissioner_id == user.id
