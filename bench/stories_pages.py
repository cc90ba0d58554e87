"""Latency (p50, p95) and SQL query counts of the story pages on the benchmark database."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select

from app.extensions import db
from app.stories import routes
from app.stories.models import Story
from bench.common import bench_app

PAGES = {
    "list": "/stories/",
    "filtered": "/stories/?capability=6&locality=wigan&theme=carers",
    "search": "/stories/?q=allotment+swimming",
    "search + filter": "/stories/?q=garden&language=pl",
    "older page": None,  # filled in from the list page's "Older stories" link
}


class QueryCounter:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *_args) -> None:
        self.count += 1


def measure(client, counter, url: str, runs: int) -> tuple[float, float, int]:
    timings = []
    queries = None
    for _ in range(runs):
        counter.count = 0
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = counter.count
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    app = bench_app()
    client = app.test_client()
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Story))
        counter = QueryCounter(db.engine)
    first = client.get("/stories/").get_data(as_text=True)
    marker = 'href="/stories/?before='
    start = first.index(marker) + len('href="')
    PAGES["older page"] = first[start : first.index('"', start)].replace("&amp;", "&")
    dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    print(f"{total:,} stories; {args.runs} runs per page; database {dialect}")
    print(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'queries at 5/page':>19}")
    for name, url in PAGES.items():
        p50, p95, queries = measure(client, counter, url, args.runs)
        routes.PER_PAGE, saved = 5, routes.PER_PAGE
        small = measure(client, counter, url.split("before=")[0] if "before=" in url else url, 1)[2]
        routes.PER_PAGE = saved
        print(f"{name:<18}{p50:>9.1f}{p95:>9.1f}{queries:>9}{small:>19}")


if __name__ == "__main__":
    main()
