"""Priority in what people type: "urgent", "important:", "asap", "high priority", "!!", "low priority", "whenever".

Words like "important" also occur in titles ("read the important email"), so
a bare priority word counts only where people put a marker: at the start
before a colon or dash ("Important: call the bank"), or at the end after a
comma, a dash or in brackets ("call the bank - urgent", "(asap)"). "urgent"
and "asap" may also lead without a colon ("urgent call the bank"). The phrases
"high priority", "priority: low", "p1" and "!!" count anywhere.
"""

import re
from dataclasses import dataclass
from typing import Final

HIGH_WORDS: Final = r"urgent(?:ly)?|important|asap|a\.s\.a\.p\.?|critical|top priority|high priority|high-priority"
LOW_WORDS: Final = (
    r"low priority|low-priority|whenever|some ?day|eventually|no rush|not urgent|not important|no hurry"
    r"|when(?:ever)? (?:i|you) (?:can|have time|get a chance|get round to it)"
)
MEDIUM_WORDS: Final = r"medium priority|normal priority|medium-priority|normal-priority"
LEVELS: Final = {"high": HIGH_WORDS, "low": LOW_WORDS, "medium": MEDIUM_WORDS}

PHRASE: Final = re.compile(
    r"(?:[,;]?\s*(?:(?:with|as|at|of)\s+)?(?:an?\s+)?)"
    r"(?P<level>high|top|low|medium|normal)[- ]priority(?:\s+(?:task|item|one|todo))?\b"
    r"|(?:[,;]?\s*)priority\s*[:=]?\s*(?P<level2>high|low|medium|normal)\b"
    r"|(?<!\w)(?P<p>[pP][123])(?!\w)"
    r"|(?:\s*)!(?P<level3>high|low|medium|normal)\b"
    r"|\s*(?P<bangs>!{2,}|\(!+\))",
    re.IGNORECASE,
)
LEAD: Final = re.compile(
    rf"^(?P<word>{HIGH_WORDS}|{LOW_WORDS})\s*(?:[:!-]+\s*|\s+(?=\S))",
    re.IGNORECASE,
)
TAIL: Final = re.compile(
    r"(?:\s*[,;(-]\s*|\s+)"
    r"(?:(?:it'?s|it is|this is|that'?s|is|very|really|super|all|both|all of them|they'?re|all are)\s+)*"
    rf"(?P<word>{HIGH_WORDS}|{LOW_WORDS})\s*\)?\s*!*$",
    re.IGNORECASE,
)
_P_LEVELS: Final = {"p1": "high", "p2": "medium", "p3": "low"}


@dataclass(frozen=True)
class PriorityFound:
    priority: str
    rest: str
    """The text without the priority words."""


def _level(word: str) -> str:
    word = " ".join(word.lower().split())
    for level in ("low", "medium"):
        if re.fullmatch(LEVELS[level], word, re.IGNORECASE):
            return level
    return "high"


def find(text: str) -> PriorityFound | None:
    """The priority a text states and the text without it, or None."""
    found: str | None = None
    if match := PHRASE.search(text):
        word = match["level"] or match["level2"] or match["level3"]
        if match["p"]:
            found = _P_LEVELS[match["p"].lower()]
        elif match["bangs"]:
            found = "high"
        else:
            found = {"top": "high", "normal": "medium"}.get(word.lower(), word.lower())
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    if match := LEAD.match(text):
        found = found or _level(match["word"])
        text = text[match.end() :]
    elif match := TAIL.search(text):
        found = found or _level(match["word"])
        text = text[: match.start()]
    if found is None:
        return None
    return PriorityFound(found, " ".join(text.split()).strip(" ,;:-"))
