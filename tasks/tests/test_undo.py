"""Undo puts a task back exactly as it was, refuses to overwrite a later change, and never undoes twice."""

import threading
from datetime import date

import psycopg
import pytest
from django.db import connection

from tasks import services, undo
from tasks.activity import Actor
from tasks.models import Activity, Channel, Task
from todo_project.errors import Conflict

AGENT = Actor(Channel.MCP, "Claude Desktop")
PERSON = Actor(Channel.WEB)


def state(task_id: int) -> tuple | None:
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        return None
    return (task.user_id, task.title, task.description, task.priority, task.due_date, task.completed, task.created_at)


def last(user) -> Activity:
    return Activity.objects.for_user(user).latest("pk")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda user, task: services.update_task(user, task.pk, actor=AGENT, title="Renamed"), id="rename"),
        pytest.param(
            lambda user, task: services.update_task(
                user, task.pk, actor=AGENT, description="", priority="low", due_date=None
            ),
            id="several fields",
        ),
        pytest.param(lambda user, task: services.complete_task(user, task.pk, actor=AGENT), id="complete"),
        pytest.param(lambda user, task: services.delete_task(user, task.pk, actor=AGENT), id="delete"),
    ],
)
def test_undo_restores_the_exact_previous_state(user, make_task, change):
    task = make_task(user, "Call mom", description="about Sunday", priority="high", due_date=date(2030, 1, 2))
    before = state(task.pk)
    change(user, task)
    undone = last(user)

    outcome = undo.undo_activity(user, undone.pk, actor=PERSON)

    assert outcome.status == "undone"
    assert state(task.pk) == before  # the same id, every field, even created_at
    (record,) = outcome.records
    assert (record.undoes, record.channel, record.task_id) == (undone, "web", task.pk)
    assert Activity.objects.get(pk=undone.pk).undone_by_activity == record


def test_undoing_a_reopen_completes_again(user, make_task):
    task = make_task(user)
    services.complete_task(user, task.pk, actor=PERSON)
    services.update_task(user, task.pk, actor=AGENT, completed=False)
    outcome = undo.undo_activity(user, last(user).pk, actor=PERSON)
    assert Task.objects.get(pk=task.pk).completed
    assert outcome.records[0].action == "completed"


def test_undoing_an_add_removes_the_task_and_undoing_that_brings_it_back(user):
    task = services.add_task(user, actor=AGENT, title="Duplicate", due_date=date(2030, 3, 4))
    added = last(user)
    removal = undo.undo_activity(user, added.pk, actor=PERSON).records[0]
    assert removal.action == "deleted" and not Task.objects.filter(pk=task.pk).exists()

    restore = undo.undo_activity(user, removal.pk, actor=PERSON).records[0]
    assert restore.action == "restored"
    assert Task.objects.get(pk=task.pk).due_date == date(2030, 3, 4)


def test_undoing_twice_changes_nothing_and_says_so(user, make_task):
    task = make_task(user, "Pay bills")
    services.update_task(user, task.pk, actor=AGENT, title="Pay all bills")
    change = last(user)
    first = undo.undo_activity(user, change.pk, actor=PERSON)
    count = Activity.objects.count()

    again = undo.undo_activity(user, change.pk, actor=PERSON)

    assert again.status == "already_undone" and again.records == []
    assert (
        again.message
        == f"Activity {change.pk} was already undone (by activity {first.records[0].pk}); nothing changed."
    )
    assert Activity.objects.count() == count
    assert Task.objects.get(pk=task.pk).title == "Pay bills"


def test_a_later_change_blocks_the_undo_naming_it_unless_forced(user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Draft report")
    rename = last(user)
    services.complete_task(user, task.pk, actor=Actor(Channel.CHAT, "conversation 3"))
    later = last(user)
    count = Activity.objects.count()

    with pytest.raises(undo.UndoConflict) as conflict:
        undo.undo_activity(user, rename.pk, actor=PERSON)

    assert isinstance(conflict.value, Conflict)
    assert conflict.value.message == (
        f"Task {task.pk} has changed since: completed “Draft report” (activity {later.pk}, Chat · conversation 3). "
        "Undo that change first, or force this undo to overwrite it."
    )
    assert Activity.objects.count() == count and Task.objects.get(pk=task.pk).title == "Draft report"

    undo.undo_activity(user, rename.pk, actor=PERSON, force=True)
    assert (Task.objects.get(pk=task.pk).title, Task.objects.get(pk=task.pk).completed) == ("Report", True)


def test_a_forced_undo_of_a_change_already_reverted_is_recorded_and_can_itself_be_undone(user, make_task):
    task = make_task(user, "Original")
    services.update_task(user, task.pk, actor=AGENT, title="Renamed")
    renamed = last(user)
    services.update_task(user, task.pk, actor=PERSON, title="Original")  # put back by hand

    forced = undo.undo_activity(user, renamed.pk, actor=PERSON, force=True)

    (record,) = forced.records
    assert (record.undoes, record.before, record.after) == (renamed, {}, {})
    assert Task.objects.get(pk=task.pk).title == "Original"
    again = undo.undo_activity(user, record.pk, actor=PERSON)
    assert again.status == "undone"
    assert Task.objects.get(pk=task.pk).title == "Original"


def test_a_task_deleted_before_tasks_had_numbers_comes_back_with_the_next_number(user, make_task):
    """Records written by earlier versions hold fewer columns; the restore fills in what a new task would get."""
    newest = make_task(user, "Numbered")
    services.delete_task(user, newest.pk, actor=PERSON)
    deleted = last(user)
    legacy = {key: deleted.before[key] for key in ("title", "description", "priority", "due_date", "completed")}
    Activity.objects.filter(pk=deleted.pk).update(before=legacy)

    undo.undo_activity(user, deleted.pk, actor=PERSON)

    restored = Task.objects.get(pk=newest.pk)
    assert restored.title == "Numbered"
    assert restored.number == newest.number + 1
    assert restored.created_at is not None


def test_undo_of_a_change_to_a_task_deleted_since_is_refused_with_a_reason(user, make_task):
    task = make_task(user, "Gym")
    services.update_task(user, task.pk, actor=AGENT, priority="high")
    change = last(user)
    services.delete_task(user, task.pk, actor=PERSON)

    with pytest.raises(undo.UndoConflict, match="changed since: deleted “Gym”"):
        undo.undo_activity(user, change.pk, actor=PERSON)
    with pytest.raises(undo.UndoConflict, match=f"Task {task.pk} no longer exists"):
        undo.undo_activity(user, change.pk, actor=PERSON, force=True)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_a_group_is_undone_together(user, make_task):
    kept = make_task(user, "Kept")
    turn = Actor.for_conversation(4)
    eggs = services.add_task(user, actor=turn, title="Eggs")
    services.add_task(user, actor=turn, title="Flour")
    services.complete_task(user, kept.pk, actor=turn)

    outcome = undo.undo_group(user, turn.group_id, actor=PERSON)

    assert outcome.status == "undone" and len(outcome.records) == 3
    assert list(Task.objects.for_user(user).values_list("title", "completed")) == [("Kept", False)]
    # The undo's own records share a group, so the undo can itself be undone in one step.
    assert len({record.group_id for record in outcome.records}) == 1
    undo.undo_group(user, outcome.records[0].group_id, actor=PERSON)
    assert sorted(Task.objects.for_user(user).values_list("title", flat=True)) == ["Eggs", "Flour", "Kept"]
    assert Task.objects.filter(pk=eggs.pk).exists()


@pytest.mark.parametrize("activity_id", [0, -1, "abc", None, 2**70, 999_999])
def test_malformed_or_missing_activities_are_not_found(user, activity_id):
    with pytest.raises(undo.ActivityNotFound):
        undo.undo_activity(user, activity_id, actor=PERSON)


def test_another_users_activity_is_not_found_and_untouched(user, other_user, make_task):
    theirs = make_task(other_user, "Theirs")
    services.update_task(other_user, theirs.pk, actor=AGENT, title="Theirs, renamed")
    change = last(other_user)
    with pytest.raises(undo.ActivityNotFound, match=f"Activity {change.pk} not found"):
        undo.undo_activity(user, change.pk, actor=PERSON)
    with pytest.raises(undo.NotFound):
        undo.undo_group(user, change.group_id, actor=PERSON)
    assert Task.objects.get(pk=theirs.pk).title == "Theirs, renamed"
    assert Activity.objects.get(pk=change.pk).undone_by_activity is None


@pytest.mark.django_db(transaction=True)
def test_two_racing_undos_of_one_change_restore_once(make_user):
    owner = make_user("racer")
    task = services.add_task(owner, actor=PERSON, title="Race")
    services.delete_task(owner, task.pk, actor=AGENT)
    deletion = last(owner)
    barrier = threading.Barrier(2, timeout=20)
    outcomes, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(undo.undo_activity(owner, deletion.pk, actor=PERSON).status)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(outcomes) == ["already_undone", "undone"]
    assert Task.objects.filter(pk=task.pk).count() == 1
    assert Activity.objects.filter(undoes=deletion).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_undo_and_a_write_to_one_of_its_tasks_never_deadlock(make_user):
    """Undo takes its tasks before the person's counts, as every single write does; a write that holds one
    of the tasks and then moves the counts lets the undo wait, instead of each waiting for the other."""
    owner = make_user("lockstep")
    together = PERSON.in_new_group()
    gone = services.add_task(owner, actor=PERSON, title="Gone")
    kept = services.add_task(owner, actor=PERSON, title="Kept")
    services.update_task(owner, kept.pk, actor=together, title="Kept, renamed")
    services.delete_task(owner, gone.pk, actor=together)  # undone first: its restore moves the counts
    errors: list[BaseException] = []

    def run_undo() -> None:
        try:
            undo.undo_group(owner, together.group_id, actor=PERSON)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("UPDATE tasks_task SET title = title WHERE id = %s", [kept.pk])  # holds the task's lock
        undoing = threading.Thread(target=run_undo)
        undoing.start()
        undoing.join(timeout=1)  # the undo now waits for the task
        other.execute("SET lock_timeout = '5s'")
        other.execute("UPDATE tasks_profile SET task_count = task_count WHERE user_id = %s", [owner.pk])
        other.commit()
    undoing.join(timeout=30)

    assert errors == []
    assert Task.objects.get(pk=kept.pk).title == "Kept"
    assert Task.objects.filter(pk=gone.pk).exists()


def test_a_refusal_names_the_standing_change_and_changes_that_cancel_out_block_nothing(user, make_task):
    """Before: the refusal named the first later change even when it was undone, so an agent told to undo
    it first was told "already undone" and came back to the same refusal."""
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Draft")
    first = last(user)
    services.update_task(user, task.pk, actor=PERSON, title="Final")
    second = last(user)
    undo.undo_activity(user, second.pk, actor=PERSON)  # "Final" taken back: the title is "Draft" again

    assert undo.undo_activity(user, first.pk, actor=AGENT).status == "undone"
    assert Task.objects.get(pk=task.pk).title == "Report"


def test_a_refusal_names_the_change_that_set_what_would_be_overwritten(user, make_task):
    task = make_task(user, "Report")
    services.update_task(user, task.pk, actor=AGENT, title="Draft")
    first = last(user)
    services.update_task(user, task.pk, actor=PERSON, title="Final")
    renamed = last(user)
    services.update_task(user, task.pk, actor=PERSON, priority="high")
    undo.undo_activity(user, last(user).pk, actor=PERSON)  # the priority change, taken back

    with pytest.raises(undo.UndoConflict) as refused:
        undo.undo_activity(user, first.pk, actor=AGENT)
    assert f"(activity {renamed.pk}," in refused.value.message

    undo.undo_activity(user, renamed.pk, actor=AGENT)  # following the message works at once
    assert undo.undo_activity(user, first.pk, actor=AGENT).status == "undone"
    assert Task.objects.get(pk=task.pk).title == "Report"
