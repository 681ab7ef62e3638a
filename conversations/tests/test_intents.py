"""The rules agent's parser, phrase by phrase: no database, just words → intent."""

import pytest

from conversations.agents.intents import Intent, Target, parse


def by_id(task_id: int) -> Target:
    return Target(task_id=task_id)


def by_words(words: str) -> Target:
    return Target(words=words)


ADD = [
    ("Add a task to buy groceries", "Buy groceries", None),
    ("add buy milk", "Buy milk", None),
    ("Add buy milk to my list", "Buy milk", None),
    ("add 'Call mom tonight' to my to-do list", "Call mom tonight", None),
    ("Create a new task: call the dentist", "Call the dentist", None),
    ("create task call the plumber", "Call the plumber", None),
    ("new task call mom", "Call mom", None),
    ("new task: water plants", "Water plants", None),
    ('Please add a task called "Renew passport"', "Renew passport", None),
    ("Can you add pay rent for me?", "Pay rent", None),
    ("Could you please add a task to book flights", "Book flights", None),
    ("add a high priority task to file taxes", "File taxes", "high"),
    ("Add task 'Call mom tonight' with high priority", "Call mom tonight", "high"),
    ("add finish report, high priority", "Finish report", "high"),
    ("add finish report (urgent)", "Finish report", "high"),
    ("add a low priority task to sort the garage", "Sort the garage", "low"),
    ("Add to my list: buy eggs", "Buy eggs", None),
    ("put buy stamps on my list", "Buy stamps", None),
    ("jot down call grandma", "Call grandma", None),
    ("I need to remember to pay bills", "Pay bills", None),
    ("I need to pay bills", "Pay bills", None),
    ("I have to water the plants", "Water the plants", None),
    ("I've got to call the bank", "Call the bank", None),
    ("I should book a dentist appointment", "Book a dentist appointment", None),
    ("remind me to call mom", "Call mom", None),
    ("Remind me to take out the trash tomorrow", "Take out the trash tomorrow", None),
    ("Please remind me to renew my passport.", "Renew my passport", None),
    ("remember to buy eggs", "Buy eggs", None),
    ("Don't let me forget to feed the cat", "Feed the cat", None),
    ("don\u2019t forget to send the invoice", "Send the invoice", None),
    ("note to self: buy printer ink", "Buy printer ink", None),
    ("todo: fix the bike", "Fix the bike", None),
    ("task: wash the car", "Wash the car", None),
    ("i'd like to add buy shoes", "Buy shoes", None),
    ("ADD A TASK TO CALL THE VET", "CALL THE VET", None),
    ("add a task to go to the gym", "Go to the gym", None),
    ("add iPhone charger to my shopping tasks", "iPhone charger", None),
    ("Add milk and eggs to the shopping list", "Milk and eggs", None),
    ("I need to get the report done", "Get the report done", None),
    ("I want to learn Spanish", "Learn Spanish", None),
]


@pytest.mark.parametrize(("message", "title", "priority"), ADD)
def test_add_phrasings_give_the_title_and_priority(message, title, priority):
    assert parse(message) == Intent("add", title=title, priority=priority)


LIST = [
    ("Show me all my tasks", "all", None),
    ("show my tasks", "all", None),
    ("list tasks", "all", None),
    ("list", "all", None),
    ("tasks", "all", None),
    ("my todo list", "all", None),
    ("What's on my list?", "all", None),
    ("What are my tasks?", "all", None),
    ("How many tasks do I have?", "all", None),
    ("I need to see my tasks", "all", None),
    ("can you show me everything", "all", None),
    ("What's pending?", "pending", None),
    ("What's left?", "pending", None),
    ("what's left to do", "pending", None),
    ("What do I have to do?", "pending", None),
    ("What do I need to do today", "pending", None),
    ("show pending tasks", "pending", None),
    ("what tasks are not done yet", "pending", None),
    ("What have I completed?", "completed", None),
    ("What did I finish?", "completed", None),
    ("show completed tasks", "completed", None),
    ("What's done?", "completed", None),
    ("Show me what I've finished", "completed", None),
    ("find tasks about milk", "all", "milk"),
    ("search for milk", "all", "milk"),
    ("show tasks containing report", "all", "report"),
    ("Do I have anything about the dentist?", "all", "dentist"),
    ("Show me task 5", "all", None),
    ("I'd like to see what's pending", "pending", None),
    ("Could you list everything I still need to do?", "pending", None),
    ("what's on my plate today?", "pending", None),
    ("Any tasks left?", "pending", None),
]


@pytest.mark.parametrize(("message", "status", "search"), LIST)
def test_list_phrasings_give_status_and_search(message, status, search):
    assert parse(message) == Intent("list", status=status, search=search)


ONE_TASK = [
    ("Mark task 3 as complete", "complete", by_id(3)),
    ("mark task 3 done", "complete", by_id(3)),
    ("mark 3 as done", "complete", by_id(3)),
    ("mark #3 complete", "complete", by_id(3)),
    ("Complete task 3", "complete", by_id(3)),
    ("complete 3", "complete", by_id(3)),
    ("finish task 7", "complete", by_id(7)),
    ("task 3 is done", "complete", by_id(3)),
    ("task 3 done", "complete", by_id(3)),
    ("I finished task 3", "complete", by_id(3)),
    ("I did task 4", "complete", by_id(4)),
    ("check off task 5", "complete", by_id(5)),
    ("mark task two as complete", "complete", by_id(2)),
    ("hey, can you please mark task 9 as done?", "complete", by_id(9)),
    ("I've finished the report", "complete", by_words("report")),
    ("done with the groceries", "complete", by_words("groceries")),
    ("I'm done with the laundry", "complete", by_words("laundry")),
    ("tick off buy milk", "complete", by_words("buy milk")),
    ("cross off the dentist task", "complete", by_words("dentist")),
    ("mark the groceries task as done", "complete", by_words("groceries")),
    ("mark buy groceries as complete", "complete", by_words("buy groceries")),
    ("Paying bills is done", "complete", by_words("Paying bills")),
    ("the report is finished", "complete", by_words("report")),
    ("laundry done", "complete", by_words("laundry")),
    ("I bought the groceries", "complete", by_words("groceries")),
    ("I've paid the bills", "complete", by_words("bills")),
    ("I called mom", "complete", by_words("mom")),
    ("Finished: pay rent", "complete", by_words("pay rent")),
    ('Mark "Buy milk" as done', "complete", by_words("Buy milk")),
    ("please complete the task called pay rent", "complete", by_words("pay rent")),
    ("Delete the meeting task", "delete", by_words("meeting")),
    ("delete task 3", "delete", by_id(3)),
    ("remove task 3", "delete", by_id(3)),
    ("Remove buy milk from my list", "delete", by_words("buy milk")),
    ("cancel the dentist appointment", "delete", by_words("dentist appointment")),
    ("get rid of task 2", "delete", by_id(2)),
    ("drop #4", "delete", by_id(4)),
    ("forget about the gym", "delete", by_words("gym")),
    ("I don't need to buy milk anymore", "delete", by_words("buy milk")),
    ("never mind the party", "delete", by_words("party")),
    ("remove bread from the grocery list", "delete", by_words("bread")),
    ("Cancel my dentist appointment", "delete", by_words("dentist appointment")),
    ("I want to delete task 3", "delete", by_id(3)),
    ("reopen task 3", "reopen", by_id(3)),
    ("mark task 3 as not done", "reopen", by_id(3)),
    ("mark task 3 as incomplete", "reopen", by_id(3)),
    ("uncheck task 4", "reopen", by_id(4)),
    ("the report isn't done yet", "reopen", by_words("report")),
]


@pytest.mark.parametrize(("message", "action", "target"), ONE_TASK)
def test_phrasings_about_one_task_find_it_by_number_or_words(message, action, target):
    assert parse(message) == Intent(action, target=target)


CHANGES = [
    ("Change task 1 to 'Call mom tonight'", Intent("rename", target=by_id(1), title="Call mom tonight")),
    ("Change task 1 to “Call mom tonight”", Intent("rename", target=by_id(1), title="Call mom tonight")),
    ("rename task 1 to Call mom tonight", Intent("rename", target=by_id(1), title="Call mom tonight")),
    ("update task 2 to say buy oat milk", Intent("rename", target=by_id(2), title="Buy oat milk")),
    ("change the title of task 4 to Walk the dog", Intent("rename", target=by_id(4), title="Walk the dog")),
    ("set task 5 title to Email Sarah", Intent("rename", target=by_id(5), title="Email Sarah")),
    ("edit task 2: buy bread", Intent("rename", target=by_id(2), title="Buy bread")),
    ("Update task 4 title: Pick up dry cleaning", Intent("rename", target=by_id(4), title="Pick up dry cleaning")),
    (
        "Rename the report task to Quarterly report",
        Intent("rename", target=by_words("report"), title="Quarterly report"),
    ),
    ("change task 6 to go to the store", Intent("rename", target=by_id(6), title="Go to the store")),
    ("change buy milk to buy oat milk", Intent("rename", target=by_words("buy milk"), title="Buy oat milk")),
    ('rename "go to gym" to "go to the pool"', Intent("rename", target=by_words("go to gym"), title="Go to the pool")),
    ("make task 3 high priority", Intent("prioritize", target=by_id(3), priority="high")),
    ("set task 3 to high priority", Intent("prioritize", target=by_id(3), priority="high")),
    ("set task 3 to high", Intent("prioritize", target=by_id(3), priority="high")),
    ("change the priority of task 3 to low", Intent("prioritize", target=by_id(3), priority="low")),
    ("mark task 3 as urgent", Intent("prioritize", target=by_id(3), priority="high")),
    ("prioritize the report", Intent("prioritize", target=by_words("report"), priority="high")),
    ("deprioritize task 8", Intent("prioritize", target=by_id(8), priority="low")),
]


@pytest.mark.parametrize(("message", "intent"), CHANGES)
def test_rename_and_priority_phrasings(message, intent):
    assert parse(message) == intent


OTHER = [
    ("hi", Intent("greet")),
    ("Hello there!", Intent("greet")),
    ("help", Intent("help")),
    ("what can you do?", Intent("help")),
    ("thanks!", Intent("thanks")),
    ("3", Intent("choose", choice_id=3)),
    ("task 12", Intent("choose", choice_id=12)),
    ("#3", Intent("choose", choice_id=3)),
    ("the second one", Intent("choose", choice_index=1)),
    ("the first", Intent("choose", choice_index=0)),
    ("last one", Intent("choose", choice_index=-1)),
    ("delete all my tasks", Intent("bulk", title="delete")),
    ("complete everything", Intent("bulk", title="complete")),
    ("What's the weather like?", Intent("unknown")),
    ("tell me a joke", Intent("unknown")),
    ("asdfgh", Intent("unknown")),
    ("", Intent("unknown")),
    ("   ?!.  ", Intent("unknown")),
    ("add", Intent("unknown")),
    ("add a task", Intent("add", title=None)),
    ("delete", Intent("unknown")),
    ("delete the task", Intent("delete", target=None)),
]


@pytest.mark.parametrize(("message", "intent"), OTHER)
def test_greetings_follow_ups_bulk_and_off_topic(message, intent):
    assert parse(message) == intent


@pytest.mark.parametrize(
    "message",
    [
        "x" * 4000,
        "add " + "y" * 3996,
        "delete " + "the " * 900,
        "'" * 4000,
        "mark " + "task " * 700 + "done",
        "\x00\ud7ff\U0001f600 add 🎉",
    ],
)
def test_long_and_odd_messages_parse_quickly_without_error(message):
    parse(message)
