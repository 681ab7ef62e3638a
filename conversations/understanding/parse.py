"""A chat message → one ``Request``: what to do, to which tasks, with which values.

The pipeline, each step its own module and tests:

1. ``text.clean``: plain text, no greeting, wake word, "please" or emoji around it, textese spelt
   out ("tmrw", "wensday"), verb typos fixed; whether it asked ("?") or went on ("oh and …");
2. the intent: small talk, a follow-up ("the second one", "yes"), a correction of what was just
   touched ("make it friday"), a question, a change to tasks or an add, from the phrase table in
   ``phrases``. A question is answered or not understood, never added; a bare guess at an add
   ("buy bread", "milk, eggs") is made only when nothing else reads the words, and never of a
   title that is a pronoun or filler;
3. for an add, ``items.split`` into tasks, then per task ``dates.find`` and
   ``priorities.find`` take the due date and priority out of the words;
4. for a change, the same two find the new due date or priority, and the rest
   names the task: a number, words of its title, or a reference to what the
   last reply showed ("it", "the second one", "both", "all of them").

Parsing needs no database: the agent resolves references and numbers with
the tools. Only ``today`` (the person's) is given, for dates.
"""

import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, Final, Literal

from . import dates, items, places, priorities, text, times
from .phrases import (
    ABOUT,
    ADD,
    ADD_NOUN,
    ADD_TO_LIST_FIRST,
    CANCEL,
    CHOOSE_NUMBER,
    CHOOSE_ORDINAL,
    COMPLETE,
    COMPLETED_WORDS,
    CONFIRM,
    CORRECTION,
    COUNT,
    DELETE,
    DELETE_AFTER,
    DEPRIORITIZE,
    DID_I,
    DONE_SUFFIX,
    DUE_CHANGE,
    DUE_CLEAR,
    DUE_IS,
    EVERY,
    FIND,
    GREETING_ONLY,
    HELP,
    IS_STATE,
    JUNK_TITLE,
    LABELLED,
    LEFT_ON,
    LIST_BARE,
    LIST_START,
    LIST_WORDS,
    MAKE_LIST,
    NEVER_MIND,
    NEXT,
    NO_HURRY,
    NO_LONGER,
    NOT_DONE_WORDS,
    NUMBER_WORDS,
    OFF_TOPIC,
    ON_MY_LIST,
    ORDINALS,
    PAST_DONE,
    PENDING_WORDS,
    PRIORITY_CHANGE,
    PRIORITY_IS,
    PRIORITY_WORDS,
    QUESTION_LEAD,
    QUESTION_PRIORITY,
    QUESTION_START,
    QUOTES,
    REFERENCE_ALL,
    REFERENCE_BOTH,
    REFERENCE_IT,
    REMEMBER,
    RENAME,
    REOPEN,
    REOPEN_IT,
    SEARCH_IN_LIST,
    SHOW_VERB_ONLY,
    STATUS_QUESTION,
    TARGET_LEAD,
    TARGET_NUMBER,
    TARGET_TAIL,
    THANKS,
    TODO_VERB,
    UNDO,
    WHAT_CHANGED,
    WHEN_DUE,
    WISH,
)

Action = Literal[
    "add",
    "list",
    "count",
    "next",
    "complete",
    "reopen",
    "delete",
    "rename",
    "prioritize",
    "reschedule",
    "skip",
    "unrepeat",
    "move",
    "label",
    "add_steps",
    "choose",
    "confirm",
    "cancel",
    "greet",
    "help",
    "thanks",
    "undo",
    "never_mind",
    "add_list",
    "changes",
    "unknown",
]
ACTS_ON_TASKS: Final = frozenset(
    {
        "complete",
        "reopen",
        "delete",
        "rename",
        "prioritize",
        "reschedule",
        "skip",
        "unrepeat",
        "move",
        "label",
        "add_steps",
    }
)
MOVE_TO_LIST: Final = re.compile(
    r"^(?:please\s+)?(?:move|put|file)\s+(?P<target>.+?)\s+(?:to|in|into|under|on)\s+(?:the\s+|my\s+)?"
    r"(?P<list>.+?)(?:\s+list)?[.!]?$",
    re.IGNORECASE,
)
""""move it to home", "put the report in my work list": only when the words name one of the person's lists."""
TAG_TASK: Final = re.compile(
    r"^(?:please\s+)?(?:tag|label)\s+(?P<target>.+?)\s+(?:as\s+|with\s+)?"
    r"(?P<labels>#[^\s#,]+(?:\s*(?:,|and)?\s*#[^\s#,]+)*)[.!]?$",
    re.IGNORECASE,
)
""""tag it #errands", "label the stamps task #errands and #post"."""
ADD_STEPS: Final = re.compile(
    r"^(?:please\s+)?(?:add|give)\s+(?:the\s+|some\s+)?(?:steps?|subtasks?|sub-tasks?)\s+(?:to|for)\s+"
    r"(?P<target>.+?)\s*:\s*(?P<steps>.+)$",
    re.IGNORECASE,
)
""""add steps to the trip: book flights, pack, print tickets"."""
TAGGED_QUESTION: Final = re.compile(
    r"^(?:what(?:'s| is| are)|which (?:tasks?|ones?)(?: are)?|show(?: me)?|list|find|anything)\s+"
    r"(?:(?:my\s+)?(?:tasks?\s+)?)?(?:tagged|labell?ed|with(?: the label)?)\s+#?(?P<label>[^\W_][\w-]*)\s*\??$",
    re.IGNORECASE,
)
""""what's tagged #errands?", "show tasks labelled home": the tasks with that label."""


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class Target:
    """Which task or tasks a change is about."""

    number: int | None = None
    """The task's number, as the person sees it ("task 3", "#3")."""
    words: str | None = None
    """Words of its title ("the gym one" → "gym")."""
    reference: Literal["it", "both", "all"] | None = None
    """"it"/"that one", "both", "all of them": what the last reply showed or changed."""
    index: int | None = None
    """"the second one" → 1, "the last one" → -1, of what the last reply showed."""
    every: bool = False
    """"all the shopping tasks", "everything I've finished": every match, after a confirmation."""
    status: Literal["pending", "completed"] | None = None
    """With ``every``: only finished ones, or only open ones."""
    numbers: tuple[int, ...] = ()
    """Several task numbers ("3, 5 and 8", "1 to 4")."""


@dataclass(frozen=True)
class NewTask:
    title: str
    priority: str | None = None
    due: date | None = None
    due_time: time | None = None
    """A time of day on the person's clock ("at 5pm", "tonight")."""
    repeat: str = ""
    """An RFC 5545 rule ("every Monday" → FREQ=WEEKLY;BYDAY=MO)."""
    minutes_before: int | None = None
    """A reminder before the due time ("remind me 30 min before")."""
    list_name: str | None = None
    """One of the person's lists ("in groceries", "#groceries")."""
    labels: tuple[str, ...] = ()
    """Labels ("#errands")."""

    def task_fields(self) -> dict[str, Any]:
        """What the words said, as ``add_task`` takes it (only what they said)."""
        said = {
            "title": self.title,
            "priority": self.priority,
            "due_date": self.due,
            "due_time": self.due_time,
            "repeat": self.repeat or None,
            "reminders": [{"minutes_before": self.minutes_before}] if self.minutes_before is not None else None,
            "list_id": self.list_name,
            "labels": list(self.labels) or None,
        }
        return {name: value for name, value in said.items() if value is not None}


@dataclass(frozen=True)
class Query:
    status: Literal["all", "pending", "completed"] = "all"
    search: str | None = None
    priority: str | None = None
    due: Literal["today", "tomorrow", "week", "overdue", "none"] | None = None
    due_on: date | None = None
    order: Literal["newest", "due", "priority"] = "newest"
    list_name: str | None = None
    """One of the person's lists ("show my work list"); "Inbox" for the tasks in none."""
    label: str | None = None
    """A label ("what's tagged #errands")."""


@dataclass(frozen=True)
class Request:
    action: Action
    target: Target | None = None
    tasks: tuple[NewTask, ...] = ()
    title: str | None = None
    priority: str | None = None
    due: date | _Unset | None = UNSET
    query: Query = field(default_factory=Query)
    list_name: str | None = None
    """Where "move it to home" puts the task (one of the person's lists, or "Inbox")."""
    labels: tuple[str, ...] = ()
    """What "tag it #errands" adds."""
    steps: tuple[str, ...] = ()
    """What "add steps to the trip: …" adds, in order."""
    problem: str | None = None
    """A sentence saying what could not be understood: nothing is done, this is the reply."""
    explicit: bool = False
    """An add asked for in so many words ("add …", "remind me to …"), not guessed from bare words."""


def clean_title(raw: str) -> str:
    title = re.sub(r"^[\s:,;-]+|[\s.!?,;:-]+$", "", raw)
    if quoted := QUOTES.match(title):
        title = quoted["inner"].strip()
    first_word = title.split(" ", 1)[0]
    # "buy milk" → "Buy milk", but "iPhone case" keeps its brand's spelling.
    return title[:1].upper() + title[1:] if first_word.islower() and first_word.isalpha() else title


def parse_target(fragment: str) -> Target | None:
    """'task 3', '#3' → number 3; 'it', 'both', 'the second one' → a reference; 'the gym task' → words."""
    fragment = " ".join(fragment.split()).strip(" .,!?")
    if quoted := QUOTES.match(fragment):
        return Target(words=quoted["inner"].strip()) if quoted["inner"].strip() else None
    if numbers := _numbers(fragment):
        return Target(numbers=numbers)
    if STATE_ONES.match(fragment):
        return Target(every=True, status="completed")
    if WHOLE_LIST.match(fragment):
        return Target(every=True)
    if number := TARGET_NUMBER.match(fragment):
        value = number["n"].lower()
        count = int(value) if value.isdigit() else NUMBER_WORDS[value]
        # "number 3" after a list means the third shown; the agent decides, knowing what was shown.
        return Target(number=count, index=count - 1 if number["by_position"] else None)
    if ordinal := CHOOSE_ORDINAL.match(fragment):
        return Target(index=ORDINALS[ordinal["ord"].lower()])
    if REFERENCE_IT.match(fragment):
        return Target(reference="it")
    if REFERENCE_BOTH.match(fragment):
        return Target(reference="both")
    if REFERENCE_ALL.match(fragment):
        return Target(reference="all")
    if every := EVERY.match(fragment):
        words = TARGET_TAIL.sub("", TARGET_LEAD.sub("", every["words"] or "")).strip(" '\"") or None
        status: Literal["pending", "completed"] | None = None
        if every["done"] or every["done2"] or (words and COMPLETED_WORDS.fullmatch(words)):
            status, words = "completed", None if words and COMPLETED_WORDS.fullmatch(words) else words
        elif every["open"] or (words and PENDING_WORDS.fullmatch(words)):
            status, words = "pending", None if words and PENDING_WORDS.fullmatch(words) else words
        return Target(every=True, words=words, status=status)
    words = TARGET_TAIL.sub("", TARGET_LEAD.sub("", fragment)).strip(" '\"")
    if not words or re.fullmatch(r"(?:task|todo|to-do|item|one)s?", words, re.IGNORECASE):
        return None
    quoted = QUOTES.match(words)
    return Target(words=quoted["inner"] if quoted else words)


SEVERAL_NUMBERS: Final = re.compile(r"^(?:tasks?\s+|numbers?\s+)?#?\d+(?:\s*(?:,|and|&|\+)\s*(?:and\s+)?#?\d+)+$", re.I)
NUMBER_RANGE: Final = re.compile(
    r"^(?:tasks?\s+|numbers?\s+)?(?:from\s+)?#?(?P<first>\d+)\s*(?:to|-|through|thru|until)\s*#?(?P<last>\d+)$", re.I
)
MOST_AT_ONCE: Final = 50
STATE_ONES: Final = re.compile(
    r"^(?:the\s+|all\s+(?:the\s+|of\s+the\s+)?|my\s+|any\s+)?(?:finished|done|completed?|ticked(?:\s+off)?"
    r"|checked(?:\s+off)?|crossed(?:\s+off)?)(?:\s+(?:ones|tasks|items|stuff|things|todos))?$"
    r"|^(?:everything|all|the ones?|what(?:ever)?|the stuff|the tasks?)\s+(?:that'?s\s+|i'?ve\s+|i have\s+)?"
    r"(?:finished|done|completed|ticked off|checked off|crossed off)(?:\s+already)?$",
    re.I,
)
WHOLE_LIST: Final = re.compile(
    r"^(?:all of it|(?:my|the) (?:whole|entire|full) (?:list|to-?do list|task list|calendar|agenda|lot|thing)"
    r"|everything(?:\s+(?:on|in|from)\s+(?:my|the)\s+(?:list|to-?do list|task list|calendar|agenda|tasks))?"
    r"|(?:my|the) (?:list|to-?do list|task list|calendar|agenda|schedule)"
    r"|all (?:my|of my|the) (?:tasks|todos|to-dos|items|stuff))$",
    re.I,
)


def _numbers(fragment: str) -> tuple[int, ...]:
    """ "3, 5 and 8" → (3, 5, 8); "1 to 4" → (1, 2, 3, 4); () for anything else."""
    if SEVERAL_NUMBERS.match(fragment):
        return tuple(dict.fromkeys(int(found) for found in re.findall(r"\d+", fragment)))
    if (span := NUMBER_RANGE.match(fragment)) and 0 < int(span["first"]) < int(span["last"]):
        return tuple(range(int(span["first"]), min(int(span["last"]), int(span["first"]) + MOST_AT_ONCE - 1) + 1))
    return ()


def _dated(words: str, today: date) -> bool:
    """Whether ``words`` say a day from today on."""
    try:
        found = dates.find(words, today)
    except dates.DateNotUnderstood:
        return False
    return found is not None and found.day is not None and found.day >= today


def _request_about(action: Action, fragment: str, **values) -> Request:
    return Request(action, target=parse_target(fragment), **values)


def _named_item(fragment: str, today: date) -> Target | None:
    """The task a removal names, without the day or time said around it ("lunch with sam on friday")."""
    target = parse_target(fragment)
    if target is None or target.words is None or target.every:
        return target
    words = target.words
    try:
        found = dates.find(words, today)
    except dates.DateNotUnderstood:
        found = None
    if found is not None:
        words = found.remove_from(words)
    if clock := times.find_time(words):
        words = clock.remove_from(words)
    words = re.sub(r"\s+(?:on|at|for|from)$", "", words.strip(" ,."), flags=re.I).strip()
    return replace(target, words=words) if words else target


def _priority_of(match: re.Match[str]) -> str:
    return PRIORITY_WORDS[(match["prio"] or "high").lower()]


def _due_phrase(fragment: str, today: date) -> dates.DateFound | None:
    return dates.find(fragment, today)


def _reschedule(target_text: str, when_text: str, today: date) -> Request:
    """A change of due date: ``when_text`` must be a date (or "no due date") and nothing else."""
    try:
        found = dates.find(when_text, today)
    except dates.DateNotUnderstood as error:
        return Request("reschedule", target=parse_target(target_text), problem=error.message)
    if found is None or found.remove_from(when_text).strip(" ,.") not in {"", "the", "a"}:
        return Request(
            "reschedule",
            target=parse_target(target_text),
            problem=f"I didn't understand “{when_text.strip()}” as a date. Try “tomorrow”, “Friday” or “Dec 5”.",
        )
    return Request("reschedule", target=parse_target(target_text), due=found.day)


UNDERSTOOD: Final = ("when", "repeat", "reminder", "priority", "list", "label")
"""What a task's words can say besides its title; ``read_task`` can be told to leave any of them in the title."""


def given_kinds(fields: Mapping[str, Any]) -> frozenset[str]:
    """The kinds of ``UNDERSTOOD`` that fields set beside the words already say (a due date or time, a repeat,
    reminders, a priority): ``read_task`` leaves those words to the title, so a field always wins."""
    kinds = {
        "when": fields.get("due_date") or fields.get("due_time"),
        "repeat": fields.get("repeat"),
        "reminder": fields.get("reminders"),
        "priority": fields.get("priority"),
        "list": fields.get("list_id"),
        "label": fields.get("labels"),
    }
    return frozenset(kind for kind, value in kinds.items() if value)


def read_task(
    text_: str,
    today: date,
    *,
    now: datetime | None = None,
    ignore: frozenset[str] = frozenset(),
    lists: tuple[str, ...] = (),
) -> NewTask | str:
    """One task from words as a quick-add box reads them ("pay rent fri 9am every month !high #home"), or a
    sentence saying what is wrong with them. ``ignore``: kinds of ``UNDERSTOOD`` to keep as words of the title;
    ``lists``: the names of the person's lists ("buy milk in groceries")."""
    token, named = _NOW.set(now), _LISTS.set(lists)
    try:
        return _new_task(text_, today, ignore=ignore)
    finally:
        _NOW.reset(token)
        _LISTS.reset(named)


def _new_task(
    raw: str,
    today: date,
    *,
    priority: str | None = None,
    due: date | None = None,
    ignore: frozenset[str] = frozenset(),
) -> NewTask | str:
    """One task from its words, or a sentence saying what was wrong with them.

    A title in quotes is taken as written: "add “Call mom tonight”" has no due date.
    """
    literal = QUOTES.match(re.sub(ON_MY_LIST, "", raw.strip(), flags=re.IGNORECASE).strip())
    if literal and literal["inner"].strip():
        return NewTask(title=literal["inner"].strip(), priority=priority, due=due)
    words = raw
    repeat, minutes_before, due_time = "", None, None
    if "repeat" not in ignore and (repeating := times.find_repeat(words)):  # first: "every Monday" is no date
        repeat, words = repeating.rule, repeating.remove_from(words)
    if "reminder" not in ignore and (reminder := times.find_reminder(words)):
        minutes_before, words = reminder.minutes_before, reminder.remove_from(words)
    try:
        found = dates.find(words, today) if "when" not in ignore else None
    except dates.DateNotUnderstood as error:
        return error.message
    if found is not None:
        words = found.remove_from(words)
        due = found.day
        due_time = times.part_of_day(found.words)
    if "when" not in ignore and (clock := times.find_time(words)):
        words = clock.remove_from(words)
        now = _NOW.get() or datetime.combine(today, time(12))
        moment = times.resolve_time(clock, now)
        if isinstance(moment, datetime):
            due, due_time = moment.date(), moment.time()
        else:
            due_time = moment
            if due is None and not repeat:  # "at 5pm": today if 5pm is still to come, else tomorrow
                due = today if moment > now.time() else today + timedelta(days=1)
    if "priority" not in ignore and (said := priorities.find(words)):
        priority, words = said.priority, said.rest
    placed = places.find(words, _LISTS.get(), want_list="list" not in ignore, want_labels="label" not in ignore)
    words = re.sub(ON_MY_LIST, "", placed.rest, flags=re.IGNORECASE)
    if noun := ADD_NOUN.match(words):
        if noun["prio"]:
            priority = PRIORITY_WORDS[noun["prio"].lower()]
        words = noun["title"]
    title = clean_title(words)
    if not title:
        return ""
    if due is not None and due < today:
        when = f"{dates.describe(due, today).capitalize()} ({due.isoformat()})"
        return f"{when} has passed; give “{title}” a day from today on."
    return NewTask(
        title=title,
        priority=priority,
        due=due,
        due_time=due_time,
        repeat=repeat,
        minutes_before=minutes_before,
        list_name=placed.list_name,
        labels=placed.labels,
    )


def _add(body: str, today: date) -> Request:
    """An add of one task or several ("eggs, flour and butter"), each with its own date and priority."""
    shared_priority = None
    shared_due: date | None = None
    if to_list_first := ADD_TO_LIST_FIRST.match(body):
        body = to_list_first["title"]
    if noun := ADD_NOUN.match(body):
        if noun["prio"]:
            shared_priority = PRIORITY_WORDS[noun["prio"].lower()]
        body = noun["title"]
    # A reminder said once ("…, remind me 30 min before") is for every item of the message.
    shared_reminder = None
    if reminder := times.find_reminder(body):
        shared_reminder, body = reminder.minutes_before, reminder.remove_from(body)
    # A priority said of the whole list ("…, all urgent") or at its end applies to every item.
    separator = "\n" if "\n" in body else ","
    if separator in body and (said := priorities.find(body.rsplit(separator, 1)[-1])) and not said.rest:
        shared_priority = said.priority
        body = body.rsplit(separator, 1)[0]
    try:
        heading, raw_items = items.split(body)
    except items.EmptyItem:
        return Request(
            "add",
            problem="One of the items in that list is empty, so I added nothing. "
            "Could you send the list again without the gap?",
        )
    joined = False
    if len(raw_items) == 1 and TODO_VERB.match(raw_items[0]):  # "call the bank and email the landlord"
        parts = [part for part in AND_THEN_VERB.split(raw_items[0]) if part.strip()]
        if len(parts) > 1 and all(len(part.split()) > 1 for part in parts):  # not "research and write the essay"
            raw_items, joined = parts, True
    # A heading names the list ("groceries: …") or the day ("to do today: …") of every item under it.
    shared_list = _list_named(heading) if heading else None
    if heading and _dated(heading, today) and (on_day := dates.find(heading, today)):
        shared_due = on_day.day
    # A day said once, at the end of the list ("…, all tomorrow", "… and email the landlord friday") is for all.
    if len(raw_items) > 1 and (last_day := _only_a_day(raw_items[-1], today)) is not None:
        if _only_a_day(raw_items[-1], today, entirely=True):
            shared_due, raw_items = last_day, raw_items[:-1]
        elif joined:  # one sentence: its day is for both
            shared_due = last_day
    tasks: list[NewTask] = []
    for raw in raw_items:
        made = _new_task(raw, today, priority=shared_priority, due=shared_due)
        if isinstance(made, NewTask) and shared_reminder is not None and made.minutes_before is None:
            made = replace(made, minutes_before=shared_reminder)
        if isinstance(made, NewTask) and shared_list and made.list_name is None:
            made = replace(made, list_name=shared_list)
        if isinstance(made, NewTask) and JUNK_TITLE.match(made.title):
            return Request(
                "add", problem=f"“{made.title}” doesn't sound like a task, so I added nothing. What should I add?"
            )
        if isinstance(made, str):
            if not made:  # an item that was only a date or a priority
                if len(raw_items) == 1:
                    return Request("add")
                return Request("add", problem="One of the items in that list is empty, so I added nothing.")
            return Request("add", problem=made + " I added nothing.")
        tasks.append(made)
    return Request("add", tasks=tuple(tasks))


AND_THEN_VERB: Final = re.compile(
    r"\s+(?:and|&|then|and then)\s+(?=" + TODO_VERB.pattern.removeprefix("^") + ")", re.IGNORECASE
)


def _only_a_day(item: str, today: date, *, entirely: bool = False) -> date | None:
    """The day that ends ``item`` ("email the landlord friday" → Friday); with ``entirely``, only when the item is
    nothing but a day ("all tomorrow")."""
    try:
        found = dates.find(item, today)
    except dates.DateNotUnderstood:
        return None
    if found is None or found.day is None:
        return None
    rest = found.remove_from(item).strip(" ,.")
    if entirely:
        return (
            found.day
            if re.fullmatch(r"(?:(?:all|both|each|every one|them all|all of them)\s*)?(?:due)?", rest, re.I)
            else None
        )
    return found.day if found.end >= len(item.rstrip(" ,.")) else None


def _list_request(text_: str, today: date) -> Request | None:
    """A question about the list, with its filters: status, search words, priority, due."""
    found = FIND.match(text_) or SEARCH_IN_LIST.search(text_)
    search = TARGET_LEAD.sub("", found["search"]).strip(" '\"") if found else None
    question_priority = QUESTION_PRIORITY.search(text_)
    due_word = _due_filter(text_)
    looks_like_list = (
        (LIST_START.match(text_) and (LIST_WORDS.search(text_) or due_word or question_priority))
        or LIST_BARE.match(text_)
        or SHOW_VERB_ONLY.match(text_)
        or found
    )
    if not looks_like_list:
        return None
    unlisted = re.sub(r"\bto[- ]?do (?:list|items?)\b|\btodos?\b|\btodo list\b", "", text_, flags=re.IGNORECASE)
    if NOT_DONE_WORDS.search(unlisted):
        status: Literal["all", "pending", "completed"] = "pending"
    elif COMPLETED_WORDS.search(unlisted):
        status = "completed"
    elif PENDING_WORDS.search(unlisted) or due_word or question_priority:
        status = "pending"
    else:
        status = "all"
    priority = PRIORITY_WORDS[question_priority["prio"].lower()] if question_priority else None
    due_on = None
    if due_word is None:
        try:
            on_day = dates.find(text_, today)
        except dates.DateNotUnderstood:
            on_day = None
        if on_day is not None and on_day.day is not None and LIST_START.match(text_):
            due_on, status = on_day.day, "pending"
    if search is not None:
        search = _without_filter_words(search)
    if search and (COMPLETED_WORDS.fullmatch(search) or PENDING_WORDS.fullmatch(search) or search.isdigit()):
        search = None  # "show completed", or "show task 5": no task has its own number in its title
    order: Literal["newest", "due", "priority"] = "due" if due_word or due_on else "newest"
    list_name, label = _list_named(text_), next((match[1] for match in places.TAG.finditer(text_)), None)
    if search and (list_name or label):  # "show my work list": the list is the filter, not words of a title
        search = _without_filter_words(re.sub(rf"#?\b{re.escape(list_name or label or '')}\b", "", search, flags=re.I))
    return Request(
        "list",
        query=Query(status, search or None, priority, due_word, due_on, order, list_name, label),
    )


def _list_named(words: str) -> str | None:
    """One of the person's lists (or the Inbox) that ``words`` name, longest name first."""
    for name in sorted((*_LISTS.get(), "Inbox"), key=len, reverse=True):
        if re.search(rf"(?<![\w#])#?{re.escape(name)}(?!\w)", words, flags=re.IGNORECASE):
            return name
    return None


def _due_filter(text_: str) -> Literal["today", "tomorrow", "week", "overdue", "none"] | None:
    lowered = text_.lower()
    if re.search(r"\b(?:overdue|late|past due|behind|missed)\b", lowered):
        return "overdue"
    if re.search(r"\b(?:no|without (?:a )?)\s*(?:due )?dates?\b|\bundated\b", lowered):
        return "none"
    if re.search(r"\bthis week\b|\bnext (?:7|seven) days\b|\bthe week\b|\bweek ahead\b", lowered):
        return "week"
    if re.search(r"\btoday\b|\btonight\b", lowered):
        return "today"
    if re.search(r"\btomorrow\b", lowered):
        return "tomorrow"
    return None


def _without_filter_words(search: str) -> str:
    search = QUESTION_PRIORITY.sub("", search)
    search = re.sub(r"\b(?:due|overdue|today|tomorrow|this week|tasks?|todos?)\b", "", search, flags=re.IGNORECASE)
    return " ".join(search.split()).strip(" '\"?")


SKIP: Final = re.compile(
    r"^skip\s+(?P<target>.+?)(?:\s+(?:this|next|for\s+this|for\s+now|once|just\s+this)"
    r"(?:\s+(?:time|once|week|month|day|year|one))?)?$",
    re.I,
)
UNREPEAT: Final = (
    re.compile(r"^(?:stop|don'?t|do\s+not|no\s+more)\s+repeat(?:ing)?\s+(?P<target>.+)$", re.I),
    re.compile(r"^(?P<target>.+?)\s+(?:should\s+)?(?:no\s+longer|doesn'?t\s+need\s+to|shouldn'?t)\s+repeat$", re.I),
    re.compile(r"^make\s+(?P<target>.+?)\s+(?:a\s+)?one[-\s]?(?:off|time)(?:\s+task)?$", re.I),
)


def _organizing(line: str) -> Request | None:
    """A task moved to one of the person's lists, tagged, or given steps."""
    match = MOVE_TO_LIST.match(line)
    named = _list_named(match["list"]) if match else None
    if match and named and named.lower() == match["list"].strip().lower().removeprefix("#"):
        return _request_about("move", match["target"], list_name=named)
    if match := TAG_TASK.match(line):
        labels = tuple(dict.fromkeys(found[1] for found in places.TAG.finditer(match["labels"])))
        return _request_about("label", match["target"], labels=labels)
    if match := ADD_STEPS.match(line):
        try:
            _, raw = items.split(match["steps"])
        except items.EmptyItem:
            return None
        steps = tuple(clean_title(step) for step in raw if clean_title(step))
        return _request_about("add_steps", match["target"], steps=steps) if steps else None
    return None


def _change(line: str, today: date) -> Request | None:
    """A change to one task (or several): due date, priority, completion, deletion, title, repeat."""
    if organizing := _organizing(line):
        return organizing
    if match := SKIP.match(line):
        return _request_about("skip", match["target"])
    for pattern in UNREPEAT:
        if match := pattern.match(line):
            return _request_about("unrepeat", match["target"])
    if match := DUE_CLEAR.match(line):
        return Request("reschedule", target=parse_target(match["target"] or match["target2"]), due=None)
    for pattern in DUE_CHANGE:
        if match := pattern.match(line):
            return _reschedule(match["target"], match["when"], today)
    if match := DUE_IS.match(line):
        return _reschedule(match["target"], match["when"], today)
    if match := NO_HURRY.match(line):
        return _request_about("prioritize", match["target"] or match["target2"], priority="low")
    if match := DELETE_AFTER.match(line):
        return Request("delete", target=_named_item(match["target"], today))
    if match := DEPRIORITIZE.match(line):
        return _request_about("prioritize", match["target"] or match["target2"], priority="low")
    for pattern in PRIORITY_CHANGE:
        if match := pattern.match(line):
            return _request_about("prioritize", match["target"], priority=_priority_of(match))
    if match := PRIORITY_IS.match(line):
        return _request_about("prioritize", match["target"], priority=_priority_of(match))
    for pattern in REOPEN:
        if match := pattern.match(line):
            return _request_about("reopen", match["target"])
    for pattern in COMPLETE:
        if (match := pattern.match(line)) and not _dated(match["target"], today):
            # "finish the essay in 3 weeks" is a task to do, not one done
            return _request_about("complete", match["target"])
    if match := DELETE.match(line):
        return Request("delete", target=_named_item(match["target"], today))
    for pattern in RENAME:
        if match := pattern.match(line):
            new_title = clean_title(match["title"])
            if new_title.lower().removesuffix(" priority") in PRIORITY_WORDS:
                priority = PRIORITY_WORDS[new_title.lower().removesuffix(" priority")]
                return _request_about("prioritize", match["target"], priority=priority)
            try:
                as_date = dates.find(match["title"], today)
            except dates.DateNotUnderstood as error:
                return Request("reschedule", target=parse_target(match["target"]), problem=error.message)
            if as_date is not None and not as_date.remove_from(match["title"]).strip():
                return Request("reschedule", target=parse_target(match["target"]), due=as_date.day)
            return _request_about("rename", match["target"], title=new_title or None)
    return None


def _small_talk(line: str) -> Request | None:
    for pattern, action in (
        (HELP, "help"),
        (THANKS, "thanks"),
        (UNDO, "undo"),
        (WHAT_CHANGED, "changes"),
        (CONFIRM, "confirm"),
        (CANCEL, "cancel"),
    ):
        if pattern.match(line):
            return Request(action)  # type: ignore[arg-type]
    if match := CHOOSE_NUMBER.match(line):
        count = int(match["n"])
        return Request("choose", target=Target(number=count, index=count - 1 if match["by_position"] else None))
    if match := CHOOSE_ORDINAL.match(line):
        return Request("choose", target=Target(index=ORDINALS[match["ord"].lower()]))
    return None


_NOW: ContextVar[datetime | None] = ContextVar("now", default=None)
_LISTS: ContextVar[tuple[str, ...]] = ContextVar("lists", default=())
"""The names of the person's lists, while their words are read (``read_task``)."""
"""The person's local time while a message is read ("at 5pm" is today until 5pm; "in 2 hours")."""


def parse(message: str, today: date, *, now: datetime | None = None, lists: tuple[str, ...] = ()) -> Request:
    """The one request of a chat message; ``Request("unknown")`` when it is not about tasks.

    ``now`` is the person's local time (noon on ``today`` when not given);
    ``lists``: the names of their lists ("add milk to groceries"). A message
    that means nothing as typed is read once more with its typos corrected
    ("delte the gym task").
    """
    token, named = _NOW.set(now), _LISTS.set(lists)
    try:
        return _parse_message(message, today)
    finally:
        _NOW.reset(token)
        _LISTS.reset(named)


def _parse_message(message: str, today: date) -> Request:
    cleaned = text.clean(message)
    request, guessed = _parse(cleaned, today)
    if (request.action == "unknown" or guessed) and (corrected := text.correct_typos(cleaned.text)) != cleaned.text:
        second, second_guessed = _parse(replace(cleaned, text=corrected), today)
        if second.action != "unknown" and not second_guessed:
            return second
    return request


def _parse(cleaned: text.Cleaned, today: date) -> tuple[Request, bool]:
    """The request, and whether it was only guessed (past tense, "X done", a quick add): a typo may explain it."""
    if (request := _read(cleaned, today)) is not None:
        return request, False
    return _guess(cleaned, today), True


def _read(cleaned: text.Cleaned, today: date) -> Request | None:
    """The request a phrase of the table reads in the message, or None to leave it to a guess."""
    line = cleaned.text
    if not line:
        return Request("greet" if cleaned.greeted else "thanks" if cleaned.thanked else "unknown")
    if "\n" in line:
        first, rest = line.split("\n", 1)
        if match := ADD.match(first) or REMEMBER.match(first) or LABELLED.match(first):
            head = (match.groupdict().get("rest") or match.groupdict().get("title") or "").rstrip(":").strip()
            added = _add(rest if not head or ADD_NOUN.fullmatch(head) else f"{head}\n{rest}", today)
            return replace(added, explicit=True)
        return _add(line, today)
    if GREETING_ONLY.match(line):
        return Request("greet")
    if NEVER_MIND_ALONE.match(line):
        return Request("never_mind")
    if small := _small_talk(line):
        return small
    if OFF_TOPIC.match(line):
        return Request("unknown", problem=DECLINE)
    if REOPEN_IT.match(line):
        return Request("reopen", target=Target(reference="it"))
    if match := CORRECTION.match(line):
        return _correction(match["rest"] or match["rest2"] or match["rest3"], today)
    if match := MAKE_LIST.match(line):
        return _new_list(match["name"] or match["kind"])
    if COUNT.match(line):
        question = _list_request(line, today)
        status = question.query.status if question else "pending"
        return Request("count", query=Query(status=status if status != "all" else "pending"))
    if NEXT.match(line):
        return Request("next")
    if match := REMEMBER.match(line) or LABELLED.match(line):
        return replace(_add(match["title"], today), explicit=True)
    for pattern in (NO_LONGER, NEVER_MIND):
        if match := pattern.match(line):
            return _request_about("delete", match["target"])
    if match := TAGGED_QUESTION.match(line):
        return Request("list", query=Query(status="pending", label=match["label"]))
    if LEFT_ON.match(line) or ABOUT.match(line) or (WHEN_DUE.match(line) and not _list_request(line, today)):
        return _question(line, today)
    if listing := _list_request(line, today):
        return listing
    if QUESTION_START.match(line):  # a question is answered or not understood, never added
        return _question(line, today)
    if change := _change(line, today):
        return change
    if match := ADD.match(line):
        return replace(_add(match["rest"], today), explicit=True)
    if cleaned.asked:  # "the report?": not an explicit add or change, so never a guessed one
        return _question(line, today)
    if match := WISH.match(line):
        wished = _change(match["rest"], today) or _list_request(match["rest"], today)
        return wished or replace(_add(match["rest"], today), explicit=True)  # "I need to …" says it is a task
    if match := STATUS_QUESTION.match(line):  # "is the report done?": answered with the task, never a change
        return Request("list", query=Query(search=_without_filter_words(match["subject"] or match["subject2"]) or None))
    if items.HEADER.match(line):  # "three things: call mom, pay rent and buy milk"
        return replace(_add(line, today), explicit=True)
    return None


def _guess(cleaned: text.Cleaned, today: date) -> Request:
    """What a message that no phrase reads probably means: "I paid the rent", "laundry done", a quick add, a
    bare task ("buy bread") or a bare list ("milk, eggs, bread")."""
    line = cleaned.text
    if match := PAST_DONE.match(line) or DONE_SUFFIX.match(line):
        return _request_about("complete", match["target"])
    added = _quick_add(line, today) or _bare(line, today)
    if added is None and cleaned.continued and "\n" not in line and not QUESTION_START.match(line):
        added = _add(line, today)  # "oh and repot the basil": one more
    return added or Request("unknown")


BARE_MOST_WORDS: Final = 8
BARE_ITEM_WORDS: Final = 4


def _bare(line: str, today: date) -> Request | None:
    """A short thing to do with no verb of ours: an add. A list of short items, or one starting with a to-do
    verb ("buy bread", "call the bank and email the landlord"); never words of a question."""
    if QUESTION_START.match(line) or JUNK_TITLE.match(line.strip()):
        return None
    try:
        _, raw_items = items.split(line)
    except items.EmptyItem:
        return None
    if len(raw_items) > 1:
        if all(len(item.split()) <= BARE_ITEM_WORDS or TODO_VERB.match(item) for item in raw_items):
            return _add(line, today)
        return None
    parts = AND_THEN_VERB.split(line)
    if TODO_VERB.match(line) and all(len(part.split()) <= BARE_MOST_WORDS for part in parts):
        return _add(line, today)
    return None


DUE_WORD_ONLY: Final = re.compile(r"^what(?:'s| is| are)\s+(?:due|left|pending|open|outstanding|on)$", re.I)
DAY_QUESTION: Final = re.compile(
    r"(?:do i have|have i got|is there|are there|what(?:'s| is| have i got| do i have)|anything|any tasks|got)"
    r"(?:\s+(?:anything|any tasks|something|stuff|much|planned|due|on))*",
    re.I,
)
DECLINE: Final = (
    "I can only help with your tasks, so I did nothing with that. I can add, list, complete, change and "
    "delete tasks, for example “add call the plumber tomorrow” or “what's due today?”."
)
NEVER_MIND_ALONE: Final = re.compile(r"^(?:never ?mind|forget (?:it|that|about it)|scratch that|ignore that)$", re.I)


def _question(line: str, today: date) -> Request:
    """A question: the tasks it asks about ("when is the report due", "anything about the car"), or "unknown"."""
    asked = QUESTION_LEAD.sub("", line, count=1)
    if asked != line and (listing := _list_request(asked, today)):
        return listing
    if asked != line and QUESTION_START.match(asked):  # "I want to know what's due"
        return _question(asked, today)
    if DUE_WORD_ONLY.match(asked):
        return Request("list", query=Query(status="pending", order="due"))
    if _dated(asked, today) and (on_day := dates.find(asked, today)) and on_day.day is not None:
        rest = on_day.remove_from(asked).strip(" ,.")
        if DAY_QUESTION.fullmatch(rest):  # "do I have anything on friday", "what's on sat"
            return Request("list", query=Query(status="pending", due_on=on_day.day, order="due"))
    for pattern in (STATUS_QUESTION, IS_STATE, LEFT_ON, ABOUT, WHEN_DUE, DID_I):
        if match := pattern.match(asked):
            subject = next(value for name, value in match.groupdict().items() if name.startswith("subject") and value)
            search = _without_filter_words(re.sub(ON_MY_LIST, "", subject, flags=re.IGNORECASE))
            status: Literal["all", "pending", "completed"] = "pending" if pattern is LEFT_ON else "all"
            if search and not JUNK_TITLE.match(search):
                return Request("list", query=Query(status=status, search=search))
    if asked != line and (subject := TARGET_LEAD.sub("", asked).strip(" '\"?")) and not JUNK_TITLE.match(subject):
        # "show me my meetings": the tasks with those words
        search = _without_filter_words(re.sub(ON_MY_LIST, "", subject, flags=re.IGNORECASE))
        if search and not JUNK_TITLE.match(search):
            return Request("list", query=Query(search=search))
    return Request("unknown")


def _correction(rest: str, today: date) -> Request:
    """ "make it friday", "I meant thursday", "make that high priority": a change to what was just touched."""
    it = Target(reference="it")
    rest = rest.strip(" ,.")
    if rest.lower().removesuffix(" priority") in PRIORITY_WORDS:
        return Request("prioritize", target=it, priority=PRIORITY_WORDS[rest.lower().removesuffix(" priority")])
    if rest.lower() in {"no date", "no due date", "undated", "whenever", "someday"}:
        return Request("reschedule", target=it, due=None)
    try:
        found = dates.find(rest, today)
    except dates.DateNotUnderstood as error:
        return Request("reschedule", target=it, problem=error.message)
    if found is not None and found.remove_from(rest).strip(" ,.").lower() not in {"", "the", "a", "due", "for", "on"}:
        found = None
    if found is not None:
        return Request("reschedule", target=it, due=found.day)
    if (named := _list_named(rest)) and named.lower() == rest.lower().removeprefix("in ").removeprefix("#"):
        return Request("move", target=it, list_name=named)
    quoted = QUOTES.match(rest)
    title = quoted["inner"].strip() if quoted else clean_title(rest)
    if not title or JUNK_TITLE.match(title):
        return Request("rename", target=it, problem="What should I change it to? Say the new title, day or priority.")
    return Request("rename", target=it, title=title)


def _new_list(name: str | None) -> Request:
    """ "make a shopping list" → a list "Shopping"; "create a new list" → asks for its name."""
    if name and name.lower() not in {"new", "to-do", "todo", "task", "another", "second", "other"}:
        cleaned = clean_title(re.sub(r"\s+list$", "", name.strip(" '\""), flags=re.I))
        if cleaned:
            return Request("add_list", list_name=cleaned)
    return Request("add_list")


def _quick_add(line: str, today: date) -> Request | None:
    """Words with a due date or a priority marker and no question: a task, as a quick-add box reads it."""
    if line.endswith("?") or re.match(r"^(?:what|why|how|who|where|when|is|are|do|does|can|should)\b", line, re.I):
        return None
    try:
        has_date = dates.find(line, today) is not None
    except dates.DateNotUnderstood as error:
        return Request("add", problem=error.message + " I added nothing.")
    when = times.find_time(line) is not None or times.find_repeat(line) is not None
    if has_date or when or priorities.find(line) is not None:
        request = _add(line, today)
        return request if request.tasks or request.problem else None
    return None
