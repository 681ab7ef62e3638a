"""The rules agent acting on real tasks through the shared task tools."""

import pytest

from conftest import SETUP_ACTOR
from conversations import services
from tasks import services as task_services
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task


@pytest.fixture
def say(user):
    """Send one message in one conversation as ``user``, the way the chat endpoint does."""
    conversation_id = None

    def send(message: str) -> services.ChatReply:
        nonlocal conversation_id
        reply = services.send_message(user, message=message, conversation_id=conversation_id)
        conversation_id = reply.conversation_id
        return reply

    return send


def titles(owner) -> list[str]:
    return sorted(Task.objects.for_user(owner).values_list("title", flat=True))


@pytest.mark.parametrize(
    ("message", "title", "priority"),
    [
        ("Add a task to buy groceries", "Buy groceries", "medium"),
        ("I need to remember to pay bills", "Pay bills", "medium"),
        ("remind me to call mom", "Call mom", "medium"),
        ("Create a new task: call the dentist", "Call the dentist", "medium"),
        ("I have to water the plants", "Water the plants", "medium"),
        ("add a high priority task to file taxes", "File taxes", "high"),
        ("Please add 'Renew passport' to my list, thanks", "Renew passport", "medium"),
    ],
)
def test_adding_creates_the_task_and_confirms_it_by_name(say, user, message, title, priority):
    reply = say(message)
    task = Task.objects.for_user(user).get()
    assert (task.title, task.priority) == (title, priority)
    assert f"“{title}”" in reply.response and f"task {task.number}" in reply.response
    assert reply.tool_calls == [
        {
            "name": "add_task",
            "arguments": {"title": title, **({"priority": priority} if priority != "medium" else {})},
            "result": {"task_id": task.pk, "number": task.number, "status": "created", "title": title},
        }
    ]


def test_a_title_over_the_limit_is_refused_with_the_tools_reason(say, user):
    reply = say("add " + "x" * 250)
    assert not Task.objects.exists()
    assert "title" in reply.response and "200" in reply.response
    assert "error" in reply.tool_calls[0]


@pytest.mark.parametrize(
    ("message", "status", "shown", "hidden"),
    [
        ("Show me all my tasks", "all", ["Buy milk", "Pay bills"], []),
        ("What's pending?", "pending", ["Buy milk"], ["Pay bills"]),
        ("what's left to do", "pending", ["Buy milk"], ["Pay bills"]),
        ("What have I completed?", "completed", ["Pay bills"], ["Buy milk"]),
        ("find tasks about milk", "all", ["Buy milk"], ["Pay bills"]),
    ],
)
def test_listing_shows_the_right_tasks_with_their_numbers(
    say, user, other_user, make_task, message, status, shown, hidden
):
    milk = make_task(user, "Buy milk")
    bills = make_task(user, "Pay bills")
    task_services.complete_task(user, bills.pk, actor=SETUP_ACTOR)
    make_task(other_user, "Secret plan of bob")
    reply = say(message)
    numbers = {"Buy milk": milk.number, "Pay bills": bills.number}
    for title in shown:
        assert f"#{numbers[title]} {title}" in reply.response
    for title in hidden:
        assert title not in reply.response
    assert "Secret" not in reply.response
    assert reply.tool_calls[0]["name"] == "list_tasks"
    assert reply.tool_calls[0]["arguments"]["status"] == status
    assert f"You have {len(shown)} " in reply.response


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Show me all my tasks", "You don't have any tasks yet"),
        ("What's pending?", "Nothing pending"),
        ("What have I completed?", "You haven't completed any tasks yet"),
    ],
)
def test_an_empty_list_is_said_kindly(say, message, expected):
    assert expected in say(message).response


def test_a_long_list_says_how_many_more_there_are(say, user, make_task):
    for number in range(30):
        make_task(user, f"Chore {number}")
    reply = say("list my tasks")
    assert reply.response.startswith("You have 30 tasks:")
    assert "…and 5 more" in reply.response


@pytest.mark.parametrize(
    "template",
    [
        "Mark task {id} as complete",
        "complete task {id}",
        "task {id} is done",
        "I finished task {id}",
        "check off #{id}",
        "mark the groceries task as done",
        "I'm done with the groceries",
        "tick off buy groceries",
        "I bought the groceries",
        "can you mark grocery as finished please",
    ],
)
def test_completing_by_number_or_title_words(say, user, make_task, template):
    task = make_task(user, "Buy groceries")
    make_task(user, "Pay bills")
    reply = say(template.format(id=task.number))
    task.refresh_from_db()
    assert task.completed
    assert not Task.objects.for_user(user).get(title="Pay bills").completed
    assert reply.response == f"Nice work! I marked “Buy groceries” (task {task.number}) as complete."
    assert reply.tool_calls[-1] == {
        "name": "complete_task",
        "arguments": {"task_id": task.pk},
        "result": {"task_id": task.pk, "number": task.number, "status": "completed", "title": "Buy groceries"},
    }


@pytest.mark.parametrize(
    "template",
    [
        "Delete task {id}",
        "Delete the meeting task",
        "remove the meeting",
        "cancel the team meeting",
        "get rid of #{id}",
        "I don't need to have the meeting anymore",
        "remove team meeting from my list",
    ],
)
def test_deleting_by_number_or_title_words(say, user, make_task, template):
    task = make_task(user, "Team meeting")
    make_task(user, "Pay bills")
    reply = say(template.format(id=task.number))
    assert titles(user) == ["Pay bills"]
    assert reply.response == f"Done. I deleted “Team meeting” (task {task.number})."


@pytest.mark.parametrize(
    "template",
    [
        "Change task {id} to 'Call mom tonight'",
        "rename task {id} to Call mom tonight",
        "update task {id} to say call mom tonight",
        "change call mom to call mom tonight",
        "rename 'call mom' to 'Call mom tonight'",
    ],
)
def test_renaming_by_number_or_title(say, user, make_task, template):
    task = make_task(user, "Call mom")
    reply = say(template.format(id=task.number))
    task.refresh_from_db()
    assert task.title == "Call mom tonight"
    assert f"renamed task {task.number}" in reply.response and "“Call mom tonight”" in reply.response


def test_renaming_to_the_same_title_says_nothing_changed(say, user, make_task):
    task = make_task(user, "Call mom")
    reply = say(f"Change task {task.number} to 'Call mom'")
    assert reply.response == f"Task {task.number} is already called “Call mom”; I left it as it was."
    assert Activity.objects.filter(task_id=task.pk).count() == 1  # its creation only


def test_priority_and_reopening(say, user, make_task):
    task = make_task(user, "File taxes", priority="low")
    assert "is now high priority" in say(f"make task {task.number} high priority").response
    task.refresh_from_db()
    assert task.priority == "high"
    say(f"mark task {task.number} as done")
    reply = say(f"mark task {task.number} as not done")
    task.refresh_from_db()
    assert not task.completed
    assert reply.response == f"I reopened “File taxes” (task {task.number}); it's back on your pending list."


def test_several_matches_ask_which_and_change_nothing(say, user, make_task):
    first = make_task(user, "Team meeting")
    second = make_task(user, "Meeting with Bob")
    reply = say("Delete the meeting task")
    assert titles(user) == ["Meeting with Bob", "Team meeting"]
    assert reply.response.startswith("2 tasks match “meeting”. Which one did you mean?")
    assert f"#{first.number} Team meeting" in reply.response and f"#{second.number} Meeting with Bob" in reply.response
    assert [call["name"] for call in reply.tool_calls] == ["list_tasks"]


@pytest.mark.parametrize("answer", ["task {second}", "{second}", "#{second}", "the first one", "the first"])
def test_the_answer_to_which_one_acts_on_the_chosen_task(say, user, make_task, answer):
    make_task(user, "Team meeting")
    second = make_task(user, "Meeting with Bob")  # newest first: listed first
    say("Delete the meeting task")
    reply = say(answer.format(second=second.number))
    assert titles(user) == ["Team meeting"]
    assert reply.response == f"Done. I deleted “Meeting with Bob” (task {second.number})."


def test_an_answer_that_was_not_offered_changes_nothing(say, user, make_task):
    make_task(user, "Team meeting")
    make_task(user, "Meeting with Bob")
    unrelated = make_task(user, "Pay bills")
    say("delete the meeting")
    reply = say(f"task {unrelated.number}")
    assert "wasn't one of the matches" in reply.response
    assert len(titles(user)) == 3


def test_a_number_without_a_question_shows_the_task_and_asks_what_to_do(say, user, make_task):
    task = make_task(user, "Pay bills")
    reply = say(str(task.number))
    assert reply.response == f"• #{task.number} Pay bills\nWhat should I do with it? For example “mark it done”."
    assert [call["name"] for call in reply.tool_calls] == ["list_tasks"]


def test_an_exact_title_wins_over_longer_matches(say, user, make_task):
    make_task(user, "Report")
    make_task(user, "Report for the board")
    say("delete report")
    assert titles(user) == ["Report for the board"]


def test_completing_prefers_the_one_still_pending(say, user, make_task):
    done = make_task(user, "Weekly report")
    task_services.complete_task(user, done.pk, actor=SETUP_ACTOR)
    pending = make_task(user, "Monthly report")
    reply = say("I finished the report")
    pending.refresh_from_db()
    assert pending.completed
    assert "Monthly report" in reply.response


def test_words_in_another_order_or_form_still_find_the_task(say, user, make_task):
    task = make_task(user, "Pay the electricity bills")
    say("paying electricity bill is done")
    task.refresh_from_db()
    assert task.completed


@pytest.mark.parametrize(
    "message",
    [
        "delete task {id}",
        "mark task {id} done",
        "change task {id} to Mine now",
        "delete the secret plan",
        "mark the secret plan done",
    ],
)
def test_another_users_task_is_not_found_and_untouched(say, user, other_user, make_task, message):
    foreign = make_task(other_user, "Secret plan")
    reply = say(message.format(id=foreign.number))
    foreign.refresh_from_db()
    assert (foreign.title, foreign.completed) == ("Secret plan", False)
    assert "couldn't find" in reply.response


def test_a_missing_task_number_is_reported_helpfully(say):
    reply = say("complete task 424242")
    assert reply.response.startswith("I couldn't find task 424242 in your list, so I changed nothing.")
    assert [call["name"] for call in reply.tool_calls] == ["list_tasks"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("What's the weather like?", "I can only help with your tasks"),
        ("tell me a joke", "I can only help with your tasks"),
        ("what does this button do", "Sorry, I didn't understand that"),
        ("hi", "Hi! I can help you keep track of your tasks"),
        ("help", "Mark task 3 done"),
        ("thanks", "You're welcome"),
        ("delete everything", "Shall I go ahead?"),
        ("add a task", "What should I call the new task?"),
        ("delete the task", "Which task should I delete?"),
    ],
)
def test_off_topic_and_unclear_messages_get_guidance_and_change_nothing(say, user, make_task, message, expected):
    make_task(user, "Keep me")
    reply = say(message)
    assert expected in reply.response
    assert titles(user) == ["Keep me"]
    assert all(call["name"] == "list_tasks" for call in reply.tool_calls)


def test_undo_takes_back_the_conversations_last_change(say, user):
    say("add buy milk")
    say("add call the bank")
    reply = say("oops, undo that")
    assert titles(user) == ["Buy milk"]
    assert reply.response == "Undone. I took back my last change: added “Call the bank”."
    assert [call["name"] for call in reply.tool_calls] == ["list_activity", "undo_activity"]
    # The undo is itself a change of this conversation: undoing again brings the task back.
    say("undo")
    assert titles(user) == ["Buy milk", "Call the bank"]


def test_undo_with_nothing_to_undo_changes_nothing(say, user, make_task):
    make_task(user, "Made elsewhere")
    reply = say("undo")
    assert "nothing to undo" in reply.response
    assert titles(user) == ["Made elsewhere"] and reply.tool_calls == []


def test_undo_refuses_to_overwrite_a_later_change(say, user):
    say("add buy milk")
    task = Task.objects.for_user(user).get()
    task_services.update_task(user, task.pk, actor=Actor(Channel.WEB), title="Buy oat milk")
    reply = say("undo")
    assert reply.response.startswith("I couldn't undo that: Task ")
    assert "has changed since" in reply.response
    assert titles(user) == ["Buy oat milk"]


def test_what_did_you_change_lists_this_conversations_changes(say, user, make_task):
    make_task(user, "Not from this chat")
    say("add buy milk")
    say("mark buy milk as done")
    reply = say("what did you change?")
    assert reply.response.splitlines()[:3] == [
        "In this conversation I made 2 changes (newest first):",
        "• Completed “Buy milk”",
        "• Added “Buy milk”",
    ]
    assert "Not from this chat" not in reply.response
