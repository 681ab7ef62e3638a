"""Everyday English → what the person wants done with their tasks.

Parsing is kept apart from acting so the whole phrase table can be tested
without a database. It is deliberately deterministic: ordered regular
expressions over a normalised message, the most specific first. Titles keep
the person's own capitalisation; only matching is case-insensitive.
"""

import re
from dataclasses import dataclass
from typing import Literal

Action = Literal[
    "add", "list", "complete", "reopen", "delete", "rename", "prioritize",
    "choose", "bulk", "greet", "help", "thanks", "unknown",
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


I = re.IGNORECASE
NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
            "fifth": 4, "5th": 4, "last": -1}
PRIORITY_WORDS = {"high": "high", "urgent": "high", "important": "high", "top": "high",
                  "medium": "medium", "normal": "medium", "low": "low"}
_PRIO = r"(?P<prio>high|medium|normal|low|urgent|important|top)"
_DONE = r"(?:done|complete|completed|finished|closed|resolved|checked(?: off)?|ticked(?: off)?|taken care of)"
_UNDONE = r"(?:not done|not complete|not completed|not finished|incomplete|undone|unfinished|pending|open|to ?do)"
_LIST_NOUN = r"(?:(?:task|todo|to-do|to do|reminder)\s*)?(?:list|tasks|todos|to-dos|reminders|items)"
_ON_MY_LIST = rf"\s+(?:to|on|onto|in|into|from|off|off of|out of)\s+(?:my|the)\s+{_LIST_NOUN}$"

GREETING = re.compile(r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))"
                      r"(?: there| assistant| bot)?$", I)
HELP = re.compile(r"^(?:help(?: me)?|\?+|what can you do|what do you do|how does this work|how do i use (?:this|you)"
                  r"|what can i (?:say|ask|do)|commands|usage|menu|options)$", I)
THANKS = re.compile(r"^(?:thanks|thank you|thank u|thx|ty|cheers|great|awesome|perfect|cool|nice|ok|okay|got it"
                    r"|good|brilliant|sweet|lovely|excellent)(?: (?:so much|a lot|very much|again))?$", I)
CHOOSE_ID = re.compile(r"^(?:(?:i meant?|i mean|it'?s|use|pick|choose|go with)\s+)?(?:the\s+)?(?:task\s*|number\s*|no\.?\s*"
                       r"|#|id\s*)*#?(?P<id>\d{1,18})(?:\s+please)?$", I)
CHOOSE_ORDINAL = re.compile(rf"^(?:(?:i meant?|i mean|it'?s|use|pick|choose|go with)\s+)?(?:the\s+)?"
                            rf"(?P<ord>{'|'.join(ORDINALS)})(?:\s+(?:one|task))?(?:\s+please)?$", I)

REMEMBER = re.compile(
    r"^(?:(?:please |can you |could you )?remind me (?:to|that|about)|(?:please )?remember (?:to|that)"
    r"|don'?t let me forget (?:to|about)|(?:please )?don'?t (?:let me )?forget (?:to|about)"
    r"|i (?:need|have|want|must|should|got|gotta|'ve got)(?: to)? (?:remember|not forget) (?:to|that|about)"
    r"|i must not forget (?:to|about)|note to self|make a note (?:to|that))\s*[:,-]?\s+(?P<title>.+)$", I)
LABELLED = re.compile(r"^(?:note to self|note|to-?do|task|new task|reminder)\s*[:–-]\s*(?P<title>.+)$", I)
NO_LONGER = re.compile(r"^i (?:don'?t|do not|no longer|won'?t|will not) (?:need|have|want) to (?P<target>.+?)"
                       r"(?:\s+any ?more)?$", I)
NEVER_MIND = re.compile(r"^never ?mind(?: about)?\s+(?P<target>.+)$", I)
POLITE = re.compile(r"^(?:(?:please|pls|plz|kindly|hey|ok|okay|so|now|also|and|then|oh|um|assistant)[,!]?\s+"
                    r"|(?:can|could|would|will) (?:you|u)(?: please)?\s+|(?:i'?d|i would) like (?:you )?to\s+"
                    r"|i want you to\s+|let'?s\s+|go ahead and\s+|help me(?: to)?\s+|i'?d love to\s+)", I)
WISH = re.compile(r"^(?:i (?:need|have|want|must|should|gotta|got to|'ve got to|have got to|ought to|wanna)"
                  r"|i'?ve got to|i'?ll need to|need to|have to|gotta|must|should)(?: to)?\s+(?P<rest>.+)$", I)
TRAILING = re.compile(r"(?:[,\s]+(?:please|pls|thanks|thank you|thx|for me|asap|if you can|if possible))+$", I)

LIST_START = re.compile(r"^(?:show|list|display|view|see|give|tell|read|print|pull up|bring up|what|what'?s"
                        r"|whats|what is|what are|what'?re|which|how many|do i have|have i|did i|is there|are there"
                        r"|anything|any|how (?:am i|are we) doing|where am i)\b", I)
LIST_WORDS = re.compile(r"\b(?:tasks?|to-?dos?|to do|list|items?|reminders?|plate|agenda|left|pending|remaining"
                        r"|outstanding|open|unfinished|incomplete|completed?|done|finished|finish|accomplished"
                        r"|next|everything|all)\b", I)
LIST_BARE = re.compile(r"^(?:(?:my|all|all my|the)\s+)?(?:tasks|todos|to-?do list|todo list|to do list|list|pending"
                       r"|pending tasks|completed|completed tasks|done|finished|open tasks|everything)$", I)
SHOW_VERB_ONLY = re.compile(r"^(?:show|list|display|view)(?: me)?(?: (?:all|everything|them|it all))?$", I)
FIND = re.compile(r"^(?:find|search(?: for)?|look for|look up|any tasks?|show(?: me)? tasks?|list tasks?)\s+"
                  r"(?:(?:my|the|all)\s+)?(?:tasks?\s+)?(?:(?:about|with|containing|matching|mentioning|for|called"
                  r"|named|related to|that (?:mention|contain|include)s?|(?:with )?the word)\s+)?(?P<search>.+)$", I)
SEARCH_IN_LIST = re.compile(r"\b(?:tasks?|to-?dos?|anything)\s+(?:about|with|containing|matching|mentioning|related to"
                            r"|that (?:mention|contain|include)s?)\s+(?P<search>.+)$", I)
COMPLETED_WORDS = re.compile(r"\b(?:completed?|done|finished|finish|accomplished|did i|ticked off|checked off"
                             r"|closed)\b", I)
NOT_DONE_WORDS = re.compile(r"\b(?:not (?:yet )?(?:done|completed?|finished)|unfinished|incomplete|undone)\b", I)
PENDING_WORDS = re.compile(r"\b(?:pending|left|remaining|open|outstanding|to ?do|still|next|due|need to do"
                           r"|have to do|got to do|on my plate|on my agenda)\b", I)

PRIORITY_CHANGE = [
    re.compile(rf"^(?:set|make|mark|change|update|put|flag|bump|move|switch)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+"
               rf"(?P<target>.+?)\s+(?:to|as|at)\s+{_PRIO}(?:[- ]priority)?$", I),
    re.compile(rf"^(?:set|make|mark|change|update|put|flag|bump|move|switch)\s+(?P<target>.+?)(?:'s)?\s+"
               rf"(?:priority\s+)?(?:to|as|at|up to|down to|into)?\s*(?:an?\s+)?{_PRIO}(?:[- ]priority)?$", I),
    re.compile(rf"^(?:prioriti[sz]e)\s+(?P<target>.+?)(?:\s+as\s+{_PRIO})?$", I),
]
DEPRIORITIZE = re.compile(r"^(?:deprioriti[sz]e|de-prioriti[sz]e)\s+(?P<target>.+)$", I)
REOPEN = [
    re.compile(rf"^(?:mark|set|flag|change|move|put)\s+(?P<target>.+?)\s+(?:as\s+|to\s+|back to\s+|back as\s+)?"
               rf"{_UNDONE}(?:\s+again)?$", I),
    re.compile(r"^(?:reopen|re-open|uncomplete|un-complete|unmark|uncheck|untick|restore|undo)\s+(?P<target>.+)$", I),
    re.compile(r"^(?P<target>.+?)\s+(?:isn'?t|is not|wasn'?t|was not|is actually not|isn'?t actually)\s+"
               r"(?:done|finished|complete)(?:\s+yet|\s+after all)?$", I),
]
COMPLETE = [
    re.compile(rf"^(?:mark|set|flag|check|tick|cross|move|put)(?: off)?\s+(?P<target>.+?)\s+(?:as\s+|to\s+)?{_DONE}$", I),
    re.compile(r"^(?:check|tick|cross)\s+off\s+(?P<target>.+)$", I),
    re.compile(r"^(?:complete|finish|close|resolve|(?:i'?m |i am |we'?re )?(?:done|finished) with"
               r"|i(?:'ve| have)?\s+(?:just\s+|already\s+|finally\s+)?(?:completed|finished|done|did|closed)"
               r"|(?:just\s+)?(?:finished|completed|did))\s+(?P<target>.+)$", I),
    re.compile(rf"^(?P<target>.+?)\s+(?:is|are|was|were|has been|have been|'s)\s+(?:now\s+|all\s+|finally\s+)?{_DONE}$", I),
    re.compile(rf"^(?P<target>(?:task\s*)?#?\d+)\s+{_DONE}$", I),
]
DELETE = re.compile(
    rf"^(?:delete|remove|cancel|drop|erase|trash|scrap|discard|get rid of|forget(?: about)?|ditch|throw (?:away|out)"
    rf"|take|cross out|strike|wipe)\s+(?P<target>.+?)(?:{_ON_MY_LIST})?$", I)
RENAME = [
    re.compile(r"^(?:change|rename|update|edit|modify|retitle|reword|call|set|correct|fix)\s+(?:the\s+)?"
               r"(?:(?:title|name|text|wording)\s+(?:of|for|on)\s+)?(?P<q>['\"])(?P<target>.+?)(?P=q)"
               r"(?:'s\s+(?:title|name))?\s+(?:to say|to read|to|into|as)\s*:?\s+(?P<title>.+)$", I),
    re.compile(r"^(?:change|rename|update|edit|modify|retitle|reword|call|set|correct|fix)\s+(?:the\s+)?"
               r"(?:(?:title|name|text|wording)\s+(?:of|for|on)\s+)?(?P<target>.+?)(?:(?:'s)?\s+(?:title|name))?"
               r"\s+(?:to say|to read|so it says|so that it says|to|into|as)\s*:?\s+(?P<title>.+)$", I),
    re.compile(r"^(?:change|rename|update|edit|modify|retitle|reword)\s+(?P<target>(?:task\s*)?#?\d+)\s*[:=–-]\s*"
               r"(?P<title>.+)$", I),
]
ADD = re.compile(r"^(?:add|create|make|new|insert|put|jot down|write down|note down|log|save|enter|capture|"
                 r"set up|record|schedule)\s+(?P<rest>.+)$", I)
ADD_NOUN = re.compile(rf"^(?:an?\s+|one\s+|another\s+|the\s+)?(?:new\s+)?(?:{_PRIO}(?:[- ]priority)?\s+)?"
                      rf"(?:task|todo|to-do|to do|item|reminder|entry|note)(?:\s+(?:item|entry))?"
                      r"(?:\s+(?:called|named|titled|that says|saying|to|for|about|of)\s+|\s*[:–-]\s*|\s+|$)(?P<title>.*)$", I)
ADD_TO_LIST_FIRST = re.compile(rf"^(?:to|on|onto)\s+(?:my|the)\s+{_LIST_NOUN}\s*[:,-]?\s*(?P<title>.+)$", I)
_PRIO_ANY = r"(?:high|medium|normal|low|urgent|important|top)"
PRIORITY_SUFFIX = re.compile(rf"(?:[,;]?\s+(?:with\s+|as\s+|at\s+)?(?:an?\s+)?{_PRIO_ANY}[- ]priority"
                             rf"|[,;]?\s+priority[:\s]+{_PRIO_ANY}|\s*\({_PRIO_ANY}(?:[- ]priority)?\)"
                             r"|[,;]?\s+it'?s (?:urgent|important)|[,;]?\s*!!+)$", I)

TARGET_NUMBER = re.compile(r"^(?:the\s+)?(?:(?:task|todo|to-do|item|number|no\.?|#|id)\s*)*#?\s*(?P<n>\d{1,18}|"
                           + "|".join(NUMBER_WORDS) + r")(?:\s+(?:task|one))?$", I)
TARGET_LEAD = re.compile(r"^(?:(?:the|my|a|an|that|this|those|these|our)\s+|(?:task|todo|to-do|item|reminder|one)s?\s+"
                         r"(?:called|named|titled|about|for|to|saying|that says)\s+|(?:task|todo|to-do|item)\s*:\s*"
                         r"|(?:called|named|titled|about|saying)\s+)+", I)
TARGET_TAIL = re.compile(rf"(?:(?:{_ON_MY_LIST})|\s+(?:task|todo|to-do|item|reminder|one|entry|thing)s?"
                         r"|\s+(?:too|as well|again|now|already|today|for good))+$", I)
BULK = re.compile(r"^(?:all|everything|every task|all (?:of )?(?:my|the|them|of them)(?: tasks| todos)?|all tasks"
                  r"|both|each|every one|the whole list|my whole list|my list|the list)$", I)
QUOTES = re.compile(r"^(['\"])(?P<inner>.+)\1$")


def normalize(message: str) -> str:
    """One line, plain quotes, no trailing punctuation or politeness."""
    text = message.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "}))
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
    if not words or re.fullmatch(r"(?:task|todo|to-do|item|it|that|this|one)s?", words, I):
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
    looks_like_list = (LIST_START.match(text) and LIST_WORDS.search(text)) or LIST_BARE.match(text) \
        or SHOW_VERB_ONLY.match(text) or found
    if not looks_like_list:
        return None
    unlisted = re.sub(r"\bto[- ]?do (?:list|items?)\b|\btodos?\b|\btodo list\b", "", text, flags=I)
    if NOT_DONE_WORDS.search(unlisted):
        status = "pending"
    elif COMPLETED_WORDS.search(unlisted):
        status = "completed"
    elif PENDING_WORDS.search(unlisted):
        status = "pending"
    else:
        status = "all"
    if search and COMPLETED_WORDS.fullmatch(search) or search and PENDING_WORDS.fullmatch(search):
        search = None
    return Intent("list", status=status, search=search or None)


def _add_intent(rest: str) -> Intent:
    priority = None
    suffix = PRIORITY_SUFFIX.search(rest)
    if suffix:
        word = re.search(_PRIO_ANY, suffix[0], I)
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
    rest = re.sub(_ON_MY_LIST, "", rest, flags=I)
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
    for pattern, action in ((GREETING, "greet"), (HELP, "help"), (THANKS, "thanks")):
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
    return Intent("unknown")
