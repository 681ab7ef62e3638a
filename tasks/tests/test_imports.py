"""Imports: our JSON export and Todoist's CSV, checked on arrival (a malformed file writes nothing), added by a
real worker process, undone as one group, and never into another person's account."""

import json
import time

import pytest
from django.core.exceptions import ValidationError

from conftest import SETUP_ACTOR
from tasks import imports, organize, undo
from tasks.models import Activity, Import, Label, Task, TaskList
from todo_project import exports

TODOIST = """TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE
task,Book flights @travel,Window seat,1,1,Ann (1),,2030-05-01,en,Europe/Paris
task,Compare prices,,4,2,Ann (1),,,en,Europe/Paris
task,Check baggage rules,,4,2,Ann (1),,,en,Europe/Paris
note,Ask about the dog,,,,Ann (1),,,en,Europe/Paris
section,Packing,,,,,,,,
task,Water the plants @home @daily,,4,1,Ann (1),,every monday,en,Europe/Paris
task,Pack,,3,1,Ann (1),,,en,Europe/Paris
"""


def finished(job: Import, timeout: float = 60) -> Import:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in {"done", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"import {job.pk} still {job.status}")


@pytest.mark.django_db(transaction=True)
def test_a_todoist_csv_comes_in_with_its_list_labels_steps_dates_and_one_undo_takes_it_back(db_worker, make_user):
    person = make_user("ann")
    organize.create_list(person, actor=SETUP_ACTOR, name="Trip")  # the file's name: into this list
    job = imports.start(person, "Trip.csv", TODOIST.encode())
    assert (job.kind, job.total, Task.objects.count()) == ("todoist", 3, 0)  # checked, queued, nothing yet

    job = finished(job)

    assert (job.status, job.done) == ("done", 3)
    flights = Task.objects.get(title="Book flights")
    assert (flights.priority, str(flights.due_date), flights.labels) == ("high", "2030-05-01", ["travel"])
    assert [step["title"] for step in flights.steps] == ["Compare prices", "Check baggage rules"]
    assert flights.description == "Window seat\nAsk about the dog"
    plants = Task.objects.get(title="Water the plants")
    assert (plants.repeat, plants.labels) == ("FREQ=WEEKLY;BYDAY=MO", ["home", "daily"])
    assert Task.objects.get(title="Pack").priority == "low"
    trip = TaskList.objects.get(name="Trip")
    assert set(Task.objects.values_list("list_id", flat=True)) == {trip.pk}
    in_order = list(Task.objects.filter(list=trip).order_by("position").values_list("title", flat=True))
    assert in_order == ["Book flights", "Water the plants", "Pack"]  # the file's order, on top of the list

    outcome = undo.undo_group(person, job.group_id, actor=SETUP_ACTOR)
    assert outcome.status == "undone"
    assert Task.objects.count() == 0 and not Label.objects.exists()
    assert TaskList.objects.filter(name="Trip").exists()  # it was there before the import


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_a_fresh_account_keeps_everything(db_worker, make_user, make_task):
    before = make_user("before")
    work = organize.create_list(before, actor=SETUP_ACTOR, name="Work", colour="blue")
    make_task(before, "Report", list_id=work.pk, labels=["focus"], steps=["Outline"], due_date="2030-01-02")
    make_task(before, "Call mom", priority="high", repeat="FREQ=WEEKLY")
    make_task(before, "Old one")
    from tasks import services

    services.complete_task(before, Task.objects.get(title="Old one").pk, actor=SETUP_ACTOR)
    document = json.dumps(exports.everything(before), cls=exports.ENCODER).encode()

    after = make_user("after")
    job = finished(imports.start(after, "todo.json", document))

    assert job.status == "done"
    fields = ("title", "priority", "due_date", "repeat", "labels", "steps", "completed")
    mine = {repr([getattr(task, name) for name in fields]) for task in Task.objects.for_user(before)}
    theirs = {repr([getattr(task, name) for name in fields]) for task in Task.objects.for_user(after)}
    assert theirs == mine
    assert Task.objects.for_user(after).get(title="Report").list.name == "Work"
    in_order = [  # the person's own order comes along: each list's tasks as they had placed them
        list(Task.objects.for_user(person).order_by("list__name", "position").values_list("title", flat=True))
        for person in (before, after)
    ]
    assert in_order[0] == in_order[1]
    assert TaskList.objects.for_user(after).get(name="Work").colour == "grey"  # made by the import
    assert Task.objects.for_user(before).count() == 3  # the first account untouched


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("p.csv", TODOIST.replace("every monday", "when pigs fly"), "Line 7: DATE"),
        ("p.csv", TODOIST.replace(",3,1,", ",9,1,"), "Line 8: PRIORITY"),
        ("p.csv", TODOIST.replace("task,Pack,", "task," + "x" * 201 + ","), "Line 8: title"),
        ("p.csv", TODOIST.replace("Compare prices", "y" * 201), "Line 3: Step 1"),
        ("p.csv", "name,done\nmilk,no\n", "Line 1: this is neither"),
        ("p.json", '{"format": "todo-export", "tasks": [{"title": "ok"}, {"title": ""}]}', "Task 2: title"),
        ("p.json", '{"format": "other", "tasks": []}', "Line 1: this JSON is not"),
        ("p.json", '{"format": "todo-export",\n "tasks": [}', "Line 2: this is not valid JSON"),
        ("p.json", '{"format": "todo-export", "tasks": [{"title": "x", "due_date": "soon"}]}', "Task 1: “soon”"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_and_reason_writing_nothing(user, name, content, where):
    with pytest.raises(ValidationError) as refused:
        imports.start(user, name, content.encode())
    message = refused.value.message_dict["file"][0]
    assert message.startswith(where), message
    assert message.endswith("Nothing was imported.")
    assert not Import.objects.exists() and not Task.objects.exists() and not Activity.objects.exists()


@pytest.mark.django_db
def test_binary_or_huge_files_are_refused(user):
    for data in (b"\xff\xfe\x00\x01", b"a\x00b"):
        with pytest.raises(ValidationError):
            imports.start(user, "x.csv", data)
    with pytest.raises(ValidationError):
        imports.start(user, "x.csv", b" " * (imports.MAX_BYTES + 1))
