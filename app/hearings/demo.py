"""Demonstration hearings and walkabouts at every stage, with records and commitments."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.extensions import db
from app.hearings import services
from app.hearings.models import Event, EventState

EVENTS = (
    ("Listening to Hindley", "hearing", "wigan", 1, "published", 3,
     "What would make it easier to stay well in Hindley?"),
    ("Walk round Partington", "walkabout", "trafford", 4, "record_published", 20,
     "What makes the streets feel safe, and what does not?"),
    ("Rochdale carers' forum", "forum", "rochdale", 7, "held", 30,
     "What support do unpaid carers need most?"),
    ("Bury connect and plan", "connect_plan", "bury", 3, "draft", 25,
     "Protected time for staff and community groups to plan together."),
    ("Salford food hearing", "hearing", "salford", 5, "cancelled", 40,
     "How should healthy food projects be funded?"),
)  # fmt: skip


def load(host: User, leaders: list[User], password: str) -> int:
    """Create the demonstration events that are missing; returns how many were created."""
    created = 0
    for index, (title, kind, locality, capability, stage, capacity, theme) in enumerate(EVENTS):
        if db.session.scalar(select(Event.id).where(Event.title == title)):
            continue
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
            days=14 + index
        )
        event = services.create_event(
            host,
            services.EventDetails(
                kind=kind, title=title, theme=theme, capability_focus=capability,
                locality=locality, starts_at=start, ends_at=start + timedelta(hours=2),
                venue=f"{locality.replace('-', ' ').title()} community centre",
                step_free=True, hearing_loop=index % 2 == 0, accessible_toilet=True,
                quiet_space=index % 2 == 1, parking=False,
                public_transport="Buses stop outside", languages="English, Urdu, Polish",
                interpreters="British Sign Language", capacity=capacity,
            ),
        )  # fmt: skip
        if kind == "walkabout":
            for name, look in (
                ("The library steps", "Where we meet."),
                ("The park gates", "Lighting and benches."),
                ("The shopping parade", "Where older people wait for the bus."),
            ):
                services.add_stop(event, host, name, look)
        if stage != "draft":
            services.move(event, EventState.PUBLISHED, host)
            _invite(event, host, leaders)
            _register(event, locality, password)
        if stage == "cancelled":
            services.cancel(event, host, "The venue is closed for repairs. A new date will follow.")
        if stage in ("held", "record_published"):
            _hold(event, host, leaders)
        if stage == "record_published":
            services.publish_record(event, host)
        created += 1
    return created


def _invite(event: Event, host: User, leaders: list[User]) -> None:
    for (leader, role, seniority), answer in zip(
        (
            (leaders[0], "Director of Commissioning", "executive"),
            (leaders[1], "Neighbourhood nurse", "frontline"),
        ),
        (True, False),
        strict=True,
    ):
        invitation = services.invite(event, host, leader, role, seniority)
        services.answer_invitation(
            invitation, leader, answer, None if answer else "On leave that week"
        )


def _register(event: Event, locality: str, password: str) -> None:
    for n in range(min(event.capacity + 2, 6)):
        email = f"{locality}.resident{n + 1}@example.org"
        person = accounts.user_by_email(email) or accounts.register(
            email, f"Resident {n + 1} ({locality.title()})", password, "demo"
        )
        needs = services.Needs(
            needs_step_free=n % 3 == 0, interpreter_language="Urdu" if n == 1 else None
        )
        services.register(event, person, needs)


def _hold(event: Event, host: User, leaders: list[User]) -> None:
    event.starts_at = datetime.now(UTC) - timedelta(days=20)
    event.ends_at = event.starts_at + timedelta(hours=2)
    db.session.flush()
    services.move(event, EventState.HELD, host)
    invitations = services.invitations(event)
    services.mark_attendance(
        event, host, {r.id for r in services.registrations(event)[:3]}, {invitations[0].id}
    )
    for stop in event.stops:
        services.observe(stop, host, f"People told us about {stop.look_at.lower()}")
    services.add_heard(
        event,
        host,
        "The buses stop at six, so I can't get to the evening clinic.",
        4,
        True,
        "Irene",
        True,
    )
    services.add_heard(
        event,
        host,
        "People feel safer where the lights work and shops are open.",
        1,
        False,
        None,
        False,
    )
    services.add_heard(
        event,
        host,
        "شام کو بسیں بند ہو جاتی ہیں، اس لیے میں اپنی والدہ کو کلینک نہیں لے جا سکتی۔",
        4,
        True,
        None,
        False,
        lang="ur",
    )
    event.key_themes = (
        "Transport after dark.\n\nSafe places to wait.\n\nLocal clinics at times people can come."
    )
    today = date.today()
    owner = leaders[0]
    kept = services.add_commitment(
        event, host, "I will ask TfGM about later buses.", 3, owner, today + timedelta(days=30)
    )
    services.update_commitment(kept, owner, "in_progress", "Meeting with TfGM booked.")
    done = services.add_commitment(
        event, host, "I will get the park lights fixed.", 1, owner, today - timedelta(days=5)
    )
    services.update_commitment(done, owner, "done", "All six lights now work.")
    dropped = services.add_commitment(
        event, host, "I will open a Saturday clinic.", 5, owner, today + timedelta(days=60)
    )
    services.update_commitment(
        dropped, owner, "dropped", "No staff for Saturdays this year; we will look again in April."
    )
    services.add_commitment(
        event, host, "I will put a bench at the bus stop.", 1, owner, today - timedelta(days=2)
    )
    services.add_commitment(
        event, host, "I will report back to the next forum.", 2, owner, today + timedelta(days=90)
    )
