"""Ids from the outside world, checked before they reach SQL."""

from typing import Final

MAX_ID: Final = 2**63 - 1
"""The largest id a row can have (a 64-bit primary key)."""


def row_id(value: object) -> int | None:
    """``value`` as a primary key the database can take (a str or int from an edge), or None if it cannot be one."""
    try:
        pk = int(value)  # type: ignore[call-overload]  # whatever an edge passed: str, int, or junk
    except (TypeError, ValueError, OverflowError):
        return None
    return pk if 1 <= pk <= MAX_ID else None
