"""The first step of understanding a message: plain text, without the noise around the request.

Typographic quotes become plain ones, emoji and stray symbols go, greetings,
"please", "could you" and "thanks" around a request are taken off (and
remembered, so a bare "thanks!" can still be answered), and so is a wake word or
an address ("ok Google", "Jarvis, …"). ``normalise`` spells out textese and fixes
misspelt weekdays ("tmrw" → "tomorrow", "wensday" → "wednesday", "b4" → "before"). ``correct_typos``
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
    r"(?:[,\s]+(?:please|pls|plz|thanks|thank you|thx|ty|for me|if you can|if possible|ok|okay|cheers|too|as well|"
    r"(?:thank you|thanks) (?:so much|a lot|very much)))+$",
    re.IGNORECASE,
)
TEXTESE: Final = {
    **dict.fromkeys(("tmrw", "tmr", "tmw", "tmrow", "tmro", "tmoz", "2moro", "2morrow", "2mrw", "tomoz"), "tomorrow"),
    **dict.fromkeys(("tomorow", "tommorow", "tommorrow", "tomorrw", "tomrrow", "tomorro"), "tomorrow"),
    **dict.fromkeys(("tonite", "2nite", "2night"), "tonight"),
    "2day": "today",
    "tdy": "today",
    "wk": "week",
    "wks": "weeks",
    "hr": "hour",
    "hrs": "hours",
    "mo": "month",
    "mos": "months",
    "b4": "before",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "plox": "please",
    **dict.fromkeys(("wat", "wut", "wht", "wot"), "what"),
    **dict.fromkeys(("whats", "wats", "wuts", "wat's", "wut's", "wot's"), "what's"),
    "wen": "when",
    **dict.fromkeys(("whens", "wen's"), "when's"),
    "abt": "about",
    "w/": "with",
    "bc": "because",
    "msg": "message",
    "appt": "appointment",
    "mtg": "meeting",
    "asap": "asap",
}
"""Textese and the usual misspellings of "tomorrow", as whole words, case aside."""
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MISSPELT_DAYS: Final = {
    **dict.fromkeys(("wensday", "wendsday", "wednsday", "wedensday", "wedsday", "wednessday"), "wednesday"),
    **dict.fromkeys(("thurs", "thur", "thrusday", "thursdy", "thurday", "thursady"), "thursday"),
    **dict.fromkeys(("tues", "tusday", "tuseday", "teusday"), "tuesday"),
    **dict.fromkeys(("fryday", "firday", "fridy"), "friday"),
    **dict.fromkeys(("satruday", "saterday", "saturdy", "sataday"), "saturday"),
    **dict.fromkeys(("sundy", "sundey"), "sunday"),
    **dict.fromkeys(("monady", "mondy", "munday"), "monday"),
}
WORD: Final = re.compile(r"(?<![\w/'-])[A-Za-z0-9]+(?:'[a-z]{1,2})?/?(?![\w'-])")
ASSISTANT_NAMES: Final = r"(?:siri|alexa|google|cortana|jarvis|bixby|computer|assistant|bot|todo(?: app)?)"
WAKE: Final = re.compile(rf"^(?:(?:hey|ok|okay|hi|yo)\s+)?{ASSISTANT_NAMES}\b[,:!.]?\s*", re.IGNORECASE)
ADDRESSED: Final = re.compile(r"^(?P<name>[A-Za-z][a-z]{1,14}),\s+(?P<rest>\S.*)$")
""""Sam, add milk": a name and a comma before a request (the name is dropped when the rest starts with a verb)."""
CONTINUED: Final = re.compile(r"^(?:(?:oh|ah|oops|wait|actually)[,!]?\s+)?(?:and|also|plus|oh and)\b", re.IGNORECASE)
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
TASK_VERBS: Final = frozenset(
    (
        *VERBS,
        "buy",
        "call",
        "email",
        "pay",
        "book",
        "fix",
        "clean",
        "pick",
        "send",
        "write",
        "get",
        "text",
        "ring",
        "order",
        "renew",
        "return",
        "water",
        "feed",
        "wash",
        "do",
        "what",
        "what's",
        "when",
        "show",
        "tell",
        "set",
        "put",
        "note",
        "make",
        "give",
        "undo",
        "is",
        "are",
        "how",
        "which",
        "where",
        "who",
        "can",
        "please",
    )
)
"""First words of a request: after "Name, " one of these says the name was an address, not an item."""
KEYWORDS: Final = ("task", "tasks", "priority", "pending", "overdue", "complete", "completed", "delete", "urgent")
"""Words corrected wherever they appear, not only as the first word: they never occur in a title misspelt."""


@dataclass(frozen=True)
class Cleaned:
    text: str
    """The request, on one line per line it was written on."""
    greeted: bool = False
    thanked: bool = False
    asked: bool = False
    """It ended with a question mark: a guess never turns it into a task."""
    continued: bool = False
    """It began "oh and …", "also …", "plus …": one more thing after the last, so words that read as nothing
    else are a task to add."""


def _corrected(word: str, vocabulary: tuple[str, ...]) -> str:
    """The one vocabulary word ``word`` is a typo of (one edit, or two letters swapped), or the word itself."""
    lower = word.lower()
    if len(lower) < 4 or lower in vocabulary or lower in TASK_VERBS:  # "clean" is a word, not a typo of "clear"
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


def normalise(line: str) -> str:
    """Textese spelt out and misspelt weekdays mended, word by word; every other word as it was."""

    def spelt(match: re.Match[str]) -> str:
        word = match[0]
        lower = word.lower()
        if lower in TEXTESE:
            return TEXTESE[lower]
        if lower in MISSPELT_DAYS:
            return MISSPELT_DAYS[lower]
        if len(lower) >= 6 and lower not in WEEKDAYS:
            close = [day for day in WEEKDAYS if OSA.distance(lower, day) == 1]
            if len(close) == 1:
                return close[0]
        return word

    return WORD.sub(spelt, line)


def _unaddressed(text: str) -> str:
    """Without a wake word ("ok Google, …") or a name before a comma ("Jarvis, add milk")."""
    if match := WAKE.match(text):
        text = text[match.end() :]
    if (match := ADDRESSED.match(text)) and _corrected(match["rest"].split(" ", 1)[0], VERBS) in TASK_VERBS:
        text = match["rest"]
    return text


def clean_line(line: str) -> tuple[str, bool, bool]:
    """One line without greeting, politeness and trailing punctuation; and whether it greeted or thanked."""
    text = normalise(" ".join(line.split()))
    greeted = thanked = False
    if match := GREETING.match(text):
        greeted, text = True, text[match.end() :]
    text = _unaddressed(text)
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
    asked = bool(re.search(r"\?[\s)\"']*$", text))
    continued = bool(CONTINUED.match(text.strip()))
    return Cleaned("\n".join(lines), greeted, thanked, asked, continued)
