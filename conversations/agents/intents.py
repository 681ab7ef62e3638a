"""Everyday English → what the person wants done with their tasks.

Parsing is kept apart from acting so the whole phrase table can be tested
without a database. It is deliberately deterministic: ordered regular
expressions over a normalised message, the most specific first. Titles keep
the person's own capitalisation; only matching is case-insensitive.
"""

import re
from dataclasses import dataclass
from typing import Final, Literal

from .phrases import (
    ADD,
    ADD_NOUN,
    ADD_TO_LIST_FIRST,
    BULK,
    CHOOSE_ID,
    CHOOSE_ORDINAL,
    COMPLETE,
    COMPLETED_WORDS,
    DELETE,
    DEPRIORITIZE,
    DONE_SUFFIX,
    FIND,
    GREETING,
    HELP,
    LABELLED,
    LIST_BARE,
    LIST_START,
    LIST_WORDS,
    NEVER_MIND,
    NO_LONGER,
    NOT_DONE_WORDS,
    NUMBER_WORDS,
    ON_MY_LIST,
    ORDINALS,
    PAST_DONE,
    PENDING_WORDS,
    POLITE,
    PRIO_ANY,
    PRIORITY_CHANGE,
    PRIORITY_SUFFIX,
    PRIORITY_WORDS,
    QUOTES,
    REMEMBER,
    RENAME,
    REOPEN,
    SEARCH_IN_LIST,
    SHOW_VERB_ONLY,
    TARGET_LEAD,
    TARGET_NUMBER,
    TARGET_TAIL,
    THANKS,
    TRAILING,
    UNDO,
    WHAT_CHANGED,
    WISH,
)

Action = Literal[
    "add",
    "list",
    "complete",
    "reopen",
    "delete",
    "rename",
    "prioritize",
    "choose",
    "bulk",
    "greet",
    "help",
    "undo",
    "changes",
    "thanks",
    "unknown",
]
ACTS_ON_ONE_TASK: frozenset[str] = frozenset({"complete", "reopen", "delete", "rename", "prioritize"})


@dataclass(frozen=True)
class Target:
    """Which task: by its number, or by words of its title."""

    task_id: int | None = None
    words: str | None = None


@dataclass(frozen=True)
class Intent:
    action: Action
    target: Target | None = None
    title: str | None = None  # add: the new task's title; rename: the new title
    priority: str | None = None
    status: str = "all"  # list: all / pending / completed
    search: str | None = None  # list: only tasks containing this
    choice_id: int | None = None  # choose: a task number picked from a question
    choice_index: int | None = None  # choose: "the second one" → 1; "the last one" → -1


PLAIN_TEXT: Final = str.maketrans("\u2018\u2019“”\u00a0", "''\"\" ")
"""Typographic quotes as plain ones, a no-break space as a space."""


def normalize(message: str) -> str:
    """One line, plain quotes, no trailing punctuation or politeness."""
    text = message.translate(PLAIN_TEXT)
    text = " ".join(text.split())
    text = re.sub(r"[.!?;,\s]+$", "", text)
    return TRAILING.sub("", text).strip()


def clean_title(raw: str) -> str:
    title = re.sub(r"^[\s:,-]+|[\s.!?,;:]+$", "", raw)
    quoted = QUOTES.match(title)
    if quoted:
        title = quoted["inner"].strip()
    first_word = title.split(" ", 1)[0]
    # "buy milk" → "Buy milk", but "iPhone case" keeps its brand's spelling.
    return title[:1].upper() + title[1:] if first_word.islower() and first_word.isalpha() else title


def parse_target(fragment: str) -> Target | None:
    """'task 3', '#3', 'number three' → id 3; 'the meeting task' → words 'meeting'."""
    text = normalize(fragment)
    quoted = QUOTES.match(text)
    if quoted:
        return Target(words=quoted["inner"].strip()) if quoted["inner"].strip() else None
    number = TARGET_NUMBER.match(text)
    if number:
        value = number["n"].lower()
        return Target(task_id=int(value) if value.isdigit() else NUMBER_WORDS[value])
    words = TARGET_TAIL.sub("", TARGET_LEAD.sub("", text)).strip(" '\"")
    if not words or re.fullmatch(r"(?:task|todo|to-do|item|it|that|this|one)s?", words, re.I):
        return None
    quoted = QUOTES.match(words)
    return Target(words=quoted["inner"] if quoted else words)


def _about_task(action: Action, fragment: str, **fields) -> Intent:
    if BULK.match(normalize(fragment)):
        return Intent("bulk", title=action)
    return Intent(action, target=parse_target(fragment), **fields)


def _priority(match: re.Match) -> str:
    return PRIORITY_WORDS[(match["prio"] or "high").lower()]


def _list_intent(text: str) -> Intent | None:
    found = FIND.match(text) or SEARCH_IN_LIST.search(text)
    search = TARGET_LEAD.sub("", found["search"]).strip(" '\"") if found else None
    looks_like_list = (
        (LIST_START.match(text) and LIST_WORDS.search(text))
        or LIST_BARE.match(text)
        or SHOW_VERB_ONLY.match(text)
        or found
    )
    if not looks_like_list:
        return None
    unlisted = re.sub(r"\bto[- ]?do (?:list|items?)\b|\btodos?\b|\btodo list\b", "", text, flags=re.I)
    if NOT_DONE_WORDS.search(unlisted):
        status = "pending"
    elif COMPLETED_WORDS.search(unlisted):
        status = "completed"
    elif PENDING_WORDS.search(unlisted):
        status = "pending"
    else:
        status = "all"
    if search and (COMPLETED_WORDS.fullmatch(search) or PENDING_WORDS.fullmatch(search) or search.isdigit()):
        search = None  # "show completed", or "show task 5": no task has its own number in its title
    return Intent("list", status=status, search=search or None)


def _add_intent(rest: str) -> Intent:
    priority = None
    suffix = PRIORITY_SUFFIX.search(rest)
    if suffix:
        word = re.search(PRIO_ANY, suffix[0], re.I)
        priority = PRIORITY_WORDS[word[0].lower()] if word else "high"
        rest = rest[: suffix.start()]
    lead = ADD_TO_LIST_FIRST.match(rest)
    if lead:
        rest = lead["title"]
    noun = ADD_NOUN.match(rest)
    if noun:
        if noun["prio"]:
            priority = PRIORITY_WORDS[noun["prio"].lower()]
        rest = noun["title"]
    rest = re.sub(ON_MY_LIST, "", rest, flags=re.I)
    return Intent("add", title=clean_title(rest) or None, priority=priority)


def _command(text: str) -> Intent | None:
    """The intent of a message stripped of politeness, or None when it is no task command."""
    if listing := _list_intent(text):
        return listing
    if match := DEPRIORITIZE.match(text):
        return _about_task("prioritize", match["target"], priority="low")
    for pattern in PRIORITY_CHANGE:
        if match := pattern.match(text):
            return _about_task("prioritize", match["target"], priority=_priority(match))
    for pattern in REOPEN:
        if match := pattern.match(text):
            return _about_task("reopen", match["target"])
    for pattern in COMPLETE:
        if match := pattern.match(text):
            return _about_task("complete", match["target"])
    if match := DELETE.match(text):
        return _about_task("delete", match["target"])
    for pattern in RENAME:
        if match := pattern.match(text):
            new_title = clean_title(match["title"])
            if new_title.lower().removesuffix(" priority") in PRIORITY_WORDS:
                priority = PRIORITY_WORDS[new_title.lower().removesuffix(" priority")]
                return _about_task("prioritize", match["target"], priority=priority)
            return _about_task("rename", match["target"], title=new_title or None)
    if match := ADD.match(text):
        return _add_intent(match["rest"])
    return None


def parse(message: str) -> Intent:
    """The one intent of a chat message; Intent('unknown') when it is not about tasks."""
    text = normalize(message)
    if not text:
        return Intent("unknown")
    small_talk: tuple[tuple[re.Pattern[str], Action], ...] = (
        (GREETING, "greet"),
        (HELP, "help"),
        (THANKS, "thanks"),
        (UNDO, "undo"),
        (WHAT_CHANGED, "changes"),
    )
    for pattern, action in small_talk:
        if pattern.match(text):
            return Intent(action)
    if match := CHOOSE_ID.match(text):
        return Intent("choose", choice_id=int(match["id"]))
    if match := CHOOSE_ORDINAL.match(text):
        return Intent("choose", choice_index=ORDINALS[match["ord"].lower()])
    while stripped := POLITE.sub("", text, count=1):
        if stripped == text:
            break
        text = stripped
    if match := REMEMBER.match(text) or LABELLED.match(text):
        return _add_intent(match["title"])
    for pattern in (NO_LONGER, NEVER_MIND):
        if match := pattern.match(text):
            return _about_task("delete", match["target"])
    if intent := _command(text):
        return intent
    if match := WISH.match(text):
        return _command(match["rest"]) or _add_intent(match["rest"])
    if match := PAST_DONE.match(text) or DONE_SUFFIX.match(text):
        return _about_task("complete", match["target"])
    return Intent("unknown")
