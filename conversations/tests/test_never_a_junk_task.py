"""A property of the assistant: a question, or a message about a task the person has, never adds a task.

1,000 messages, generated from forms people use (questions about a task, about a day, searches, references
that defer, drop, finish or change a task) over random lists of tasks, each sent through the real chat
service in a conversation of its own. Whatever each one does (answer, ask which, change the task it names,
or not understand), ``add_task`` is never called. The seed is fixed, so a failure names the message.
"""

import random
from datetime import UTC, date, datetime, time

import pytest

from conftest import SETUP_ACTOR
from conversations import services
from tasks import services as task_services
from tasks.models import Task

TODAY = date(2026, 12, 1)
LISTS = 10
MESSAGES_PER_LIST = 100

TITLES = [
    ("Buy oat milk", "milk"),
    ("Call the bank", "bank"),
    ("Water the ferns", "ferns"),
    ("Book flights to Lisbon", "flights"),
    ("Pay the gas bill", "gas bill"),
    ("Fix the bike", "bike"),
    ("Email Sam about the lease", "lease"),
    ("Renew the passport", "passport"),
    ("Team meeting notes", "meeting"),
    ("Clean the oven", "oven"),
    ("Dentist appointment", "dentist"),
    ("Service the car", "car"),
    ("Plan the trip", "trip"),
    ("Send the invoice", "invoice"),
    ("Return the library books", "library books"),
    ("Buy a birthday present for Mum", "present"),
    ("Write the quarterly report", "report"),
    ("Cancel the gym membership", "gym"),
    ("Order printer ink", "ink"),
    ("Tidy the garage", "garage"),
]
DAYS = ["friday", "tomorrow", "today", "monday", "the weekend", "next week", "thursday", "sat", "tmrw", "wensday"]

QUESTIONS = [
    "when is the {noun} due",
    "wen is the {noun} due?",
    "when's {title} due",
    "what day is the {noun}",
    "is the {noun} done?",
    "is {title} done",
    "is the {noun} finished yet",
    "did i {lower} yet",
    "have I done the {noun}",
    "anything about the {noun}?",
    "anything about {noun}",
    "is there anything about the {noun}",
    "got anything on the {noun}",
    "what's left on the {noun}",
    "what's remaining for the {noun}?",
    "show me the {noun}",
    "show me my {noun} stuff",
    "tell me about the {noun}",
    "i want to know when the {noun} is due",
    "can you tell me if {title} is done",
    "what about the {noun}?",
    "wat about the {noun}",
    "{title}?",
    "the {noun}?",
    "{noun}??",
    "do I have anything on {day}",
    "what do I have {day}",
    "wat's due {day}",
    "anything for {day}?",
    "what's on {day}",
    "is there anything due {day}?",
    "which one is the {noun}",
    "where's the {noun} task",
    "how many tasks about the {noun}",
    "any {noun} tasks?",
    "what did I do with the {noun}",
    "do i still need to {lower}?",
    "should I {lower} today?",
    "why is the {noun} overdue",
    "who's doing the {noun}",
]
REFERENCES = [
    "no hurry on the {noun}",
    "there's no rush for the {noun}",
    "the {noun} can wait",
    "the {noun} isn't urgent",
    "the {noun} one can go",
    "the {noun} can be deleted",
    "{title} isn't needed anymore",
    "the {noun} is cancelled",
    "bin the {noun}",
    "forget the {noun}",
    "the {noun} is done",
    "{noun} done",
    "finished the {noun}",
    "i did the {noun}",
    "make the {noun} high priority",
    "move the {noun} to {day}",
    "mark the {noun} done",
    "the {noun} isn't done yet",
    "reopen the {noun}",
    "delete the {noun}",
    "remove the {noun} from my list",
    "cancel the {noun} on {day}",
    "never mind the {noun}",
    "{lower}",
    "{title}",
]


def _message(rng: random.Random, titles: list[tuple[str, str]]) -> str:
    title, noun = rng.choice(titles)
    form = rng.choice(QUESTIONS if rng.random() < 0.6 else REFERENCES)
    return form.format(title=title, noun=noun, lower=title.lower(), day=rng.choice(DAYS))


def _keep(person, titles: list[tuple[str, str]]) -> None:
    """The list as it was: a task a reference deleted or finished is put back open, so every message is about a
    task the person has (bare words naming one must not add a copy)."""
    open_titles = set(Task.objects.for_user(person).filter(completed=False).values_list("title", flat=True))
    for title, _ in titles:
        if title not in open_titles:
            Task.objects.for_user(person).filter(title=title).delete()
            task_services.add_task(person, actor=SETUP_ACTOR, title=title)


@pytest.fixture
def frozen_today(monkeypatch):
    noon = datetime.combine(TODAY, time(12), tzinfo=UTC)
    monkeypatch.setattr("conversations.agents.rules.local_now", lambda user: noon)
    monkeypatch.setattr("tasks.services.local_today", lambda user: TODAY)


@pytest.mark.django_db
def test_a_thousand_questions_and_references_over_random_lists_add_no_task(make_user, frozen_today):
    rng = random.Random(22)  # noqa: S311 (generated messages, not secrets)
    sent = 0
    for number in range(LISTS):
        person = make_user(f"person{number}")
        titles = rng.sample(TITLES, rng.randint(3, 12))
        for title, _ in titles:
            task_services.add_task(person, actor=SETUP_ACTOR, title=title, due_date=rng.choice([None, TODAY]))
        for _ in range(MESSAGES_PER_LIST):
            message = _message(rng, titles)
            reply = services.send_message(person, message=message)
            added = [call for call in reply.tool_calls if call["name"] == "add_task"]
            assert added == [], f"{message!r} added {added[0]['arguments']} — {reply.response}"
            sent += 1
            _keep(person, titles)
    assert sent == LISTS * MESSAGES_PER_LIST == 1000
