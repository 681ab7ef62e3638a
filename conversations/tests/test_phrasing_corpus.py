"""How people actually type, message by message: what the offline assistant must do with each.

Every row goes through the real chat service and the real task tools on a
fresh list, "today" frozen on Tuesday 1 December 2026 (the person's today).
A row says what the message must write (the tool calls that change tasks, in
order), or what it must read (the listing's filters), or that it must change
nothing. Rows with earlier messages test follow-ups ("the second one", "yes").
"""

import pytest

from conversations import services
from tasks.models import Task

from .corpus import NOTHING, add, chat, complete, day, delete, expected_calls, update, writes

ADDS = [
    # Plain adds, and the everyday ways of saying them.
    ("Add a task to buy groceries", [add("Buy groceries")]),
    ("add buy bread", [add("Buy bread")]),
    ("Create a new task: call the dentist", [add("Call the dentist")]),
    ("new task: water plants", [add("Water plants")]),
    ('Please add a task called "Renew passport"', [add("Renew passport")]),
    ("Can you add pay the phone bill for me?", [add("Pay the phone bill")]),
    ("remind me to call mom", [add("Call mom")]),
    ("Don't let me forget to feed the cat", [add("Feed the cat")]),
    ("note to self: buy printer ink", [add("Buy printer ink")]),
    ("todo: fix the bike", [add("Fix the bike")]),
    ("I need to book flights", [add("Book flights")]),
    ("put buy stamps on my list", [add("Buy stamps")]),
    ("add iPhone charger to my list", [add("iPhone charger")]),
    ("add research and write the essay", [add("Research and write the essay")]),
    ("add buy oat milk and honey", [add("Buy oat milk and honey")]),
    # Dates leave the title.
    ("call the plumber next Tuesday", [add("Call the plumber", due_date=day(12, 8))]),
    ("add call the plumber next Tuesday", [add("Call the plumber", due_date=day(12, 8))]),
    ("remind me to take out the trash tomorrow", [add("Take out the trash", due_date=day(12, 2))]),
    ("add water the plants today", [add("Water the plants", due_date=day(12, 1))]),
    ("add call grandma tonight", [add("Call grandma", due_date=day(12, 1), due_time="20:00")]),
    ("add dentist appointment on Thursday", [add("Dentist appointment", due_date=day(12, 3))]),
    ("add submit the form by Friday", [add("Submit the form", due_date=day(12, 4))]),
    ("add clean the garage this weekend", [add("Clean the garage", due_date=day(12, 5))]),
    ("add plan the trip next week", [add("Plan the trip", due_date=day(12, 7))]),
    ("add renew the lease in 3 days", [add("Renew the lease", due_date=day(12, 4))]),
    ("add book the venue in two weeks", [add("Book the venue", due_date=day(12, 15))]),
    ("add pay the invoice by the end of the month", [add("Pay the invoice", due_date=day(12, 31))]),
    ("add buy a gift by Dec 5", [add("Buy a gift", due_date=day(12, 5))]),
    ("add send cards 20 December", [add("Send cards", due_date=day(12, 20))]),
    ("add file taxes on 2027-04-15", [add("File taxes", due_date=day(4, 15, 2027))]),
    ("add renew passport jan 10", [add("Renew passport", due_date=day(1, 10, 2027))]),
    ("add visit mum on the 24th of December", [add("Visit mum", due_date=day(12, 24))]),
    ("add start the diet next Monday", [add("Start the diet", due_date=day(12, 7))]),
    ("add review the budget the day after tomorrow", [add("Review the budget", due_date=day(12, 3))]),
    ("add check the boiler in a month", [add("Check the boiler", due_date=day(1, 1, 2027))]),
    ("add finish the slides by the end of the week", [add("Finish the slides", due_date=day(12, 4))]),
    ("add call the bank at 5pm tomorrow", [add("Call the bank", due_date=day(12, 2), due_time="17:00")]),
    ("add pick up the parcel tmrw", [add("Pick up the parcel", due_date=day(12, 2))]),
    # Priorities leave the title.
    ("Important: call the insurer", [add("Call the insurer", priority="high")]),
    ("urgent call the landlord", [add("Call the landlord", priority="high")]),
    ("add fix the leak asap", [add("Fix the leak", priority="high")]),
    ("add a high priority task to file the claim", [add("File the claim", priority="high")]),
    ("add finish report, high priority", [add("Finish report", priority="high")]),
    ("add finish the quote (urgent)", [add("Finish the quote", priority="high")]),
    ("add call the vet!!", [add("Call the vet", priority="high")]),
    ("add sort the photos whenever", [add("Sort the photos", priority="low")]),
    ("add a low priority task to tidy the shed", [add("Tidy the shed", priority="low")]),
    ("add read the important email", [add("Read the important email")]),
    ("add fix the urgent bug report", [add("Fix the urgent bug report")]),
    ("important: send the contract tomorrow", [add("Send the contract", priority="high", due_date=day(12, 2))]),
    ("pay the gas bill by Friday asap", [add("Pay the gas bill", priority="high", due_date=day(12, 4))]),
    # Several tasks in one message.
    ("add eggs, flour and butter", [add("Eggs"), add("Flour"), add("Butter")]),
    ("add eggs, flour, and butter", [add("Eggs"), add("Flour"), add("Butter")]),
    ("add apples; pears; plums", [add("Apples"), add("Pears"), add("Plums")]),
    ("three things: call mom, pay rent and buy socks", [add("Call mom"), add("Pay rent"), add("Buy socks")]),
    ("add two things: wash the car and mow the lawn", [add("Wash the car"), add("Mow the lawn")]),
    ("add:\n- eggs\n- flour\n- sugar", [add("Eggs"), add("Flour"), add("Sugar")]),
    ("Shopping:\n* bread\n* cheese", [add("Bread"), add("Cheese")]),
    ("add tea\nadd coffee", [add("Tea"), add("Add coffee")]),
    ("1. book hotel\n2. rent a car", [add("Book hotel"), add("Rent a car")]),
    (
        "add call the bank tomorrow, pay rent on Friday and buy stamps",
        [add("Call the bank", due_date=day(12, 2)), add("Pay rent", due_date=day(12, 4)), add("Buy stamps")],
    ),
    ("add soap, shampoo, all urgent", [add("Soap", priority="high"), add("Shampoo", priority="high")]),
    # Noise around the request never becomes task text.
    ("hi! could you add buy milk please? thanks 🙏", [add("Buy milk")]),
    ("Hey there, please add walk the dog 🐶", [add("Walk the dog")]),
    ("ok so add book a table for two, thanks!", [add("Book a table for two")]),
    ("ADD A TASK TO CALL THE VET", [add("CALL THE VET")]),
    ("add “Call mom tonight” to my to-do list", [add("Call mom tonight")]),  # quoted: taken as written
    # A typo in the verb.
    ("ad buy stamps", NOTHING),
    ("addd buy stamps", [add("Buy stamps")]),
    ("creat a task to buy stamps", [add("Buy stamps")]),
]

QUESTIONS = [
    ("Show me all my tasks", {"status": "all"}),
    ("list my tasks", {"status": "all"}),
    ("What's pending?", {"status": "pending"}),
    ("what's left to do", {"status": "pending"}),
    ("What have I completed?", {"status": "completed"}),
    ("what did I finish?", {"status": "completed"}),
    ("find tasks about milk", {"status": "all", "search": "milk"}),
    ("search for report", {"status": "all", "search": "report"}),
    ("Do I have anything about the dentist?", {"status": "all", "search": "dentist"}),
    ("what's due today?", {"status": "pending", "due": "today", "order": "due"}),
    ("what do I have today", {"status": "pending", "due": "today", "order": "due"}),
    ("what's due tomorrow?", {"status": "pending", "due": "tomorrow", "order": "due"}),
    ("what's due this week?", {"status": "pending", "due": "week", "order": "due"}),
    ("anything overdue?", {"status": "pending", "due": "overdue", "order": "due"}),
    ("show me overdue tasks", {"status": "pending", "due": "overdue", "order": "due"}),
    ("what am I behind on?", {"status": "pending", "due": "overdue", "order": "due"}),
    ("show me my high priority tasks", {"status": "pending", "priority": "high"}),
    ("list urgent tasks", {"status": "pending", "priority": "high"}),
    ("which tasks are low priority?", {"status": "pending", "priority": "low"}),
    ("show tasks with no due date", {"status": "pending", "due": "none", "order": "due"}),
    (
        "what's on my list for Friday?",
        {"status": "pending", "due_before": day(12, 4), "due_after": day(12, 4), "order": "due"},
    ),
    ("shwo my tasks", {"status": "all"}),
    ("Any tasks left?", {"status": "pending"}),
]

COUNTS_AND_NEXT = [
    ("how many tasks do I have left?", "You have 7 pending tasks."),
    ("how many tasks have I completed?", "You have 1 completed task."),
    ("how many pending?", "You have 7 pending tasks."),
    ("what's next?", "Next up: #5 Pay rent (due Sat 28 Nov (overdue)) — it is due soonest."),
    ("what should I do next", "Next up: #5 Pay rent (due Sat 28 Nov (overdue)) — it is due soonest."),
]

CHANGES = [
    # Completing, by number or by words.
    ("Mark task 1 as complete", [complete(1)]),
    ("mark task 1 done", [complete(1)]),
    ("complete 1", [complete(1)]),
    ("task 1 is done", [complete(1)]),
    ("I finished task 1", [complete(1)]),
    ("check off #1", [complete(1)]),
    ("mark #4 complete", [complete(4)]),
    ("mark task two as complete", [complete(2)]),
    ("I've finished the report", [complete(4)]),
    ("done with the report", [complete(4)]),
    ("tick off call the bank", [complete(2)]),
    ("I paid the rent", [complete(5)]),
    ("I called the bank", [complete(2)]),
    ("the report is finished", [complete(4)]),
    ("Finished: pay rent", [complete(5)]),
    ("compelte the report", [complete(4)]),
    ("mark the reprot done", [complete(4)]),
    ("mrak task 4 done", [complete(4)]),
    # Deleting.
    ("delete task 6", [delete(6)]),
    ("remove task 6", [delete(6)]),
    ("delte the gym task", [delete(3)]),
    ("get rid of #7", [delete(7)]),
    ("I don't need to pay rent anymore", [delete(5)]),
    ("never mind the report", [delete(4)]),
    ("Remove buy eggs from my list", [delete(8)]),
    # Due dates.
    ("move the report to Friday", [update(4, due_date=day(12, 4))]),
    ("postpone the report to next week", [update(4, due_date=day(12, 7))]),
    ("push rent to next Monday", [update(5, due_date=day(12, 7))]),
    ("reschedule task 6 for Thursday", [update(6, due_date=day(12, 3))]),
    ("the report is due tomorrow", [update(4, due_date=day(12, 2))]),
    ("make task 6 due tomorrow", [update(6, due_date=day(12, 2))]),
    ("set the due date of the report to Monday", [update(4, due_date=day(12, 7))]),
    ("change the deadline for task 1 to Dec 10", [update(1, due_date=day(12, 10))]),
    ("no due date for the report", [update(4, due_date=None)]),
    ("remove the due date from task 2", [update(2, due_date=None)]),
    ("change task 6 to tomorrow", [update(6, due_date=day(12, 2))]),
    # Priorities.
    ("make task 6 high priority", [update(6, priority="high")]),
    ("make the report low priority", [update(4, priority="low")]),
    ("set task 1 to high", [update(1, priority="high")]),
    ("change the priority of task 1 to low", [update(1, priority="low")]),
    ("mark task 1 as urgent", [update(1, priority="high")]),
    ("lower the priority of the report", [update(4, priority="low")]),
    ("prioritize the bank", [update(2, priority="high")]),
    ("deprioritize task 4", [update(4, priority="low")]),
    ("the team meeting is urgent", [update(6, priority="high")]),
    # Titles.
    ("Change task 1 to 'Buy oat milk'", [update(1, title="Buy oat milk")]),
    ("rename task 6 to Team sync", [update(6, title="Team sync")]),
    ("rename the report task to Quarterly report", [update(4, title="Quarterly report")]),
    # Reopening.
    ("reopen the gym one", [update(3, completed=False)]),
    ("mark task 3 as not done", [update(3, completed=False)]),
    ("uncheck task 3", [update(3, completed=False)]),
]

FOLLOW_UPS = [
    # After a listing: positions, pronouns, "both", "all of them".
    (["what's pending?"], "mark the second one done", [complete(7)]),
    (["what's pending?"], "delete the first one", [delete(8)]),
    (["what's pending?"], "complete the last one", [complete(1)]),
    (["what's pending?"], "number 3 is done", [complete(6)]),
    (["find tasks about meeting"], "complete both", [complete(7), complete(6)]),
    (["find tasks about meeting"], "delete both of them", [delete(7), delete(6)]),
    (["find tasks about shopping"], "mark all of them done", [complete(8), complete(1)]),
    (["show me my high priority tasks"], "mark it done", [complete(4)]),
    (["add call the plumber"], "make it high priority", [update(9, priority="high")]),
    (["add call the plumber"], "move it to Friday", [update(9, due_date=day(12, 4))]),
    (["add call the plumber"], "actually delete that", [delete(9)]),
    (["complete task 4"], "reopen it", [update(4, completed=False)]),
    # After "which one?".
    (["delete the meeting"], "the second one", [delete(6)]),
    (["delete the meeting"], "task 7", [delete(7)]),
    (["delete the meeting"], "#6", [delete(6)]),
    (["delete the meeting"], "number 1", [delete(7)]),
    # Every match: listed first, done only after a yes.
    (["complete all the shopping tasks"], "yes", [complete(8), complete(1)]),
    (["complete all the shopping tasks"], "no", NOTHING),
    (["complete all the shopping tasks"], "add buy cheese", [add("Buy cheese")]),
    (["delete everything I've finished"], "yes please", [delete(3)]),
    (
        ["make all the meeting tasks high priority"],
        "go ahead",
        [update(7, priority="high"), update(6, priority="high")],
    ),
    # Undo.
    (["add buy cheese"], "undo", [("undo_activity", {})]),
    (["add buy cheese"], "oops, bring it back", [("undo_activity", {})]),
    (["add buy cheese"], "undo that", [("undo_activity", {})]),
]

MUST_NOT_ACT = [
    "complete all the shopping tasks",  # only lists and asks
    "delete everything",
    "delete all my tasks",
    "What's the weather like?",
    "tell me a joke",
    "asdfgh",
    "hi",
    "thanks!",
    "help",
    "yes",
    "no",
    "the third one",  # nothing was shown
    "mark it done",  # nothing to point at
    "delete the task",
    "add",
    "add a task",
    "delete the unicorn task",  # no such task
    "complete task 99",  # no such task
    "add dinner on February 30",  # no such day
    "add milk, , eggs",  # a gap in the list
    "move the report to someday soon",  # not a date
    "add pay the fine on 2020-01-01",  # a day that has passed
    "delete the meeting",  # two match: asks which
    "reopen task 1",  # not completed: says so
    "complete task 3",  # already complete: says so
    "is the report done?",
    "what is this?",
]


@pytest.mark.parametrize(("message", "expected"), ADDS, ids=[row[0][:50] for row in ADDS])
def test_adds(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response
    for _, arguments in expected:
        assert f"“{arguments['title']}”" in reply.response  # the reply names what it added


@pytest.mark.parametrize(("message", "expected"), QUESTIONS, ids=[row[0] for row in QUESTIONS])
def test_questions(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == []
    listing = reply.tool_calls[0]
    assert listing["name"] == "list_tasks"
    assert {"order": "newest", **expected}.items() <= listing["arguments"].items(), listing["arguments"]
    for task in listing["result"]["tasks"]:
        assert f"#{task['number']} {task['title']}" in reply.response


@pytest.mark.parametrize(("message", "expected"), COUNTS_AND_NEXT, ids=[row[0] for row in COUNTS_AND_NEXT])
def test_counts_and_what_is_next(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == []
    assert reply.response == expected


@pytest.mark.parametrize(("message", "expected"), CHANGES, ids=[row[0] for row in CHANGES])
def test_changes(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response


@pytest.mark.parametrize(
    ("before", "message", "expected"), FOLLOW_UPS, ids=[f"{row[0][0]} → {row[1]}" for row in FOLLOW_UPS]
)
def test_follow_ups(user, listed, before, message, expected):
    earlier = chat(user, *before)
    ids = {**listed, **dict(Task.objects.for_user(user).values_list("number", "id"))}  # with what those added
    reply = services.send_message(user, message=message, conversation_id=earlier.conversation_id)
    found = writes(reply)
    if expected and expected[0][0] == "undo_activity":
        assert [name for name, _ in found] == ["undo_activity"], reply.response
        assert reply.response.startswith("Undone."), reply.response
    else:
        assert found == expected_calls(expected, ids), reply.response


@pytest.mark.parametrize("message", MUST_NOT_ACT)
def test_messages_that_must_not_change_anything(user, listed, message):
    before = list(Task.objects.for_user(user).order_by("number").values("title", "completed", "priority", "due_date"))
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    assert (
        list(Task.objects.for_user(user).order_by("number").values("title", "completed", "priority", "due_date"))
        == before
    )
    assert reply.response  # and it always says something
