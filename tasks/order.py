"""Manual order: where a task stands in its list, as a key that sorts byte by byte (a fractional index).

A new task goes to the top of its list (a key before the first); a moved task
gets a key between its new neighbours. So a move writes the moved task alone
(recorded and undone like any change), never renumbers the rest, and two
people moving different tasks at once never rewrite each other's. The keys are
fractional-indexing's (base 62, https://observablehq.com/@dgreensp/implementing-fractional-indexing);
``Task.position`` compares them in the "C" collation, as the library does.
"""

from fractional_indexing import FIError, generate_key_between, generate_n_keys_between

UNPLACED = ""
"""The position of a task written around the services (a bulk seed): it sorts first, ties by id."""


def _key(position: str | None) -> str | None:
    return position or None


def between(before: str | None, after: str | None) -> str:
    """A key after ``before`` and before ``after`` (None or unplaced: the start or the end of the list).

    Neighbours that do not differ (two tasks placed at once, or unplaced
    ones) give a key just after ``before``: the move still lands beside it.
    """
    low, high = _key(before), _key(after)
    if low is not None and high is not None and low >= high:
        high = None
    try:
        return generate_key_between(low, high)
    except FIError:  # a key the library cannot extend (never made by it): start afresh at the top
        return generate_key_between(None, None)


def first(top: str | None) -> str:
    """The key of a task put above ``top``, the list's first (None for an empty list)."""
    return between(None, top)


def keys(count: int, *, before: str | None = None) -> list[str]:
    """``count`` keys in order, all above ``before``: for tasks that arrive together (an import, a migration)."""
    return generate_n_keys_between(None, _key(before), count) if count else []
