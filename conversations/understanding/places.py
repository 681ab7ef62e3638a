"""Where a task goes and how it is tagged, in a person's words: "#errands" (a label), "in groceries" or
"#groceries" when they have a list of that name (its list).

A list is only ever one the person has (the caller passes their names): "in two hours" or "in the garden"
stay words of the title unless "garden" is one of their lists.
"""

import re
from dataclasses import dataclass
from typing import Final

from tasks.models import Label

TAG: Final = re.compile(rf"(?<![\w#&])#([^\W\d_][\w-]{{0,{Label.NAME_MAX_LENGTH - 1}}})", re.UNICODE)
"""A #word: a label (or a list, when the person has a list called so). It starts with a letter: "fix bug #42"
keeps its number, and "#3" is how people name task 3."""


@dataclass(frozen=True)
class Found:
    list_name: str | None
    labels: tuple[str, ...]
    rest: str


def _tidy(words: str) -> str:
    return re.sub(r"\s{2,}", " ", words).strip()


def find(words: str, lists: tuple[str, ...], *, want_list: bool = True, want_labels: bool = True) -> Found:
    """The list (one of ``lists``, as the person spells it) and labels the words name, and the words left."""
    list_name = None
    ordered = sorted(lists, key=len, reverse=True) if want_list else []  # "home office" before "home"
    for name in ordered:  # "#groceries", where the person has a list called so
        if tag := re.search(rf"(?<![\w#&])#{_spelled(name)}(?![\w-])", words, flags=re.IGNORECASE):
            list_name, words = name, words[: tag.start()] + " " + words[tag.end() :]
            break
    labels: list[str] = []
    if want_labels:
        labels = [match[1] for match in TAG.finditer(words)]
        words = TAG.sub(" ", words)
    words = _tidy(words)
    for name in ordered if list_name is None else []:  # "… in groceries", "… to my work list", at the end
        pattern = rf"\s+(?:in|to|on|into)\s+(?:(?:my|the)\s+)?{_spelled(name)}(?:\s+list)?\s*$"
        if tail := re.search(pattern, words, flags=re.IGNORECASE):
            list_name, words = name, words[: tail.start()]
            break
    return Found(list_name, tuple(dict.fromkeys(labels)), _tidy(words))


def _spelled(name: str) -> str:
    return re.escape(name).replace(r"\ ", r"\s+")
