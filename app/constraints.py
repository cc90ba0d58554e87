"""Database CHECK constraints shared by the models: a column limited to a list of values."""

from sqlalchemy import CheckConstraint


def in_list(column: str, values) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def enum_check(column: str, enum_class) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``enum_class``'s values."""
    return CheckConstraint(in_list(column, [m.value for m in enum_class]), name=f"{column}_known")
