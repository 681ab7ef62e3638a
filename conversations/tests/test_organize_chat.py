"""The assistant and lists, labels and steps: in people's words, through the same tools, truthfully."""

import pytest

from conftest import SETUP_ACTOR
from conversations import services as chat
from tasks import organize
from tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def say(user):
    """One turn at a time of the person's one conversation."""
    conversation: list[int] = []

    def turn(message: str) -> str:
        reply = chat.send_message(user, message=message, conversation_id=conversation[0] if conversation else None)
        conversation[:] = [reply.conversation_id]
        return reply.response

    return turn


@pytest.fixture
def lists(user):
    organize.create_list(user, actor=SETUP_ACTOR, name="Groceries")
    organize.create_list(user, actor=SETUP_ACTOR, name="Home")
    organize.create_list(user, actor=SETUP_ACTOR, name="Work")


def test_adding_into_a_list_and_showing_a_list(say, lists):
    reply = say("add milk to groceries")
    assert "“Milk”" in reply and "in Groceries" in reply, reply
    assert Task.objects.get(title="Milk").list.name == "Groceries"
    say("add call the plumber tomorrow in home")
    assert Task.objects.get(title="Call the plumber").list.name == "Home"
    say("add write the report #focus")
    assert Task.objects.get(title="Write the report").labels == ["focus"]
    shown = say("show my groceries list")
    assert "Milk" in shown and "plumber" not in shown and "in Groceries" in shown
    assert "Write the report" in say("what's tagged #focus")
    assert "no tasks in Work" in say("show my work list")
    assert not Task.objects.filter(title__icontains="list").exists()  # a question never becomes a task


def test_moving_tagging_and_steps_act_on_the_task_named_or_just_touched(say, user, lists, make_task):
    make_task(user, "Book the venue")
    reply = say("move the venue to work")
    assert "Moved" in reply and Task.objects.get().list.name == "Work"
    assert "Tagged" in say("tag it #urgent")
    assert Task.objects.get().labels == ["urgent"]
    reply = say("add steps to the venue: call three places, compare prices and book one")
    assert "Added 3 steps" in reply
    assert [step["title"] for step in Task.objects.get().steps] == ["Call three places", "Compare prices", "Book one"]
    assert "ticked its 3 open steps" in say("mark the venue done")
    assert "Moved" in say("move the venue to inbox")
    assert Task.objects.get().list_id is None
    assert Task.objects.count() == 1  # nothing was added along the way


def test_moving_to_a_day_is_still_a_reschedule_and_an_unknown_list_adds_nothing(say, user, lists, make_task):
    make_task(user, "Dentist")
    say("move the dentist to friday")
    task = Task.objects.get()
    assert task.due_date is not None and task.list_id is None
    say("add milk to the garden")  # no list of that name: words of the title
    assert Task.objects.filter(title="Milk to the garden", list=None).exists()


def test_another_persons_lists_and_labels_mean_nothing_to_the_assistant(say, user, other_user, make_task):
    theirs = organize.create_list(other_user, actor=SETUP_ACTOR, name="Secret")
    make_task(other_user, "Hidden plan", list_id=theirs.pk, labels=["covert"])
    make_task(user, "Mine")
    say("move mine to secret")  # no list of theirs by that name: not a move
    assert Task.objects.get(title="Mine").list_id is None
    assert "Hidden plan" not in say("what's tagged #covert")
    assert "Hidden plan" not in say("show my secret list")
    say("add spy on them to secret")
    assert Task.objects.get(title="Spy on them to secret").user == user  # words of a title, in their own Inbox
    assert Task.objects.get(title="Hidden plan").list_id == theirs.pk


@pytest.mark.parametrize(
    ("words", "title", "labels", "list_name"),
    [
        ("fix bug #42 #backend", "Fix bug #42", ("backend",), None),  # a number is no label
        ("#errands buy stamps #post-office", "Buy stamps", ("errands", "post-office"), None),
        ("pay rent fri #home !high", "Pay rent", (), "Home"),  # a #word that is a list of theirs
        ("buy milk in groceries tomorrow", "Buy milk", (), "Groceries"),
        ("plant roses in the garden", "Plant roses in the garden", (), None),  # no such list: words
        ("meet in 2 hours", "Meet", (), None),
    ],
)
def test_the_add_box_reads_labels_and_lists_only_the_person_has(words, title, labels, list_name):
    from datetime import UTC, date, datetime

    from conversations.understanding.parse import read_task

    now = datetime(2026, 12, 3, 10, tzinfo=UTC)
    read = read_task(words, date(2026, 12, 3), now=now, lists=("Groceries", "Home"))
    assert (read.title, read.labels, read.list_name) == (title, labels, list_name)
