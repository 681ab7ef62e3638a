"""The assistant understands people the first time, kind by kind (issue 22), through the real chat service and tools.

The same list and frozen Tuesday 1 December 2026 as ``test_phrasing_corpus``:
1 Buy milk · 2 Call the bank (today) · 3 Go to the gym (done) · 4 Write the report (high, tomorrow) ·
5 Pay rent (overdue) · 6 Team meeting · 7 Meeting with Bob (low) · 8 Buy eggs.

Each family is written around a kind of language, in words of its own; every row checks the exact writes
(or that there are none) and that the reply says truthfully what happened.
"""

import re

import pytest

from conversations import services
from tasks.models import Task, TaskList

from .corpus import NOTHING, add, chat, complete, day, delete, expected_calls, update, writes


def _ids(user, listed):
    return {**listed, **dict(Task.objects.for_user(user).values_list("number", "id"))}


# 1. Never a junk task: questions are answered (a listing, nothing written) or not understood.
QUESTIONS = [
    # textese and plain wh-questions
    ("wat do i have tmrw", {"status": "pending", "due": "tomorrow"}),
    ("wat's due 2day", {"status": "pending", "due": "today"}),
    ("wen is the report due", {"search": "report"}),
    ("when's rent due?", {"search": "rent"}),
    ("when is my team meeting", {"search": "team meeting"}),
    ("what day is the bank thing", {"search": "bank thing"}),
    ("is the report done", {"search": "report"}),
    ("did i call the bank yet", {"search": "call the bank"}),
    ("have I paid rent", None),
    ("is there anything about eggs?", {"search": "eggs"}),
    ("anything about the meeting?", {"search": "meeting"}),
    ("got anything on the gym", {"search": "gym"}),
    ("anything for the weekend", {"status": "pending", "due_before": day(12, 5), "due_after": day(12, 5)}),
    ("anything to do with Bob?", {"search": "Bob"}),
    ("what's left on the report", {"status": "pending", "search": "report"}),
    ("what's remaining for the meeting", {"status": "pending", "search": "meeting"}),
    ("do I have anything on friday", {"status": "pending", "due_before": day(12, 4), "due_after": day(12, 4)}),
    ("anything on thursday?", {"status": "pending", "due_before": day(12, 3), "due_after": day(12, 3)}),
    ("what's on sat", {"status": "pending", "due_before": day(12, 5), "due_after": day(12, 5)}),
    ("show me my meetings", {"search": "meetings"}),
    ("show me the shopping", {"search": "shopping"}),
    ("tell me what's left", {"status": "pending"}),
    ("tell me about the report", {"search": "report"}),
    ("I want to know what's due", {"status": "pending"}),
    ("i'd like to know what's overdue", {"status": "pending", "due": "overdue"}),
    ("can you give me my tasks", {"status": "all"}),
    ("give me everything pending", {"status": "pending"}),
    ("let me see my list", {"status": "all"}),
    ("what about the bank?", {"search": "bank"}),
    ("wat about eggs", {"search": "eggs"}),
    ("wut's left 2day", {"status": "pending", "due": "today"}),
    ("wen's the meeting with bob", {"search": "meeting with bob"}),
    ("is the rent paid?", {"search": "rent"}),
    ("did i buy eggs", {"search": "buy eggs"}),
    ("any news on the report?", {"search": "report"}),
    ("is there anything for tomorrow", {"status": "pending", "due_before": day(12, 2), "due_after": day(12, 2)}),
    ("what's on for thursday", {"status": "pending", "due_before": day(12, 3), "due_after": day(12, 3)}),
    ("anything on wensday?", {"status": "pending", "due_before": day(12, 2), "due_after": day(12, 2)}),
    ("tell me what's overdue", {"status": "pending", "due": "overdue"}),
    ("show me what's pending", {"status": "pending"}),
    ("i need to know what's due this week", {"status": "pending", "due": "week"}),
    ("let me know what's left", {"status": "pending"}),
    ("what's remaining on the meeting", {"status": "pending", "search": "meeting"}),
    ("can u show me my list", {"status": "all"}),
    ("have i done the report yet", {"status": "completed"}),
]
NOT_UNDERSTOOD_QUESTIONS = [
    "why is the sky blue",
    "who am i",
    "how are you doing",
    "where did I put my keys?",
    "is it going to be ok",
    "what?",
    "wat",
    "wen?",
    "how come",
    "do i have to?",
    "which one was it again?",
    "anything else?",
    "should i?",
    "can I do this",
    "what's the meaning of life",
    "does it matter",
    "were you there",
    "is it?",
    "any ideas",
    "why not",
    "whatever",
    "lol",
    "sure thing",
    "why",
    "is that it?",
    "what was that",
    "note it",
    "ur list pls",
    "hmm",
    "turn the report in",
]


@pytest.mark.parametrize(("message", "expected"), QUESTIONS, ids=[row[0] for row in QUESTIONS])
def test_questions_are_answered_with_the_matching_tasks_and_never_added(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    if expected is None:
        return
    (listing,) = [call for call in reply.tool_calls if call["name"] == "list_tasks"]
    assert expected.items() <= listing["arguments"].items(), listing["arguments"]
    for task in listing["result"]["tasks"]:
        assert f"#{task['number']} {task['title']}" in reply.response


@pytest.mark.parametrize("message", NOT_UNDERSTOOD_QUESTIONS)
def test_a_question_not_about_the_list_adds_nothing_and_says_so(user, listed, message):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    assert Task.objects.for_user(user).count() == 8
    assert reply.response


# References to a task act on it (or ask which), never add a near-copy.
REFERENCES = [
    ("no hurry on the report", [update(4, priority="low")]),
    ("there's no rush for the rent", [update(5, priority="low")]),
    ("the report can wait", [update(4, priority="low")]),
    ("the bank isn't urgent anymore", [update(2, priority="low")]),
    ("the milk one can go", [delete(1)]),
    ("the eggs can go", [delete(8)]),
    ("the meeting with bob is cancelled", [delete(7)]),
    ("team meeting isn't happening", [delete(6)]),
    ("the report is no longer needed", [delete(4)]),
    ("bin the milk", [delete(1)]),
    ("lose the eggs task", [delete(8)]),
    ("rent can be deleted", [delete(5)]),
    ("the meeting can go", NOTHING),  # two meetings: asks which
    ("the unicorn can wait", NOTHING),  # no such task: says so
    ("the bank can wait", [update(2, priority="low")]),
    ("no rush on the eggs", [update(8, priority="low")]),
    ("the meeting with bob can go", [delete(7)]),
    ("the eggs are cancelled", [delete(8)]),
    ("pay rent isn't urgent", [update(5, priority="low")]),
    ("ditch the milk", [delete(1)]),
    ("the report isn't happening", [delete(4)]),
    ("scrap the gym", [delete(3)]),
    ("team meeting can be removed", [delete(6)]),
    ("no hurry with the bank", [update(2, priority="low")]),
]


@pytest.mark.parametrize(("message", "expected"), REFERENCES, ids=[row[0] for row in REFERENCES])
def test_a_reference_to_a_task_acts_on_it_and_adds_nothing(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response
    assert Task.objects.for_user(user).count() == 8 - sum(name == "delete_task" for name, _ in expected)


JUNK = [
    "it",
    "that",
    "um",
    "and",
    "add it",
    "add that",
    "put this on my list",
    "add something",
    "add stuff",
    "this",
    "those",
    "them",
    "the one",
    "add them",
    "put that down",
    "also it",
    "oh and",
]


def test_a_fragment_of_the_last_add_is_not_added_again_unless_asked_for(user, listed):
    earlier = chat(user, "add call the plumber")
    again = services.send_message(user, message="plumber tomorrow", conversation_id=earlier.conversation_id)
    assert writes(again) == [] and "“Plumber” is part of “Call the plumber”" in again.response
    asked = services.send_message(user, message="add plumber tomorrow", conversation_id=again.conversation_id)
    assert writes(asked) == [add("Plumber", due_date=day(12, 2))], asked.response


@pytest.mark.parametrize("message", ["buy milk", "Pay rent", "call the bank", "milk, buy eggs"])
def test_bare_words_naming_a_task_on_the_list_add_no_copy_of_it(user, listed, message):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    assert reply.response.startswith("You already have “"), reply.response
    explicit = chat(user, f"add {message}")
    assert [name for name, _ in writes(explicit)] == ["add_task"] * (message.count(",") + 1)


@pytest.mark.parametrize("message", JUNK)
def test_a_lone_pronoun_or_filler_is_never_added(user, listed, message):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    assert Task.objects.for_user(user).count() == 8


# 2. Corrections of the last action.
CORRECTIONS = [
    (["add water the ferns"], "actually make it friday", [update(9, due_date=day(12, 4))]),
    (["add water the ferns"], "no wait, I meant thursday", [update(9, due_date=day(12, 3))]),
    (["add water the ferns tomorrow"], "sorry, make that saturday", [update(9, due_date=day(12, 5))]),
    (["add water the ferns"], "make that high priority", [update(9, priority="high")]),
    (["add water the ferns"], "actually it's low priority", [update(9, priority="low")]),
    (["add water the ferns"], "I meant water the cactus", [update(9, title="Water the cactus")]),
    (["add wter the ferns"], "i meant 'water the ferns'", [update(9, title="water the ferns")]),
    (["add water the ferns friday"], "actually make it no date", [update(9, due_date=None)]),
    (["add water the ferns"], "oh and buy compost too", [add("Buy compost")]),
    (["add water the ferns"], "oh, and repot the basil as well", [add("Repot the basil")]),
    (["complete task 4"], "I didn't actually do it", [update(4, completed=False)]),
    (["complete task 4"], "it's not done yet", [update(4, completed=False)]),
    (["move the report to friday"], "I meant saturday", [update(4, due_date=day(12, 5))]),
    (["make the rent high priority"], "actually make that medium", [update(5, priority="medium")]),
    (["add water the ferns"], "make it tomorrow", [update(9, due_date=day(12, 2))]),
    (["add water the ferns"], "change it to saturday", [update(9, due_date=day(12, 5))]),
    (["add water the ferns"], "make it urgent", [update(9, priority="high")]),
    (["add water the ferns"], "it should be low priority", [update(9, priority="low")]),
    (["add water the ferns"], "i meant the 21st", [update(9, due_date=day(12, 21))]),
    (["add water the ferns"], "switch it to next tue", [update(9, due_date=day(12, 8))]),
]


@pytest.mark.parametrize(
    ("before", "message", "expected"), CORRECTIONS, ids=[f"{row[0][0]} → {row[1]}" for row in CORRECTIONS]
)
def test_a_correction_amends_what_was_just_touched(user, listed, before, message, expected):
    earlier = chat(user, *before)
    reply = services.send_message(user, message=message, conversation_id=earlier.conversation_id)
    assert writes(reply) == expected_calls(expected, _ids(user, listed)), reply.response
    assert Task.objects.for_user(user).count() == 8 + len(before) * ("add" in before[0]) + (
        expected[0][0] == "add_task"
    )


# 3. Several tasks in one message; 4. a bare task is an add.
SEVERAL = [
    (
        "call the plumber and email the landlord friday",
        [add("Call the plumber", due_date=day(12, 4)), add("Email the landlord", due_date=day(12, 4))],
    ),
    ("book the vet and then pay the gas bill", [add("Book the vet"), add("Pay the gas bill")]),
    (
        "text Sam and ring grandma tomorrow",
        [add("Text Sam", due_date=day(12, 2)), add("Ring grandma", due_date=day(12, 2))],
    ),
    ("groceries: apples, rice and lentils", [add("Apples"), add("Rice"), add("Lentils")]),
    ("to do today: laundry, dishes", [add("Laundry", due_date=day(12, 1)), add("Dishes", due_date=day(12, 1))]),
    ("need to: renew passport, fix the tap", [add("Renew passport"), add("Fix the tap")]),
    ("shopping: soap, bin bags", [add("Soap"), add("Bin bags")]),
    ("apples, pears, plums", [add("Apples"), add("Pears"), add("Plums")]),
    ("bread, cheese and olives", [add("Bread"), add("Cheese"), add("Olives")]),
    (
        "tea, coffee, sugar, all tomorrow",
        [add("Tea", due_date=day(12, 2)), add("Coffee", due_date=day(12, 2)), add("Sugar", due_date=day(12, 2))],
    ),
    ("stamps, envelopes friday", [add("Stamps"), add("Envelopes", due_date=day(12, 4))]),
    (
        "post the parcel, call the council thursday",
        [add("Post the parcel"), add("Call the council", due_date=day(12, 3))],
    ),
    ("buy bread", [add("Buy bread")]),
    ("pick up the dry cleaning", [add("Pick up the dry cleaning")]),
    ("email the accountant", [add("Email the accountant")]),
    ("water the ferns", [add("Water the ferns")]),
    ("book a haircut", [add("Book a haircut")]),
    ("renew the car insurance", [add("Renew the car insurance")]),
    ("dentist thursday", [add("Dentist", due_date=day(12, 3))]),
    ("haircut sat", [add("Haircut", due_date=day(12, 5))]),
    ("research and write the essay", [add("Research and write the essay")]),
    ("buy sugar and flour", [add("Buy sugar and flour")]),
    ("finish the essay in 3 wks", [add("Finish the essay", due_date=day(12, 22))]),
    ("grab coffee and call the electrician", [add("Grab coffee"), add("Call the electrician")]),
    (
        "pay the nanny and book the boiler service monday",
        [add("Pay the nanny", due_date=day(12, 7)), add("Book the boiler service", due_date=day(12, 7))],
    ),
    ("wash the car & hoover the stairs", [add("Wash the car"), add("Hoover the stairs")]),
    ("errands: post office, pharmacy", [add("Post office"), add("Pharmacy")]),
    ("pens, paper, glue", [add("Pens"), add("Paper"), add("Glue")]),
    ("butter, jam and toast tomorrow", [add("Butter"), add("Jam"), add("Toast", due_date=day(12, 2))]),
    ("mow the lawn", [add("Mow the lawn")]),
    ("iron the shirts", [add("Iron the shirts")]),
    ("defrost the freezer", [add("Defrost the freezer")]),
    ("visit grandma sunday", [add("Visit grandma", due_date=day(12, 6))]),
    ("gym sat", [add("Gym", due_date=day(12, 5))]),
    ("recycle the bottles", [add("Recycle the bottles")]),
]


@pytest.mark.parametrize(("message", "expected"), SEVERAL, ids=[row[0] for row in SEVERAL])
def test_several_tasks_or_a_bare_one_are_added_with_their_own_days(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response
    for _, arguments in expected:
        assert f"“{arguments['title']}”" in reply.response


def test_a_heading_naming_a_list_puts_the_items_in_it(user, listed):
    TaskList.objects.create(user=user, name="Groceries")
    reply = chat(user, "groceries: oats, honey")
    assert writes(reply) == [add("Oats", list="Groceries"), add("Honey", list="Groceries")], reply.response


# 5. Bulk by state and by numbers: every bulk delete asks first.
BULK = [
    ("delete the finished ones", [3]),
    ("clear the done ones", [3]),
    ("remove everything ticked off", [3]),
    ("get rid of the completed tasks", [3]),
    ("wipe all the done stuff", [3]),
    ("delete all of it", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("delete my whole list", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("clear my calendar", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("wipe everything on my list", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("delete 1, 5 and 8", [1, 5, 8]),
    ("remove tasks 6 to 8", [6, 7, 8]),
    ("delete #2 and #4", [2, 4]),
    ("delete everything i've finished", [3]),
    ("clear out the ticked off ones", [3]),
    ("wipe my whole to-do list", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("get rid of all of it", [8, 7, 6, 5, 4, 3, 2, 1]),
    ("remove 2 and 3", [2, 3]),
    ("delete task 1 thru 3", [1, 2, 3]),
]


@pytest.mark.parametrize(("message", "numbers"), BULK, ids=[row[0] for row in BULK])
def test_a_bulk_delete_lists_what_it_would_delete_and_asks_first(user, listed, message, numbers):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    assert reply.response.startswith("I would delete"), reply.response
    shown = [int(number) for number in re.findall(r"#(\d+)", reply.response)]
    assert sorted(shown) == sorted(numbers)
    confirmed = services.send_message(user, message="yes", conversation_id=reply.conversation_id)
    assert sorted(arguments["task_id"] for _, arguments in writes(confirmed)) == sorted(listed[n] for n in numbers)
    assert not Task.objects.for_user(user).filter(number__in=numbers).exists()


NUMBERS = [
    ("complete 1, 2 and 8", [complete(1), complete(2), complete(8)]),
    ("mark 5 and 6 done", [complete(5), complete(6)]),
    ("finish tasks 6 to 7", [complete(6), complete(7)]),
    ("complete #1 and #8", [complete(1), complete(8)]),
    ("complete 1 to 2", [complete(1), complete(2)]),
    ("tick off 2, 4 and 6", [complete(2), complete(4), complete(6)]),
]


@pytest.mark.parametrize(("message", "expected"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_several_numbers_change_each_of_those_tasks(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response


# 6. Undo in people's words.
UNDO_WORDS = [
    "put it back",
    "restore that",
    "never mind",
    "take that back",
    "scratch that",
    "undo that",
    "go back",
    "undo it",
    "cancel that",
    "reverse that",
    "forget it",
]


@pytest.mark.parametrize("message", UNDO_WORDS)
def test_undo_in_peoples_words_takes_back_the_last_change(user, listed, message):
    earlier = chat(user, "add repaint the fence")
    assert Task.objects.for_user(user).filter(title="Repaint the fence").exists()
    reply = services.send_message(user, message=message, conversation_id=earlier.conversation_id)
    assert [name for name, _ in writes(reply)] == ["undo_activity"], reply.response
    assert reply.response.startswith("Undone."), reply.response
    assert not Task.objects.for_user(user).filter(title="Repaint the fence").exists()


@pytest.mark.parametrize("message", ["undo", "put it back", "take that back", "restore that"])
def test_nothing_to_undo_says_so(user, listed, message):
    reply = chat(user, message)
    assert writes(reply) == [] and "nothing to undo" in reply.response


# 7. Textese and short dates; "by" and "on" never stay in the title.
TEXTESE = [
    ("buy oats tmrw pls", [add("Buy oats", due_date=day(12, 2))]),
    ("call mum 2moro", [add("Call mum", due_date=day(12, 2))]),
    ("ring the vet tmr", [add("Ring the vet", due_date=day(12, 2))]),
    ("pay the gas bill b4 friday", [add("Pay the gas bill", due_date=day(12, 4))]),
    ("submit the form by friday", [add("Submit the form", due_date=day(12, 4))]),
    ("book flights on thursday", [add("Book flights", due_date=day(12, 3))]),
    ("fix the gate on wensday", [add("Fix the gate", due_date=day(12, 2))]),
    ("clean the oven thursdy", [add("Clean the oven", due_date=day(12, 3))]),
    ("call the plumber sat", [add("Call the plumber", due_date=day(12, 5))]),
    ("dentist thu", [add("Dentist", due_date=day(12, 3))]),
    ("pay the council on the 21st", [add("Pay the council", due_date=day(12, 21))]),
    ("renew the licence in 3 wks", [add("Renew the licence", due_date=day(12, 22))]),
    ("haircut next tue", [add("Haircut", due_date=day(12, 8))]),
    ("send the invoice end of next week", [add("Send the invoice", due_date=day(12, 11))]),
    ("can u add buy lemons", [add("Buy lemons")]),
    ("add water the ferns 2nite", [add("Water the ferns", due_date=day(12, 1), due_time="20:00")]),
    ("feed the cat 2nite", [add("Feed the cat", due_date=day(12, 1), due_time="20:00")]),
    ("collect the parcel tmw", [add("Collect the parcel", due_date=day(12, 2))]),
    ("call the gp tmrw morning", [add("Call the gp", due_date=day(12, 2), due_time="09:00")]),
    ("pay the window cleaner on the 3rd", [add("Pay the window cleaner", due_date=day(12, 3))]),
    ("book the restaurant for fri", [add("Book the restaurant", due_date=day(12, 4))]),
    ("renew the mot b4 the 21st", [add("Renew the mot", due_date=day(12, 21))]),
    ("dentist next sun", [add("Dentist", due_date=day(12, 13))]),
    ("plumber in 2 wks", [add("Plumber", due_date=day(12, 15))]),
]


@pytest.mark.parametrize(("message", "expected"), TEXTESE, ids=[row[0] for row in TEXTESE])
def test_textese_and_short_dates(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response


# 8. How people talk to assistants in general.
ASSISTANT_TALK = [
    ("hey, add buy lemons", [add("Buy lemons")]),
    ("ok assistant add book the MOT", [add("Book the MOT")]),
    ("ok google, buy bin bags tomorrow", [add("Buy bin bags", due_date=day(12, 2))]),
    ("Jarvis, call the garage", [add("Call the garage")]),
    ("alexa add stamps to my list", [add("Stamps")]),
    ("set a reminder about the gas bill", [add("The gas bill")]),
    ("set a reminder to call the garage friday", [add("Call the garage", due_date=day(12, 4))]),
    ("put dog food on my list", [add("Dog food")]),
    ("note down call the vet", [add("Call the vet")]),
    ("jot down renew the passport", [add("Renew the passport")]),
    ("cancel the meeting with bob on friday", [delete(7)]),
    ("remove buy eggs from my list", [delete(8)]),
    ("delete pay rent from my calendar", [delete(5)]),
    ("take the report off my list", [delete(4)]),
    ("hey siri add buy candles", [add("Buy candles")]),
    ("yo assistant, buy batteries", [add("Buy batteries")]),
    ("computer: order more coffee", [add("Order more coffee")]),
    ("Sam, text the landlord", [add("Text the landlord")]),
    ("put milk on the shopping list", [add("Milk")]),
    ("stick batteries on my list", [add("Batteries")]),
    ("don't forget to water the lawn", [add("Water the lawn")]),
    ("make a note to call the school", [add("Call the school")]),
    ("can you note down buy a kettle", [add("Buy a kettle")]),
    ("cancel the team meeting on monday", [delete(6)]),
    ("remove the report at 3pm from my calendar", [delete(4)]),
]


@pytest.mark.parametrize(("message", "expected"), ASSISTANT_TALK, ids=[row[0] for row in ASSISTANT_TALK])
def test_how_people_talk_to_assistants(user, listed, message, expected):
    reply = chat(user, message)
    assert writes(reply) == expected_calls(expected, listed), reply.response


DECLINED = [
    "play some music",
    "play the new album",
    "what's the weather",
    "how's the weather tomorrow",
    "will it rain on friday",
    "turn on the lights",
    "turn off the kitchen lights",
    "switch on the heating",
    "read me the news",
    "tell me a joke",
    "set a timer for 10 minutes",
    "what time is it",
    "call me a taxi",
    "dim the lights",
    "what's on tv",
    "play jazz",
    "pause the music",
    "turn the volume up",
    "what's the temperature",
    "how's the weather looking",
    "set an alarm for 7",
    "order me a taxi",
    "translate hello into french",
    "navigate home",
    "what's the score",
]


@pytest.mark.parametrize("message", DECLINED)
def test_a_request_not_about_tasks_is_declined_politely(user, listed, message):
    reply = chat(user, message)
    assert writes(reply) == []
    assert reply.response.startswith("I can only help with your tasks"), reply.response


LIST_MAKING = [
    ("create a new list", None),
    ("make a new list", None),
    ("make a shopping list", "Shopping"),
    ("create a list called Garden", "Garden"),
    ("start a new list named Holiday", "Holiday"),
]


@pytest.mark.parametrize(("message", "name"), LIST_MAKING)
def test_asking_for_a_list_makes_one_or_asks_its_name_and_adds_no_task(user, listed, message, name):
    reply = chat(user, message)
    assert [call for call in writes(reply) if call[0] == "add_task"] == []
    assert Task.objects.for_user(user).count() == 8
    if name is None:
        assert "What should the new list be called?" in reply.response
        assert not TaskList.objects.filter(user=user).exists()
    else:
        assert TaskList.objects.get(user=user).name == name
        assert f"I made the list “{name}”" in reply.response


# 9. Questions about one task: the matching tasks only, for each task of the list.
ONE_TASK = [
    (form.format(title=title.lower()), number)
    for number, title in enumerate(
        ["Buy milk", "Call the bank", "Go to the gym", "Write the report", "Pay rent", "Team meeting", "", "Buy eggs"],
        start=1,
    )
    if title
    for form in ("when is {title} due", "is {title} done?", "anything about {title}?")
]


@pytest.mark.parametrize(("message", "number"), ONE_TASK, ids=[row[0] for row in ONE_TASK])
def test_a_question_about_one_task_answers_with_that_task_only(user, listed, message, number):
    reply = chat(user, message)
    assert writes(reply) == [], reply.response
    (listing,) = [call for call in reply.tool_calls if call["name"] == "list_tasks"]
    assert [task["number"] for task in listing["result"]["tasks"]] == [number], reply.response
    title = Task.objects.for_user(user).get(number=number).title
    assert f"#{number} {title}" in reply.response
    assert reply.response.count("\n•") + reply.response.count("\n#") <= 1
