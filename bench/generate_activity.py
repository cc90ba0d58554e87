"""Add panels, advice, hearings, records, commitments and log books to the benchmark database.

Run it after ``generate_stories.py``: together they give the capability pages, the map and
the open-data API a realistic amount of everything they count.
"""

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select

from app.accounts import services as accounts
from app.content import LOCALITY_SLUGS
from app.deck.models import LogEntry, Team
from app.extensions import db
from app.hearings.models import Commitment, Event, Heard
from app.panels.models import Advice, Panel, Recommendation
from bench.common import bench_app
from bench.generate_stories import sentence

START = datetime(2024, 1, 1, tzinfo=UTC)


def _insert(model, rows: list[dict]) -> list[int]:
    return list(db.session.scalars(insert(model).returning(model.id), rows))


def panels(rng, count: int, per_panel: int, creator: int) -> int:
    ids = _insert(
        Panel,
        [
            {
                "name": f"Panel {n}",
                "remit": sentence(rng, 20),
                "locality": LOCALITY_SLUGS[n % len(LOCALITY_SLUGS)],
                "capability_focus": n % 10 + 1,
                "power": "advises",
                "target_size": 20,
                "reserve_size": 4,
                "one_per_household": False,
                "term_starts_on": date(2025, 1, 1),
                "term_ends_on": date(2026, 12, 31),
                "state": "active" if n % 5 else "closed",
                "created_by_id": creator,
                "created_at": START + timedelta(days=n),
                "updated_at": START + timedelta(days=n),
            }
            for n in range(count)
        ],
    )
    advice = _insert(
        Advice,
        [
            {
                "panel_id": panel_id,
                "summary": sentence(rng, 25),
                "agreed_how": "consensus",
                "answer_due_on": date(2025, 6, 1) + timedelta(days=n),
                "created_by_id": creator,
                "created_at": START + timedelta(days=n, hours=1),
            }
            for n, panel_id in enumerate(ids)
        ],
    )
    decisions = [None, "accepted", "in_part", "not_accepted", "under_consideration"]
    rows = []
    for n, advice_id in enumerate(advice):
        for k in range(per_panel):
            decision = decisions[(n + k) % len(decisions)]
            rows.append(
                {
                    "advice_id": advice_id,
                    "text": sentence(rng, 15),
                    "capability": (n + k) % 10 + 1,
                    "decision": decision,
                    "reasons": None if decision in (None, "accepted") else sentence(rng, 12),
                    "progress": "planned" if decision in ("accepted", "in_part") else "none",
                    "answered_at": START + timedelta(days=n + 30) if decision else None,
                    "updated_at": START + timedelta(days=n + 30),
                }
            )
    _insert(Recommendation, rows)
    return len(rows)


def hearings(rng, count: int, heard_each: int, owner: int) -> tuple[int, int]:
    events = _insert(
        Event,
        [
            {
                "kind": "hearing",
                "title": f"Hearing {n}",
                "theme": sentence(rng, 12),
                "capability_focus": n % 10 + 1,
                "locality": LOCALITY_SLUGS[n % len(LOCALITY_SLUGS)],
                "host_id": owner,
                "starts_at": START + timedelta(days=n),
                "ends_at": START + timedelta(days=n, hours=2),
                "venue": "Community centre",
                "capacity": 40,
                "state": "record_published" if n % 4 else "published",
                "key_themes": sentence(rng, 20),
                "created_at": START + timedelta(days=n),
                "updated_at": START + timedelta(days=n, hours=3),
                "record_published_at": START + timedelta(days=n, hours=3) if n % 4 else None,
            }
            for n in range(count)
        ],
    )
    heard = [
        {
            "event_id": event_id,
            "is_testimony": bool(k % 2),
            "text": sentence(rng, 30),
            "capability": (n + k) % 10 + 1,
            "speaker_consent": False,
            "created_at": START + timedelta(days=n, hours=1),
        }
        for n, event_id in enumerate(events)
        for k in range(heard_each)
    ]
    _insert(Heard, heard)
    commitments = [
        {
            "event_id": event_id,
            "text": "I will " + sentence(rng, 10).lower(),
            "capability": (n + k) % 10 + 1,
            "owner_id": owner,
            "due_on": date(2025, 1, 1) + timedelta(days=n),
            "status": ("open", "in_progress", "done")[k % 3],
            "created_at": START + timedelta(days=n, hours=2),
            "updated_at": START + timedelta(days=n, hours=2),
        }
        for n, event_id in enumerate(events)
        for k in range(heard_each // 2)
    ]
    _insert(Commitment, commitments)
    return len(heard), len(commitments)


def log_books(rng, teams: int, entries_each: int, author: int) -> int:
    ids = _insert(
        Team,
        [
            {
                "name": f"Team {n}",
                "community": sentence(rng, 8),
                "locality": LOCALITY_SLUGS[n % len(LOCALITY_SLUGS)],
                "created_by_id": author,
                "created_at": START,
            }
            for n in range(teams)
        ],
    )
    rows = [
        {
            "team_id": team_id,
            "author_id": author,
            "entry_date": date(2025, 1, 1) + timedelta(days=k),
            "setting": "group",
            "capability": (n + k) % 10 + 1,
            "did": sentence(rng, 12),
            "learned": sentence(rng, 12),
            "next_done": False,
            "created_at": START,
            "updated_at": START,
        }
        for n, team_id in enumerate(ids)
        for k in range(entries_each)
    ]
    _insert(LogEntry, rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--panels", type=int, default=1_000)
    parser.add_argument("--recommendations-per-panel", type=int, default=10)
    parser.add_argument("--hearings", type=int, default=2_000)
    parser.add_argument("--heard-per-hearing", type=int, default=10)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--entries-per-team", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    app = bench_app()
    rng = random.Random(args.seed)
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Panel)):
            sys.exit("The benchmark database already has panels: run generate_stories.py first.")
        person = accounts.register("activity@example.org", "Activity", "benchmark-pass", "bench")
        db.session.flush()
        recommendations = panels(rng, args.panels, args.recommendations_per_panel, person.id)
        heard, commitments = hearings(rng, args.hearings, args.heard_per_hearing, person.id)
        entries = log_books(rng, args.teams, args.entries_per_team, person.id)
        db.session.commit()
    print(
        f"{args.panels} panels with {recommendations} recommendations; {args.hearings} events "
        f"with {heard} things heard and {commitments} commitments; {entries} log-book entries"
    )


if __name__ == "__main__":
    main()
