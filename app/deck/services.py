"""The verbs of the card deck: cards, teams, log books and destination checks."""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import content
from app.accounts.models import User
from app.accounts.services import normalise_email, user_by_email
from app.audit import record
from app.authz import can
from app.content import CAPABILITY_NUMBERS
from app.deck.models import (
    RATING_SCORES,
    DestinationCheck,
    DestinationRating,
    InvitationStatus,
    LogEntry,
    MemberRole,
    Rating,
    Team,
    TeamInvitation,
    TeamMember,
)
from app.extensions import db
from app.notifications.services import notify
from app.stories import services as stories


class DeckError(Exception):
    """A request the deck rules refuse."""


class UnknownCard(DeckError):
    pass


class AlreadyInvited(DeckError):
    pass


class DueInThePast(DeckError):
    pass


class LastOwner(DeckError):
    pass


# Cards --------------------------------------------------------------------------------


def cards(locale: str | None = None) -> list[dict]:
    return content.load("deck", locale)["card"]


def card(card_id: str, locale: str | None = None) -> dict | None:
    return next((c for c in cards(locale) if c["id"] == card_id), None)


def filtered_cards(capability: int | None, audience: str | None) -> list[dict]:
    return [
        c
        for c in cards()
        if (capability is None or c["capability"] == capability)
        and (audience is None or c["audience"] == audience)
    ]


def draw(capabilities: list[int] | None = None, rng: random.Random | None = None) -> dict:
    """A random card, from the given capabilities when there are any."""
    pool = [c for c in cards() if not capabilities or c["capability"] in capabilities]
    return (rng or random.SystemRandom()).choice(pool)


def least_logged(team: Team) -> list[int]:
    """The capabilities a team has logged least, to draw a card that stretches it."""
    counts = counts_by_capability(team)
    fewest = min(counts.values())
    return [number for number, count in counts.items() if count == fewest]


# Teams --------------------------------------------------------------------------------


def create_team(user: User, name: str, community: str, locality: str | None) -> Team:
    team = Team(
        name=name.strip(),
        community=community.strip(),
        locality=locality or None,
        created_by_id=user.id,
    )
    team.members = [TeamMember(user_id=user.id, role=MemberRole.OWNER.value)]
    db.session.add(team)
    db.session.flush()
    record(user, "deck.team_created", team)
    return team


def teams_of(user: User) -> list[Team]:
    return list(
        db.session.scalars(
            select(Team)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .where(TeamMember.user_id == user.id)
            .order_by(Team.name)
        )
    )


def invite(team: Team, actor: User, email: str) -> TeamInvitation:
    address = normalise_email(email)
    if any(m.user.email == address for m in team.members):
        raise AlreadyInvited()
    invitation = TeamInvitation(team_id=team.id, email=address, invited_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:
        raise AlreadyInvited() from None
    record(actor, "deck.invited", team)
    if (person := user_by_email(address)) is not None:
        notify(person, "deck.invited", team, team=team.name)
    return invitation


def invitations_for(user: User) -> list[TeamInvitation]:
    return list(
        db.session.scalars(
            select(TeamInvitation).where(
                TeamInvitation.email == user.email,
                TeamInvitation.status == InvitationStatus.PENDING.value,
            )
        )
    )


def answer_invitation(invitation: TeamInvitation, user: User, accept: bool) -> None:
    if not can("deck.answer_invitation", user, invitation) or (
        invitation.status != InvitationStatus.PENDING
    ):
        raise DeckError("not your invitation")
    invitation.status = (InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED).value
    team = invitation.team
    if accept and team.member(user) is None:
        team.members.append(TeamMember(user_id=user.id))
    db.session.flush()
    record(user, "deck.joined" if accept else "deck.declined", team)


def leave(team: Team, user: User) -> None:
    membership = team.member(user)
    if membership is None:
        raise DeckError("not a member")
    owners = [m for m in team.members if m.role == MemberRole.OWNER]
    if membership.role == MemberRole.OWNER and len(owners) == 1 and len(team.members) > 1:
        raise LastOwner()
    team.members.remove(membership)
    db.session.flush()
    record(user, "deck.left", team)


# The log book -------------------------------------------------------------------------


@dataclass
class EntryDetails:
    entry_date: date
    setting: str
    card_id: str | None
    capability: int | None
    did: str
    learned: str
    next_step: str | None
    next_owner: User | None
    next_due: date | None


def _apply(entry: LogEntry, details: EntryDetails, today: date, is_new: bool) -> None:
    chosen = card(details.card_id) if details.card_id else None
    if details.card_id and chosen is None:
        raise UnknownCard()
    capability = chosen["capability"] if chosen else details.capability
    if capability not in CAPABILITY_NUMBERS:
        raise DeckError("a capability is needed")
    step = (details.next_step or "").strip() or None
    if (
        step
        and details.next_due
        and details.next_due < today
        and (is_new or details.next_due != entry.next_due)
    ):
        raise DueInThePast()
    entry.entry_date = details.entry_date
    entry.setting = details.setting
    entry.card_id = details.card_id or None
    entry.capability = capability
    entry.did = details.did.strip()
    entry.learned = details.learned.strip()
    entry.next_step = step
    entry.next_owner_id = details.next_owner.id if step and details.next_owner else None
    entry.next_due = details.next_due if step else None


def add_entry(team: Team, author: User, details: EntryDetails, today: date) -> LogEntry:
    entry = LogEntry(team_id=team.id, author_id=author.id)
    _apply(entry, details, today, is_new=True)
    db.session.add(entry)
    db.session.flush()
    record(author, "deck.logged", team, entry=entry.id, capability=entry.capability)
    return entry


def update_entry(entry: LogEntry, author: User, details: EntryDetails, today: date) -> None:
    _apply(entry, details, today, is_new=False)
    db.session.flush()


def entries(team: Team, capability: int | None = None):
    statement = select(LogEntry).where(LogEntry.team_id == team.id)
    if capability:
        statement = statement.where(LogEntry.capability == capability)
    return statement.order_by(LogEntry.entry_date.desc(), LogEntry.id.desc())


def counts_by_capability(team: Team) -> dict[int, int]:
    rows = dict(
        db.session.execute(
            select(LogEntry.capability, func.count())
            .where(LogEntry.team_id == team.id)
            .group_by(LogEntry.capability)
        ).all()
    )
    return {number: rows.get(number, 0) for number in CAPABILITY_NUMBERS}


def entry_count(capability: int, locality: str | None = None) -> int:
    """How many log-book entries all teams have made for a capability: a count, never content."""
    statement = select(func.count(LogEntry.id)).where(LogEntry.capability == capability)
    if locality:
        statement = statement.join(Team, Team.id == LogEntry.team_id).where(
            Team.locality == locality
        )
    return db.session.scalar(statement)


def open_next_steps(team: Team) -> list[LogEntry]:
    return list(
        db.session.scalars(
            select(LogEntry)
            .where(
                LogEntry.team_id == team.id,
                LogEntry.next_step.is_not(None),
                LogEntry.next_done.is_(False),
            )
            .order_by(LogEntry.next_due.is_(None), LogEntry.next_due, LogEntry.id)
        )
    )


def mark_next_done(entry: LogEntry) -> None:
    entry.next_done = True
    db.session.flush()


CSV_COLUMNS = ("date", "setting", "card", "capability", "what we did", "what we learned",
               "what next", "owner", "due", "done", "author")  # fmt: skip


def export_csv(team: Team, capability: int | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in db.session.scalars(entries(team, capability)):
        writer.writerow(
            [
                entry.entry_date.isoformat(),
                entry.setting,
                entry.card_id or "",
                entry.capability,
                stories.csv_safe(entry.did),
                stories.csv_safe(entry.learned),
                stories.csv_safe(entry.next_step),
                entry.next_owner.display_name if entry.next_owner else "",
                entry.next_due.isoformat() if entry.next_due else "",
                "yes" if entry.next_done else "",
                entry.author.display_name if entry.author else "",
            ]
        )
    return out.getvalue()


def offer_as_story(
    entry: LogEntry, author: User, title: str, consent: stories.Consent, lang: str
) -> int:
    """Offer a log entry as a story of what works; it goes to moderation as the author's."""
    if entry.story_id is not None:
        return entry.story_id
    team = db.session.get(Team, entry.team_id)
    body = f"{entry.did}\n\n{entry.learned}"
    story = stories.save_draft(
        author,
        stories.StoryText(
            title, body[:6000], lang, entry.capability, team.locality or "greater-manchester", []
        ),
        f"log-{entry.id}",
    )
    stories.submit(story, author, consent)
    entry.story_id = story.id
    db.session.flush()
    return story.id


# The destination check ----------------------------------------------------------------


def destination(locale: str | None = None) -> list[dict]:
    return content.load("destination", locale)["group"]


def statement_ids() -> set[str]:
    return {s["id"] for g in destination() for s in g["statement"]}


def record_check(
    team: Team, user: User, ratings: dict[str, tuple[str, str | None]]
) -> DestinationCheck:
    """A team's ratings of the statements relevant to it; the rest are left unrated."""
    known = statement_ids()
    if not ratings:
        raise DeckError("rate at least one statement")
    check = DestinationCheck(team_id=team.id, created_by_id=user.id)
    for statement_id, (rating, note) in ratings.items():
        if statement_id not in known:
            raise DeckError("unknown statement")
        check.ratings.append(
            DestinationRating(
                statement_id=statement_id,
                rating=Rating(rating).value,
                note=(note or "").strip() or None,
            )
        )
    db.session.add(check)
    db.session.flush()
    record(user, "deck.checked", team, check=check.id)
    return check


def checks(team: Team) -> list[DestinationCheck]:
    return list(
        db.session.scalars(
            select(DestinationCheck)
            .where(DestinationCheck.team_id == team.id)
            .order_by(DestinationCheck.created_at, DestinationCheck.id)
        )
    )


def movement(team: Team) -> list[dict]:
    """For each group of statements, the average rating (0 to 3) at each check."""
    group_of = {s["id"]: g["id"] for g in destination() for s in g["statement"]}
    history = []
    for check in checks(team):
        scores: dict[str, list[int]] = {}
        for rating in check.ratings:
            scores.setdefault(group_of.get(rating.statement_id, ""), []).append(
                RATING_SCORES[Rating(rating.rating)]
            )
        history.append(
            {"check": check, "groups": {g: round(sum(v) / len(v), 1) for g, v in scores.items()}}
        )
    return history
