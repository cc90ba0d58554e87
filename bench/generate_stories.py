"""Fill the benchmark database with published stories, quickly, in batches."""

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate
from sqlalchemy import insert, text

from app.accounts import services as accounts
from app.content import LOCALITY_SLUGS
from app.extensions import db
from app.i18n import LOCALES, bcp47
from app.stories.models import THEMES, Story, StoryTheme
from bench.common import bench_app

WORDS = [
    "walking",
    "group",
    "library",
    "garden",
    "singing",
    "breathing",
    "doctor",
    "nurse",
    "neighbours",
    "café",
    "food",
    "club",
    "carers",
    "friends",
    "bus",
    "housing",
    "damp",
    "school",
    "youth",
    "football",
    "allotment",
    "mosque",
    "church",
    "temple",
    "hospice",
    "volunteer",
    "kitchen",
    "clinic",
    "pharmacy",
    "advice",
    "money",
    "debt",
    "loneliness",
    "sleep",
    "exercise",
    "language",
    "class",
    "community",
    "centre",
    "park",
    "swimming",
    "dance",
    "art",
    "music",
    "mental",
    "health",
    "recovery",
]
BATCH = 5000


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def rows(count: int, author_id: int, rng: random.Random):
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(count):
        published = start + timedelta(minutes=7 * n)
        title = sentence(rng, 5)[:120]
        body = "\n\n".join(sentence(rng, 40) for _ in range(3))
        yield {
            "author_id": author_id,
            "on_behalf": False,
            "submission_key": f"bench-{n}",
            "title": title,
            "body": body,
            "public_title": title,
            "public_body": body,
            "lang": bcp47(LOCALES[n % len(LOCALES)]),
            "capability": n % 10 + 1,
            "locality": LOCALITY_SLUGS[n % len(LOCALITY_SLUGS)],
            "visibility": "public" if n % 7 else "staff",
            "naming": "anonymous",
            "over_13": True,
            "health_consent": True,
            "consent_version": "bench",
            "consent_at": published,
            "state": "published",
            "safeguarding": "none",
            "created_at": published,
            "updated_at": published,
            "submitted_at": published,
            "published_at": published,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    app = bench_app()
    rng = random.Random(args.seed)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            if connection.dialect.name == "sqlite":
                connection.execute(text("DROP TABLE IF EXISTS stories_fts"))
        flask_migrate.upgrade()
        author = accounts.register("bench@example.org", "Bench", "benchmark-password", "bench")
        db.session.commit()
        batch: list[dict] = []
        for row in rows(args.count, author.id, rng):
            batch.append(row)
            if len(batch) == BATCH:
                store(batch, rng)
                batch = []
        if batch:
            store(batch, rng)
        print(f"{args.count} published stories in {db.engine.url.render_as_string()}")


def store(batch: list[dict], rng: random.Random) -> None:
    ids = db.session.scalars(insert(Story).returning(Story.id), batch).all()
    themes = [
        {"story_id": story_id, "theme": theme}
        for story_id in ids
        for theme in rng.sample(THEMES, rng.randint(0, 2))
    ]
    if themes:
        db.session.execute(insert(StoryTheme), themes)
    if db.engine.dialect.name == "sqlite":
        db.session.execute(
            text("INSERT INTO stories_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            [
                {"id": story_id, "title": row["public_title"], "body": row["public_body"]}
                for story_id, row in zip(ids, batch, strict=True)
            ],
        )
    db.session.commit()


if __name__ == "__main__":
    main()
