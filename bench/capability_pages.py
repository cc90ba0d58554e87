"""Latency (p50, p95) and SQL query counts of the capability pages, the map and the API."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from app.extensions import cache, db
from app.hearings.models import Heard
from app.panels.models import Recommendation
from app.stories.models import Story
from bench.common import bench_app
from bench.stories_pages import QueryCounter, measure

PAGES = {
    "capability page": "/capabilities/3",
    "capability page, one locality": "/capabilities/3?locality=bolton",
    "map (/capabilities/)": "/capabilities/",
    "home page with map": "/",
    "API stories, page 1": "/api/v1/stories?per_page=100",
    "API stories, page 300": "/api/v1/stories?per_page=100&page=300",
    "API stories, filtered": "/api/v1/stories?capability=3&locality=bolton&per_page=100",
    "API recommendations": "/api/v1/recommendations?per_page=100",
    "API hearings": "/api/v1/hearings?per_page=100",
}
#: Pages measured again with the map's counts dropped from the cache before every request.
COLD = ("capability page", "map (/capabilities/)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    app = bench_app()
    client = app.test_client()
    with app.app_context():
        counts = [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Story, Recommendation, Heard)
        ]
        counter = QueryCounter(db.engine)
    dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    print(
        f"{counts[0]:,} stories, {counts[1]:,} recommendations, {counts[2]:,} things heard; "
        f"{args.runs} runs per page; database {dialect}"
    )
    print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, url in PAGES.items():
        p50, p95, queries = measure(client, counter, url, args.runs)
        print(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{queries:>9}")
    with app.app_context():
        cache.delete("capabilities:activity")
    for name in COLD:
        timings = []
        for _ in range(args.runs):
            with app.app_context():
                cache.clear()
            timings.append(measure(client, counter, PAGES[name], 1))
        timings.sort()
        p50 = timings[len(timings) // 2][0]
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)][0]
        print(f"{name + ', cold cache':<34}{p50:>9.1f}{p95:>9.1f}{timings[0][2]:>9}")


if __name__ == "__main__":
    main()
