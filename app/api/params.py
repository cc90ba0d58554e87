"""Reading the open-data API's query parameters, with a precise message for each mistake."""

from dataclasses import dataclass
from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict

from app.content import CAPABILITY_NUMBERS, LOCALITY_SLUGS
from app.i18n import LOCALES

PER_PAGE = 20
#: Larger ``per_page`` values are lowered to this, as the OpenAPI document says.
MAX_PER_PAGE = 100
FILTERS = frozenset({"capability", "locality", "updated_since"})
PAGING = frozenset({"page", "per_page"})


@dataclass
class Query:
    page: int = 1
    per_page: int = PER_PAGE
    capability: int | None = None
    locality: str | None = None
    updated_since: datetime | None = None
    lang: str | None = None

    def filter_args(self) -> dict:
        """The filters as query arguments, for links to other pages and files."""
        args = {
            "capability": self.capability,
            "locality": self.locality,
            "updated_since": self.updated_since.isoformat() if self.updated_since else None,
            "lang": self.lang,
        }
        return {name: value for name, value in args.items() if value is not None}


class BadParameters(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems


def _integer(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _page(value: str) -> tuple[int | None, str]:
    number = _integer(value)
    return number, "must be a whole number, 1 or more"


def _capability(value: str) -> tuple[int | None, str]:
    number = _integer(value)
    valid = number if number in CAPABILITY_NUMBERS else None
    return valid, "must be a capability number from 1 to 10"


def _locality(value: str) -> tuple[str | None, str]:
    return (value if value in LOCALITY_SLUGS else None), "must be one of: " + ", ".join(
        LOCALITY_SLUGS
    )


def _moment(value: str) -> tuple[datetime | None, str]:
    message = "must be a date and time such as 2026-11-26T09:30:00Z"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None, message
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), message


def _lang(value: str) -> tuple[str | None, str]:
    return (value if value in LOCALES else None), "must be one of: " + ", ".join(LOCALES)


READERS = {
    "page": _page,
    "per_page": _page,
    "capability": _capability,
    "locality": _locality,
    "updated_since": _moment,
    "lang": _lang,
}


def parse(args: MultiDict, allowed: frozenset[str]) -> Query:
    """The query for a collection, or :class:`BadParameters` naming every mistake."""
    problems = [
        (name, "is not a parameter of this collection") for name in args if name not in allowed
    ]
    query = Query()
    for name in allowed & set(args):
        values = args.getlist(name)
        if len(values) > 1:
            problems.append((name, "may be given only once"))
            continue
        value, message = READERS[name](values[0])
        if value is None or (name in PAGING and value < 1):
            problems.append((name, message))
            continue
        setattr(query, name, value)
    if problems:
        raise BadParameters(sorted(problems))
    query.per_page = min(query.per_page, MAX_PER_PAGE)
    return query
