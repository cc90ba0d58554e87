"""Capabilities are authored content, not rows. Other tables refer to one by its number."""

from sqlalchemy import CheckConstraint

from app.content import CAPABILITY_NUMBERS


def capability_check(column: str = "capability", nullable: bool = False) -> CheckConstraint:
    """A CHECK that ``column`` names one of the ten capabilities (1 to 10)."""
    condition = f"{column} BETWEEN {min(CAPABILITY_NUMBERS)} AND {max(CAPABILITY_NUMBERS)}"
    if nullable:
        condition = f"{column} IS NULL OR ({condition})"
    return CheckConstraint(condition, name=f"{column}_is_capability")
