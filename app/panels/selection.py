"""Stratified random selection with the Sortition Foundation's ``sortition-algorithms``.

This module knows nothing of the database: it takes targets and applicants as plain data
and returns who was drawn and everyone's chance of being drawn. The maximin algorithm
(with the open-source HiGHS solver) gives each applicant as high a minimum chance as the
targets allow; the legacy greedy algorithm is kept for comparison.
"""

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from requests.structures import CaseInsensitiveDict
from sortition_algorithms import errors as sortition_errors
from sortition_algorithms.committee_generation import standardize_distribution
from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.core import lottery_rounding
from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider

ALGORITHMS = ("maximin", "legacy")
HOUSEHOLD = "household"


@dataclass(frozen=True)
class Target:
    category: str
    value: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Applicant:
    key: str
    answers: Mapping[str, str]  #: category -> value
    household: str | None = None


@dataclass
class Draw:
    algorithm: str
    seed: int
    selected: list[str]
    #: Each applicant's chance of being selected; empty for the legacy algorithm.
    probabilities: dict[str, float] = field(default_factory=dict)


class TargetsConflict(Exception):
    """The targets cannot be met by any panel; ``categories`` names the ones in conflict."""

    def __init__(self, categories: Sequence[str]) -> None:
        super().__init__(", ".join(categories))
        self.categories = list(categories)


class NotEnoughApplicants(Exception):
    def __init__(self, applicants: int, seats: int) -> None:
        super().__init__(f"{applicants} applicants for {seats} seats")
        self.applicants = applicants
        self.seats = seats


def conflicting_categories(targets: Sequence[Target], applicants: Sequence[Applicant], seats: int):
    """Categories whose targets cannot be met, found before asking the solver."""
    conflicts: list[str] = []
    pool = Counter((c, a.answers.get(c)) for a in applicants for c in {t.category for t in targets})
    for category in dict.fromkeys(t.category for t in targets):
        rows = [t for t in targets if t.category == category]
        too_few_seats = sum(t.minimum for t in rows) > seats
        too_many_seats = sum(t.maximum for t in rows) < seats
        short_of_people = any(pool[(category, t.value)] < t.minimum for t in rows)
        if too_few_seats or too_many_seats or short_of_people:
            conflicts.append(category)
    return conflicts


def _features(targets: Sequence[Target]):
    features = CaseInsensitiveDict()
    for target in targets:
        features.setdefault(target.category, CaseInsensitiveDict())[target.value] = (
            FeatureValueMinMax(min=target.minimum, max=target.maximum)
        )
    set_default_max_flex(features)
    return features


def _people(applicants: Sequence[Applicant], features, one_per_household: bool) -> People:
    columns = [HOUSEHOLD] if one_per_household else []
    people = People(columns)
    for row, applicant in enumerate(applicants, start=2):
        data = CaseInsensitiveDict({"id": applicant.key, **applicant.answers})
        if one_per_household:
            data[HOUSEHOLD] = applicant.household or f"own-{applicant.key}"
        people.add(applicant.key, data, features, row)
    return people


def draw(
    targets: Sequence[Target],
    applicants: Sequence[Applicant],
    seats: int,
    *,
    algorithm: str = "maximin",
    seed: int | None = None,
    one_per_household: bool = False,
) -> Draw:
    """Draw ``seats`` applicants meeting ``targets``; raises when that is impossible."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    if len(applicants) < seats:
        raise NotEnoughApplicants(len(applicants), seats)
    if conflicts := conflicting_categories(targets, applicants, seats):
        raise TargetsConflict(conflicts)
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    set_random_provider(seed)
    features = _features(targets)
    people = _people(applicants, features, one_per_household)
    address_columns = [HOUSEHOLD] if one_per_household else []
    try:
        if algorithm == "legacy":
            committees, _report = find_random_sample_legacy(
                people, features, seats, address_columns, max_attempts=100
            )
            return Draw(algorithm, seed, sorted(committees[0]))
        committees, weights, _report = find_distribution_maximin(
            features, people, seats, address_columns
        )
    except sortition_errors.InfeasibleQuotasError as error:
        raise TargetsConflict(_relaxed_categories(targets, error.features)) from error
    except (
        sortition_errors.SelectionError,
        sortition_errors.InfeasibleQuotasCantRelaxError,
    ) as error:
        raise TargetsConflict(sorted({t.category for t in targets})) from error
    committees, weights = standardize_distribution(committees, weights)
    chances = Counter()
    for committee, weight in zip(committees, weights, strict=True):
        for key in committee:
            chances[key] += weight
    (chosen,) = lottery_rounding(committees, weights, 1)
    return Draw(
        algorithm,
        seed,
        sorted(chosen),
        {a.key: min(1.0, round(chances[a.key], 6)) for a in applicants},
    )


def _relaxed_categories(targets: Sequence[Target], relaxed) -> list[str]:
    """The categories whose targets the library had to loosen to find a panel."""
    changed = []
    for target in targets:
        suggestion = relaxed.get(target.category, {}).get(target.value)
        if suggestion and (suggestion.min, suggestion.max) != (target.minimum, target.maximum):
            changed.append(target.category)
    return list(dict.fromkeys(changed)) or sorted({t.category for t in targets})
