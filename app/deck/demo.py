"""Demonstration teams with a season of log book entries and two destination checks each."""

from datetime import date, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.deck import services
from app.deck.models import Team
from app.extensions import db

TEAMS = (
    ("Wigan North neighbourhood team", "wigan",
     "Families with young children around the two primary schools in Hindley and Abram."),
    ("Levenshulme community health group", "manchester",
     "Older people living alone in Levenshulme, and the groups that already support them."),
)  # fmt: skip
ACTIVITIES = (
    ("We had strengths-based conversations with three families at the school gate.",
     "Parents knew far more about what helps than our referral forms ask."),
    ("We invited the mosque's women's group to our team meeting.",
     "They already run the support we were planning to commission."),
    ("We walked the estate with two residents before the clinic opened.",
     "The bus stop, not the clinic, is why people miss appointments."),
    ("We used protected time to plan the winter with the food bank.",
     "Planning together saved both of us from doubling up."),
)  # fmt: skip


def load(owner: User, member: User) -> int:
    """Create the demonstration teams that are missing; returns how many were created."""
    created = 0
    today = date.today()
    for index, (name, locality, community) in enumerate(TEAMS):
        if db.session.scalar(select(Team.id).where(Team.name == name)):
            continue
        team = services.create_team(owner, name, community, locality)
        invitation = services.invite(team, owner, member.email)
        services.answer_invitation(invitation, member, accept=True)
        for week in range(12):
            did, learned = ACTIVITIES[week % len(ACTIVITIES)]
            capability = (week * 3 + index) % 10 + 1
            cards = [c for c in services.cards() if c["capability"] == capability]
            services.add_entry(
                team,
                owner if week % 2 else member,
                services.EntryDetails(
                    entry_date=today - timedelta(days=7 * (12 - week)),
                    setting=("supervision", "group", "other")[week % 3],
                    card_id=cards[0]["id"] if week % 2 == 0 and cards else None,
                    capability=capability,
                    did=did,
                    learned=learned,
                    next_step="Share what we learned at the next locality meeting."
                    if week % 4 == 0
                    else None,
                    next_owner=member if week % 4 == 0 else None,
                    next_due=today + timedelta(days=14 + week) if week % 4 == 0 else None,
                ),
                today - timedelta(days=7 * (12 - week)),
            )
        first = {"people-1": "not_yet", "people-2": "starting", "staff-1": "starting"}
        second = {"people-1": "starting", "people-2": "getting_there", "staff-1": "getting_there"}
        for ratings, note in (
            (first, "We hardly know the groups yet."),
            (second, "Two groups now come."),
        ):
            services.record_check(
                team,
                owner,
                {key: (value, None) for key, value in ratings.items()}
                | {"communities-1": (ratings["people-1"], note)},
            )
        created += 1
    return created
