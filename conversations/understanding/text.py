"""The first step of understanding a message: plain text, without the noise around the request.

Typographic quotes become plain ones, emoji and stray symbols go, greetings,
"please", "could you" and "thanks" around a request are taken off (and
remembered, so a bare "thanks!" can still be answered). ``correct_typos``
fixes a one-letter typo in the leading verb or in a few key words with
rapidfuzz's edit distance ("delte" → "delete", "compelte" → "complete"); the
parser uses it only when the message as typed means nothing, so a real word
("park the car", "last one") is never "corrected" into another.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from rapidfuzz.distance import OSA

PLAIN: Final = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00a0\u2013\u2014", "''''\"\"\" --")
GREETING: Final = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))"
    r"(?: there| assistant| bot| again)?(?:[,!.\s]+|$)",
    re.IGNORECASE,
)
POLITE_LEAD: Final = re.compile(
    r"^(?:(?:please|pls|plz|kindly|ok|okay|so|now|also|and|then|oh|um|uh|hmm|assistant|alright|right|actually"
    r"|wait|oh wait|no wait|sorry|on second thought)[,!]?\s+"
    r"|(?:can|could|would|will) (?:you|u)(?: please)?(?: go ahead and)?\s+|(?:i'?d|i would) like (?:you )?to\s+"
    r"|i want you to\s+|go ahead and\s+|help me(?: to)?\s+|quick(?:ly)?[,:]?\s+)",
    re.IGNORECASE,
)
POLITE_TAIL: Final = re.compile(
    r"(?:[,\s]+(?:please|pls|plz|thanks|thank you|thx|ty|for me|if you can|if possible|ok|okay|cheers|"
    r"(?:thank you|thanks) (?:so much|a lot|very much)))+$",
    re.IGNORECASE,
)
TRAILING_PUNCTUATION: Final = re.compile(r"[\s.?;,…]+$|(?<=\w)!$")
VERBS: Final = (
    "add",
    "create",
    "remind",
    "remember",
    "show",
    "list",
    "find",
    "search",
    "mark",
    "complete",
    "finish",
    "finished",
    "delete",
    "remove",
    "cancel",
    "rename",
    "change",
    "update",
    "edit",
    "move",
    "reschedule",
    "postpone",
    "push",
    "reopen",
    "prioritize",
    "prioritise",
    "deprioritize",
    "check",
    "tick",
    "cross",
    "display",
    "clear",
)
KEYWORDS: Final = ("task", "tasks", "priority", "pending", "overdue", "complete", "completed", "delete", "urgent")
"""Words corrected wherever they appear, not only as the first word: they never occur in a title misspelt."""


@dataclass(frozen=True)
class Cleaned:
    text: str
    """The request, on one line per line it was written on."""
    greeted: bool = False
    thanked: bool = False


def _corrected(word: str, vocabulary: tuple[str, ...]) -> str:
    """The one vocabulary word ``word`` is a typo of (one edit, or two letters swapped), or the word itself."""
    lower = word.lower()
    if len(lower) < 4 or lower in vocabulary:
        return word
    close = {candidate for candidate in vocabulary if abs(len(candidate) - len(lower)) <= 1}
    matches = [candidate for candidate in close if OSA.distance(lower, candidate) == 1]
    return matches[0] if len(matches) == 1 else word


def _without_symbols(text: str) -> str:
    """Emoji and pictographs out; letters in every script, digits and punctuation stay."""
    return "".join(
        " " if unicodedata.category(char) in {"So", "Sk", "Cs", "Co", "Cn"} or char in "\ufe0f\u200d" else char
        for char in text
    )


def correct_typos(line: str) -> str:
    words = line.split(" ")
    if words and words[0]:
        words[0] = _corrected(words[0], VERBS)
    return " ".join(_corrected(word, KEYWORDS) if index else word for index, word in enumerate(words))


def clean_line(line: str) -> tuple[str, bool, bool]:
    """One line without greeting, politeness and trailing punctuation; and whether it greeted or thanked."""
    text = " ".join(line.split())
    greeted = thanked = False
    if match := GREETING.match(text):
        greeted, text = True, text[match.end() :]
    while (stripped := POLITE_LEAD.sub("", text, count=1)) != text:
        text = stripped
    while True:
        before = text
        text = TRAILING_PUNCTUATION.sub("", text)
        if (stripped := POLITE_TAIL.sub("", text)) != text:
            thanked = thanked or bool(re.search(r"thank|thx|\bty\b|cheers", text[len(stripped) :], re.IGNORECASE))
            text = stripped
        if text == before:
            break
    return text.strip(), greeted, thanked


def clean(message: str) -> Cleaned:
    """The message as the rest of the pipeline reads it; empty lines and symbol-only lines dropped."""
    text = _without_symbols(message.translate(PLAIN).replace("\r\n", "\n").replace("\r", "\n"))
    lines, greeted, thanked = [], False, False
    for raw in text.split("\n"):
        line, line_greeted, line_thanked = clean_line(raw)
        greeted, thanked = greeted or line_greeted, thanked or line_thanked
        if re.search(r"\w", line):
            lines.append(line)
    return Cleaned("\n".join(lines), greeted, thanked)
