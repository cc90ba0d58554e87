"""Selection time and fairness (minimum selection probability) of maximin and legacy.

Runs the platform's selection code on the two public instances in ../shared/sortition/
and on a generated pool of 300 applicants for 30 seats with five categories, and prints
the figures beside the published reference values. Each run has a time limit; a run
that does not finish in time is reported as such.

Maximin's probabilities are exact (its distribution over panels). The legacy algorithm
draws one panel at a time, so its probabilities are estimated from repeated draws.
"""

import argparse
import contextlib
import csv
import io
import multiprocessing
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.panels.selection import Applicant, Target, draw

SHARED = Path(__file__).resolve().parents[2] / "shared" / "sortition"


def load_instance(name: str) -> tuple[list[Target], list[Applicant], int]:
    folder = SHARED / name
    with (folder / "categories.csv").open() as handle:
        targets = [
            Target(r["category"], r["feature"], int(r["min"]), int(r["max"]))
            for r in csv.DictReader(handle)
        ]
    with (folder / "respondents.csv").open() as handle:
        applicants = [Applicant(str(n), row) for n, row in enumerate(csv.DictReader(handle))]
    seats = int(name.rsplit("_", 1)[1])
    return targets, applicants, seats


def generated_instance(seed: int = 7) -> tuple[list[Target], list[Applicant], int]:
    """300 applicants, 30 seats, five categories with a skewed pool, as recruitment gives."""
    rng = random.Random(seed)
    categories = {
        "age": (["16-29", "30-44", "45-64", "65+"], [0.15, 0.25, 0.35, 0.25], [5, 6, 8, 5]),
        "gender": (["woman", "man", "other"], [0.6, 0.37, 0.03], [13, 13, 0]),
        "ethnicity": (
            ["white", "asian", "black", "mixed", "other"],
            [0.62, 0.2, 0.08, 0.06, 0.04],
            [16, 5, 2, 1, 0],
        ),
        "disability": (["yes", "no"], [0.22, 0.78], [5, 20]),
        "neighbourhood": (
            ["north", "south", "east", "west", "centre"],
            [0.3, 0.15, 0.2, 0.2, 0.15],
            [5, 5, 5, 5, 5],
        ),
    }  # fmt: skip
    applicants = [
        Applicant(
            str(n),
            {
                name: rng.choices(values, weights)[0]
                for name, (values, weights, _) in categories.items()
            },
        )
        for n in range(300)
    ]
    targets = [
        Target(name, value, minimum, minimum + 6)
        for name, (values, _, minimums) in categories.items()
        for value, minimum in zip(values, minimums, strict=True)
    ]
    return targets, applicants, 30


def maximin_run(instance: str, queue) -> None:
    targets, applicants, seats = INSTANCES[instance]()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        result = draw(targets, applicants, seats, algorithm="maximin", seed=1)
    queue.put((time.perf_counter() - started, min(result.probabilities.values()), None))


def legacy_run(instance: str, queue, samples: int) -> None:
    targets, applicants, seats = INSTANCES[instance]()
    counts: Counter = Counter()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        for sample in range(samples):
            counts.update(
                draw(targets, applicants, seats, algorithm="legacy", seed=sample + 1).selected
            )
    elapsed = (time.perf_counter() - started) / samples
    queue.put((elapsed, min(counts[a.key] for a in applicants) / samples, samples))


INSTANCES = {
    "example_small_20": lambda: load_instance("example_small_20"),
    "example_large_200": lambda: load_instance("example_large_200"),
    "generated_300_30": generated_instance,
}
REFERENCE = {
    "example_small_20": ("10.0%", "≤ 1.21%"),
    "example_large_200": ("10.0%", "≤ 0.25%"),
    "generated_300_30": ("", ""),
}


def timed(target, args, limit: float):
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args[:1], queue, *args[1:]))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.terminate()
        return None
    return queue.get() if not queue.empty() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=float, default=20 * 60, help="seconds per run")
    parser.add_argument("--legacy-samples", type=int, default=1000)
    parser.add_argument("--only", choices=sorted(INSTANCES))
    args = parser.parse_args()
    print(
        "| instance | pool | seats | maximin time | maximin min. probability | "
        "legacy time per panel | legacy min. probability (samples) | "
        "reference LEXIMIN min | reference LEGACY min |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in [args.only] if args.only else INSTANCES:
        _targets, applicants, seats = INSTANCES[name]()
        maximin = timed(maximin_run, (name,), args.limit)
        legacy = timed(legacy_run, (name, args.legacy_samples), args.limit)
        maximin_cells = (
            f"{maximin[0]:.1f} s | {maximin[1]:.2%}" if maximin else "did not finish | —"
        )
        legacy_cells = (
            f"{legacy[0] * 1000:.0f} ms | {legacy[1]:.2%} ({legacy[2]})"
            if legacy
            else "did not finish | —"
        )
        reference = REFERENCE[name]
        cells = [name, str(len(applicants)), str(seats), maximin_cells, legacy_cells, *reference]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
