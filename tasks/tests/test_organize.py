"""Lists, labels, steps and manual order through the services and REST: what a person can do, what is
recorded, what an undo puts back, and what another person can never reach."""

import contextlib

import pytest
from django.core.exceptions import ValidationError

from conftest import SETUP_ACTOR
from tasks import organize, services, undo
from tasks.models import Activity, Label, Task, TaskList
from todo_project.errors import Conflict, NotFound

pytestmark = pytest.mark.django_db


def titles(user, **filters) -> list[str]:
    return [row["title"] for row in services.task_page(user, fields=("title",), limit=200, **filters).rows]


def test_a_task_goes_to_the_inbox_or_to_a_list_named_or_numbered(user, make_task):
    groceries = organize.create_list(user, actor=SETUP_ACTOR, name="Groceries", colour="green")
    make_task(user, "Milk", list_id="groceries")
    make_task(user, "Eggs", list_id=groceries.pk)
    make_task(user, "Call mom")
    assert titles(user, list_id=groceries.pk) == ["Eggs", "Milk"]
    assert titles(user, list_id="inbox") == ["Call mom"]
    assert titles(user, list_id="GROCERIES") == ["Eggs", "Milk"]
    with pytest.raises(ValidationError) as refused:
        make_task(user, "Bread", list_id="Bakery")
    assert "list_id" in refused.value.message_dict
    assert not Task.objects.filter(title="Bread").exists()


def test_list_names_are_unique_whatever_the_case_and_inbox_is_taken(user):
    organize.create_list(user, actor=SETUP_ACTOR, name="Work")
    for name in ("work", " WORK ", "Inbox", "", "x" * 61):
        with pytest.raises(ValidationError) as refused:
            organize.create_list(user, actor=SETUP_ACTOR, name=name)
        assert set(refused.value.message_dict) == {"name"}
    assert TaskList.objects.for_user(user).count() == 1


def test_renaming_archiving_and_their_undo(user):
    work = organize.create_list(user, actor=SETUP_ACTOR, name="Work", colour="blue")
    organize.update_list(user, work.pk, actor=SETUP_ACTOR, name="Job", colour="red", archived=True)
    record = Activity.objects.for_user(user).get(subject="list", action="updated")
    assert record.before == {"name": "Work", "colour": "blue", "archived": False}
    assert [found.name for found in organize.lists(user)] == []  # archived: out of sight
    undo.undo_activity(user, record.pk, actor=SETUP_ACTOR)
    work.refresh_from_db()
    assert (work.name, work.colour, work.archived) == ("Work", "blue", False)


@pytest.mark.parametrize("tasks", ["move", "delete"])
def test_deleting_a_list_moves_or_deletes_its_tasks_and_one_undo_puts_everything_back(user, make_task, tasks):
    trip = organize.create_list(user, actor=SETUP_ACTOR, name="Trip")
    flights = make_task(user, "Book flights", list_id=trip.pk, steps=["Compare prices"], labels=["travel"])
    make_task(user, "Pack", list_id=trip.pk)
    make_task(user, "Elsewhere")
    before = {task.pk: (task.list_id, task.position, task.steps, task.labels) for task in Task.objects.all()}

    deleted = organize.delete_list(user, trip.pk, actor=SETUP_ACTOR, tasks=tasks)

    assert (deleted.moved, deleted.deleted) == ((2, 0) if tasks == "move" else (0, 2))
    assert not TaskList.objects.filter(pk=trip.pk).exists()
    in_inbox = ["Elsewhere", "Pack", "Book flights"] if tasks == "move" else ["Elsewhere"]
    assert titles(user, list_id="inbox") == in_inbox
    assert services.task_page(user, fields=("id",)).counts["all"] == (3 if tasks == "move" else 1)
    record = Activity.objects.for_user(user).get(subject="list", action="deleted")

    outcome = undo.undo_activity(user, record.pk, actor=SETUP_ACTOR)

    assert len(outcome.undone) == 3  # the list and its two tasks, as one undo
    assert TaskList.objects.get(pk=trip.pk).name == "Trip"
    after = {task.pk: (task.list_id, task.position, task.steps, task.labels) for task in Task.objects.all()}
    assert after == before
    assert services.task_page(user, fields=("id",)).counts["all"] == 3
    assert Task.objects.get(pk=flights.pk).list_id == trip.pk


def test_labels_are_made_on_first_use_spelled_once_and_filter_together(user, make_task):
    make_task(user, "Stamps", labels=["errands", "#Post"])
    make_task(user, "Bread", labels=["Errands"])
    make_task(user, "Nothing")
    assert [label.name for label in organize.labels(user)] == ["errands", "Post"]
    assert Task.objects.get(title="Bread").labels == ["errands"]  # the label's own spelling
    assert titles(user, labels=["errands"]) == ["Bread", "Stamps"]
    assert titles(user, labels=["ERRANDS", "post"]) == ["Stamps"]
    assert titles(user, labels=["unknown"]) == []
    assert {label.name: label.pending for label in organize.labels(user)} == {"errands": 2, "Post": 1}
    for bad in (["a,b"], ["x" * 41], [""], "errands", ["#"]):
        with pytest.raises(ValidationError) as refused:
            make_task(user, "Bad", labels=bad)
        assert set(refused.value.message_dict) == {"labels"}


def test_renaming_or_deleting_a_label_does_it_on_every_task_and_undoes_as_one(user, make_task):
    make_task(user, "Stamps", labels=["shop", "post"])
    make_task(user, "Bread", labels=["shop"])
    label = Label.objects.for_user(user).get(name="shop")
    organize.rename_label(user, label.pk, actor=SETUP_ACTOR, name="errands")
    assert sorted(Task.objects.values_list("labels", flat=True)) == [["errands"], ["errands", "post"]]
    renamed = Activity.objects.for_user(user).get(subject="label", action="updated")
    undo.undo_activity(user, renamed.pk, actor=SETUP_ACTOR)
    assert sorted(Task.objects.values_list("labels", flat=True)) == [["shop"], ["shop", "post"]]
    assert Label.objects.get(pk=label.pk).name == "shop"

    _, count = organize.delete_label(user, "shop", actor=SETUP_ACTOR)
    assert count == 2 and sorted(Task.objects.values_list("labels", flat=True)) == [[], ["post"]]
    deleted = Activity.objects.for_user(user).get(subject="label", action="deleted")
    undo.undo_activity(user, deleted.pk, actor=SETUP_ACTOR)
    assert sorted(Task.objects.values_list("labels", flat=True)) == [["shop"], ["shop", "post"]]
    assert Label.objects.for_user(user).filter(name="shop").exists()


def test_completing_a_task_ticks_its_open_steps_in_one_record_and_undo_reopens_them(user, make_task):
    trip = make_task(user, "Trip", steps=["Book flights", {"title": "Pack", "done": True}, "Print tickets"])
    assert [step["done"] for step in trip.steps] == [False, True, False]
    services.toggle_step(user, trip.pk, 1, actor=SETUP_ACTOR)
    done = services.complete_task(user, trip.pk, actor=SETUP_ACTOR)
    assert done.steps_done == 1 and done.task.completed
    assert all(step["done"] for step in done.task.steps)
    record = Activity.objects.for_user(user).filter(task_id=trip.pk).first()
    assert record.action == "completed" and set(record.after) == {"completed", "steps"}
    undo.undo_activity(user, record.pk, actor=SETUP_ACTOR)
    reopened = Task.objects.get(pk=trip.pk)
    assert not reopened.completed and [step["done"] for step in reopened.steps] == [True, True, False]
    with pytest.raises(ValidationError):
        services.toggle_step(user, trip.pk, 4, actor=SETUP_ACTOR)
    for bad in ([{"title": ""}], [{"title": "x", "done": "yes"}], [{"title": "x", "extra": 1}], [5], "steps"):
        with pytest.raises(ValidationError) as refused:
            make_task(user, "Bad", steps=bad)
        assert set(refused.value.message_dict) == {"steps"}


def test_a_repeating_task_starts_its_next_time_with_every_step_to_do(user, make_task):
    review = make_task(user, "Weekly review", repeat="FREQ=WEEKLY", steps=[{"title": "Inbox zero", "done": True}])
    moved = services.complete_task(user, review.pk, actor=SETUP_ACTOR)
    assert not moved.task.completed and moved.task.steps == [{"title": "Inbox zero", "done": False}]


def manual(user, **filters) -> list[str]:
    return titles(user, order="manual", **filters)


def test_manual_order_new_at_the_top_moves_write_one_row_and_undo(user, make_task):
    first, second, third = (make_task(user, title) for title in ("One", "Two", "Three"))
    assert manual(user) == ["Three", "Two", "One"]
    services.move_task(user, third.pk, actor=SETUP_ACTOR, after=first.pk)
    assert manual(user) == ["Two", "One", "Three"]
    services.move_task(user, first.pk, actor=SETUP_ACTOR, direction="up")
    assert manual(user) == ["One", "Two", "Three"]
    services.move_task(user, third.pk, actor=SETUP_ACTOR, before=first.pk)
    assert manual(user) == ["Three", "One", "Two"]
    services.move_task(user, second.pk, actor=SETUP_ACTOR, direction="top")
    assert manual(user) == ["Two", "Three", "One"]
    assert not services.move_task(user, second.pk, actor=SETUP_ACTOR, direction="up").changed  # already first
    moves = Activity.objects.for_user(user).filter(action="updated")
    assert {tuple(record.after) for record in moves} == {("position",)}  # only the moved task, each time
    undo.undo_activity(user, moves.first().pk, actor=SETUP_ACTOR)
    assert manual(user) == ["Three", "One", "Two"]


def test_many_moves_into_one_gap_never_renumber_the_list(user, make_task):
    low, high = make_task(user, "Low"), make_task(user, "High")  # High on top
    moving = [make_task(user, f"Mover {number}") for number in range(60)]
    positions = dict(Task.objects.values_list("pk", "position"))
    for task in moving:  # each one squeezed in right above Low: the same gap, halved every time
        services.move_task(user, task.pk, actor=SETUP_ACTOR, before=low.pk)
    assert manual(user)[0] == "High" and manual(user)[-1] == "Low"
    assert manual(user)[-2] == "Mover 59"
    now = dict(Task.objects.values_list("pk", "position"))
    assert now[low.pk] == positions[low.pk] and now[high.pk] == positions[high.pk]


def test_a_move_is_within_one_list_and_a_new_list_puts_the_task_on_top(user, make_task):
    home = organize.create_list(user, actor=SETUP_ACTOR, name="Home")
    there = make_task(user, "There", list_id=home.pk)
    here = make_task(user, "Here")
    with pytest.raises(ValidationError) as refused:
        services.move_task(user, here.pk, actor=SETUP_ACTOR, after=there.pk)
    assert "after" in refused.value.message_dict
    services.update_task(user, here.pk, actor=SETUP_ACTOR, list_id="Home")
    assert manual(user, list_id=home.pk) == ["Here", "There"]


def test_nobody_reaches_another_persons_lists_labels_or_steps(user, other_user, make_task):
    mine = organize.create_list(user, actor=SETUP_ACTOR, name="Secret")
    task = make_task(user, "Mine", list_id=mine.pk, labels=["private"], steps=["step"])
    with pytest.raises(ValidationError):
        make_task(other_user, "Theirs", list_id=mine.pk)
    with pytest.raises(ValidationError):
        make_task(other_user, "Theirs", list_id="Secret")
    for change in (
        lambda: organize.update_list(other_user, mine.pk, actor=SETUP_ACTOR, name="Taken"),
        lambda: organize.delete_list(other_user, mine.pk, actor=SETUP_ACTOR),
        lambda: organize.rename_label(other_user, "private", actor=SETUP_ACTOR, name="mine"),
        lambda: organize.delete_label(other_user, Label.objects.get(name="private").pk, actor=SETUP_ACTOR),
        lambda: services.toggle_step(other_user, task.pk, 1, actor=SETUP_ACTOR),
        lambda: services.move_task(other_user, task.pk, actor=SETUP_ACTOR, direction="up"),
    ):
        with pytest.raises(NotFound):
            change()
    assert organize.lists(other_user) == [] and organize.labels(other_user) == []
    assert titles(other_user, labels=["private"]) == []
    with pytest.raises(ValidationError):
        titles(other_user, list_id=mine.pk)
    other_task = make_task(other_user, "Theirs")
    with pytest.raises(ValidationError):
        services.move_task(user, task.pk, actor=SETUP_ACTOR, after=other_task.pk)
    record = Activity.objects.for_user(user).get(subject="list")
    with pytest.raises(undo.ActivityNotFound):
        undo.undo_activity(other_user, record.pk, actor=SETUP_ACTOR)
    task.refresh_from_db()
    assert (task.list_id, task.labels, task.steps) == (mine.pk, ["private"], [{"title": "step", "done": False}])


def test_undoing_many_adds_at_once_deletes_them_in_one_go_unless_one_changed_since(user, make_task):
    actor = SETUP_ACTOR.in_new_group()
    added = [services.add_task(user, actor=actor, title=f"Item {number}") for number in range(undo.BATCH_FROM + 5)]
    make_task(user, "Kept")
    services.update_task(user, added[3].pk, actor=SETUP_ACTOR, title="Changed since")
    with pytest.raises(undo.UndoConflict):  # the careful way: the rename since would be lost
        undo.undo_group(user, actor.group_id, actor=SETUP_ACTOR)
    assert Task.objects.count() == len(added) + 1
    undo.undo_activity(user, Activity.objects.for_user(user).get(action="updated").pk, actor=SETUP_ACTOR)

    outcome = undo.undo_group(user, actor.group_id, actor=SETUP_ACTOR)  # nothing since: one statement

    assert list(Task.objects.values_list("title", flat=True)) == ["Kept"]
    assert len(outcome.undone) == len(added) == len(outcome.records)
    assert {record.action for record in outcome.records} == {"deleted"}
    assert {record.undoes_id for record in outcome.records} == {activity.pk for activity in outcome.undone}
    assert services.task_page(user, fields=("id",)).counts["all"] == 1
    again = undo.undo_activity(user, outcome.records[0].pk, actor=SETUP_ACTOR)  # and an undo of that brings one back
    assert again.status == "undone" and Task.objects.count() == 2


def test_undoing_one_task_of_a_deleted_list_asks_for_the_list_first(user, make_task):
    trip = organize.create_list(user, actor=SETUP_ACTOR, name="Trip")
    make_task(user, "Pack", list_id=trip.pk)
    other = make_task(user, "Fly", list_id=trip.pk)
    services.update_task(user, other.pk, actor=SETUP_ACTOR, list_id=None)  # out of it, before the delete
    organize.delete_list(user, trip.pk, actor=SETUP_ACTOR, tasks="delete")
    deleted = Activity.objects.for_user(user).get(subject="task", action="deleted")
    with pytest.raises(undo.UndoConflict, match="undo the list's deletion first"):
        undo.undo_activity(user, deleted.pk, actor=SETUP_ACTOR)
    moved_out = Activity.objects.for_user(user).get(subject="task", action="updated")
    with pytest.raises(undo.UndoConflict):
        undo.undo_activity(user, moved_out.pk, actor=SETUP_ACTOR)
    assert list(Task.objects.values_list("title", flat=True)) == ["Fly"]


def test_an_account_with_lists_labels_and_imports_can_be_deleted(user, make_task):
    trip = organize.create_list(user, actor=SETUP_ACTOR, name="Trip")
    make_task(user, "Pack", list_id=trip.pk, labels=["travel"])
    user.delete()
    assert not Task.objects.exists() and not TaskList.objects.exists() and not Label.objects.exists()


def kept_and_counted(user) -> tuple[dict, dict]:
    """What the lists and labels keep, and what counting the open tasks says, by name (the Inbox too)."""
    kept = {found.name: found.pending for found in organize.lists(user, archived=True)}
    kept |= {f"#{label.name}": label.pending for label in organize.labels(user)}
    kept["Inbox"] = organize.inbox_pending(user)
    counted = dict.fromkeys(kept, 0)
    for task in Task.objects.for_user(user).filter(completed=False).select_related("list"):
        counted[task.list.name if task.list else "Inbox"] += 1
        for label in task.labels:
            if f"#{label}" in counted:
                counted[f"#{label}"] += 1
    return kept, counted


def test_the_kept_counts_of_lists_labels_and_the_inbox_stay_true_through_every_kind_of_change(user, make_task):
    import random

    rng = random.Random(5)  # noqa: S311  (a fixed, repeatable mix of changes)
    names = ["Work", "Home", "Trip"]
    for name in names:
        organize.create_list(user, actor=SETUP_ACTOR, name=name)
    tasks = [
        make_task(
            user, f"Task {n}", list_id=rng.choice([None, *names]), labels=rng.sample(["a", "b", "c"], rng.randrange(3))
        )
        for n in range(12)
    ]
    group = SETUP_ACTOR.in_new_group()
    steps = [
        lambda: services.complete_task(user, rng.choice(tasks).pk, actor=SETUP_ACTOR),
        lambda: services.update_task(user, rng.choice(tasks).pk, actor=SETUP_ACTOR, completed=False),
        lambda: services.update_task(user, rng.choice(tasks).pk, actor=SETUP_ACTOR, list_id=rng.choice([None, *names])),
        lambda: services.update_task(
            user, rng.choice(tasks).pk, actor=SETUP_ACTOR, labels=rng.sample(["a", "b", "d"], 2)
        ),
        lambda: services.delete_task(user, rng.choice(tasks).pk, actor=SETUP_ACTOR),
        lambda: services.add_task(user, actor=group, title="Grouped", labels=["a"], list_id="Work"),
        lambda: undo.undo_activity(
            user, Activity.objects.for_user(user).filter(subject="task").first().pk, actor=SETUP_ACTOR, force=True
        ),
    ]
    for _ in range(60):
        # A task deleted already, an undo refused: refused as a person would be, nothing written.
        with contextlib.suppress(NotFound, Conflict, ValidationError):
            rng.choice(steps)()
    assert kept_and_counted(user)[0] == kept_and_counted(user)[1]
    organize.rename_label(user, "a", actor=SETUP_ACTOR, name="alpha")
    organize.delete_label(user, "b", actor=SETUP_ACTOR)
    organize.delete_list(user, organize.list_named(user, "Home").pk, actor=SETUP_ACTOR, tasks="move")
    organize.delete_list(user, organize.list_named(user, "Trip").pk, actor=SETUP_ACTOR, tasks="delete")
    kept, counted = kept_and_counted(user)
    assert kept == counted
    for record in Activity.objects.for_user(user).filter(subject__in=["list", "label"]).exclude(action="created")[:4]:
        undo.undo_activity(user, record.pk, actor=SETUP_ACTOR, force=True)
    undo.undo_group(user, group.group_id, actor=SETUP_ACTOR, force=True)
    kept, counted = kept_and_counted(user)
    assert kept == counted
    assert organize.recount() == 0  # nothing for a recount to put right
