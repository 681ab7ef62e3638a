"""Undo: put a task back the way it was before a recorded change.

Undo is itself a change, so it goes through the same records: it writes an
activity that points at what it undid (``Activity.undoes``, unique, so two
racing undos of one change cannot both land). It refuses (409) when the task
changed after the activity, naming the standing change to undo first, unless
forced: undoing an old rename must not silently throw away a newer one.
"""

from dataclasses import dataclass
from typing import Final, Literal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Field

from todo_project.errors import Conflict, DomainError, NotFound
from todo_project.ids import row_id

from . import organize, store
from .activity import Actor
from .fields import TRACKED, WHEN
from .models import Action, Activity, Subject, Task, TaskList
from .reminders import schedule_task


class ActivityNotFound(NotFound):
    code = "activity_not_found"

    def __init__(self, activity_id: object):
        super().__init__(f"Activity {activity_id} not found")


class ActivityGroupNotFound(NotFound):
    code = "activity_group_not_found"

    def __init__(self, group_id: object):
        super().__init__(f"No changes in group {group_id}")


class UndoConflict(Conflict):
    code = "undo_conflict"


@dataclass(frozen=True)
class UndoOutcome:
    """What an undo did: the activities it reversed and the records it wrote (none if already undone)."""

    status: Literal["undone", "already_undone"]
    undone: list[Activity]
    records: list[Activity]
    message: str


def describe(activity: Activity) -> str:
    """One change as a sentence fragment: 'renamed “Buy milk” (activity 12, MCP · Claude Desktop)'."""
    verbs = {
        Action.CREATED: "added",
        Action.COMPLETED: "completed",
        Action.UNCOMPLETED: "reopened",
        Action.DELETED: "deleted",
        Action.RESTORED: "restored",
    }
    verb = verbs.get(Action(activity.action))
    if verb is None:
        renamed = list(activity.after) in (["title"], ["name"])
        moved = list(activity.after) == ["position"]
        verb = "renamed" if renamed else "moved" if moved else f"changed {', '.join(activity.changed_fields)} of"
    subject = "" if activity.subject == Subject.TASK else f"the {activity.subject} "
    return f"{verb} {subject}“{activity.title}” (activity {activity.pk}, {activity.source})"


def _activity_id(activity_id: object) -> int:
    number = row_id(activity_id)
    if number is None:
        raise ActivityNotFound(activity_id)
    return number


def get_activity(user, activity_id: object) -> Activity:
    """The user's activity with this id; ActivityNotFound if it is missing, malformed or someone else's."""
    activity = Activity.objects.for_user(user).filter(pk=_activity_id(activity_id)).first()
    if activity is None:
        raise ActivityNotFound(activity_id)
    return activity


def _blocking_change(user, activity: Activity, ignoring: set[int]) -> Activity | None:
    """The standing change that undoing ``activity`` would overwrite; None when nothing since would be lost.

    Later changes that cancel out (a change and its undo) leave the task as
    ``activity`` left it: those block nothing, so an agent told to "undo that
    change first" is never sent to one that was already undone. Otherwise the
    change named is the newest standing one that set a field which now differs
    from what it was just after ``activity``: the change to undo first.
    """
    # The changes made together are left out here, not in SQL: a group can be an import of thousands.
    later = [
        change
        for change in Activity.objects.for_user(user)
        .filter(subject=activity.subject, task_id=activity.task_id, pk__gt=activity.pk)
        .with_undo()
        .order_by("pk")
        if change.pk not in ignoring
    ]
    if not later:
        return None
    standing = [change for change in reversed(later) if change.undone_by_activity is None] or [later[-1]]
    if activity.subject != Subject.TASK:
        return standing[0] if standing[0].undone_by_activity is None else None
    task = Task.objects.for_user(user).filter(pk=activity.task_id).first()
    if task is None:
        return standing[0]  # deleted since: the deletion (or what stands of the changes since) is what to undo
    moved: set[str] = set()
    seen: set[str] = set()
    for change in later:  # oldest first: the first to touch a field recorded its value from just after `activity`
        for name in change.before.keys() & set(TRACKED) - seen:
            seen.add(name)
            if _tracked_field(name).to_python(change.before[name]) != getattr(task, name):
                moved.add(name)
    if not moved:
        return None
    return next((change for change in standing if moved & change.after.keys()), standing[0])


def _reverse(user, activity: Activity, actor: Actor) -> Activity:
    """Write the inverse of one activity, through the same statements as any change; UndoConflict when there is
    nothing to put back. Returns the record of the undo."""
    if activity.subject != Subject.TASK:
        organize.reverse(user, activity, actor)
        return Activity.objects.get(undoes=activity)
    _list_still_there(user, activity)
    if activity.action in {Action.CREATED, Action.RESTORED}:
        if store.delete(user.pk, activity.task_id, actor, undoes=activity.pk) is None:
            raise UndoConflict(f"Task {activity.task_id} no longer exists, so there is nothing to remove.")
    elif activity.action == Action.DELETED:
        restored = store.restore(user.pk, activity.task_id, activity.before, actor, undoes=activity.pk)
        if restored.reminders:
            schedule_task(restored)
    else:
        values = {name: _tracked_field(name).to_python(value) for name, value in activity.before.items()}
        task, _ = store.update(user.pk, activity.task_id, actor, values, undoes=activity.pk)
        if task is None:
            raise UndoConflict(f"Task {activity.task_id} no longer exists, so its change cannot be put back.")
        if values.keys() & set(WHEN):  # its day, time or reminders are back: so are its reminders' moments
            schedule_task(task)
    return Activity.objects.get(undoes=activity)


def _list_still_there(user, activity: Activity) -> None:
    """UndoConflict when putting the task back would put it in a list deleted since (undoing that deletion
    brings the list back with its tasks)."""
    list_id = activity.before.get("list_id")
    if list_id and not TaskList.objects.for_user(user).filter(pk=list_id).exists():
        raise UndoConflict(
            f"Task {activity.task_id} was in a list that has been deleted since; "
            "undo the list's deletion first (it brings its tasks back with it)."
        )


def _tracked_field(name: str) -> Field:
    """The model field of a tracked name, which turns a record's JSON back into its value (dates)."""
    field = Task._meta.get_field(name)
    assert isinstance(field, Field) and name in TRACKED, name
    return field


def _undo(user, activities: list[Activity], *, actor: Actor, force: bool) -> UndoOutcome:
    """Reverse ``activities`` (locked, newest first) in one transaction; the caller holds it open."""
    pending = [activity for activity in activities if activity.undone_by_activity is None]
    if not pending:
        first = activities[0]
        return UndoOutcome(
            status="already_undone",
            undone=activities,
            records=[],
            message=(
                f"Activity {first.pk} was already undone (by activity {_pk(first.undone_by_activity)}); "
                "nothing changed."
                if len(activities) == 1
                else f"Those {len(activities)} changes were already undone; nothing changed."
            ),
        )
    together = {activity.pk for activity in activities}
    added = _added_together(user, pending, together)  # nothing since touched them: none blocks
    batched = {activity.pk for activity in added}
    if not force:
        for activity in pending:
            if activity.pk in batched:
                continue
            later = _blocking_change(user, activity, together)
            if later is not None:
                what = f"Task {activity.task_id}" if activity.subject == Subject.TASK else f"The {activity.subject}"
                raise UndoConflict(
                    f"{what} has changed since: {describe(later)}. "
                    "Undo that change first, or force this undo to overwrite it."
                )
    undo_actor = actor if actor.group_id is not None else actor.in_new_group()
    records = []
    if added:  # an import, or a long list added in one go: deleted in one statement, each delete recorded
        store.delete_many(user.pk, {activity.task_id: activity.pk for activity in added}, undo_actor)
        records = list(Activity.objects.filter(undoes__in=batched).order_by("-pk"))
    records += [_reverse(user, activity, undo_actor) for activity in pending if activity.pk not in batched]
    what = describe(pending[0]) if len(pending) == 1 else f"{len(pending)} changes"
    return UndoOutcome(status="undone", undone=pending, records=records, message=f"Undid: {what}.")


BATCH_FROM: Final = 20
"""From how many added tasks an undo deletes them in one statement instead of one by one."""


def _added_together(user, pending: list[Activity], together: set[int]) -> list[Activity]:
    """The task additions among ``pending`` when an undo may delete them all in one statement: many of them, every
    task change of the undo is an addition, and nothing outside the group touched those tasks since (else each
    goes the careful way, ``_blocking_change`` and ``_reverse``). Empty otherwise."""
    tasks = [activity for activity in pending if activity.subject == Subject.TASK]
    if len(tasks) < BATCH_FROM or any(activity.action not in {Action.CREATED, Action.RESTORED} for activity in tasks):
        return []
    touched_since = (
        Activity.objects.for_user(user)
        .filter(subject=Subject.TASK, task_id__in=[activity.task_id for activity in tasks])
        .filter(pk__gt=min(activity.pk for activity in tasks))
        .exclude(pk__in=together)
    )
    return [] if touched_since.exists() else tasks


def _locked(activities) -> list[Activity]:
    """Lock the rows, then read them with their undo state in a second statement.

    Under PostgreSQL's READ COMMITTED, the second statement sees an undo that
    a racing transaction committed while we waited for the lock; a join in
    the locking statement would still show the state from before the wait.
    """
    ids = list(activities.select_for_update().values_list("pk", flat=True))
    return list(Activity.objects.filter(pk__in=ids).with_undo().order_by("-pk"))


def _lock_tasks(user, activities: list[Activity]) -> None:
    """Lock the tasks an undo will write, in id order, before any of its statements moves the person's counts.

    Every single write locks its task, then the person's profile (``tasks.store``). An undo of several
    changes runs several statements in one transaction; were it to take the profile with its first
    statement and a task with its second, a write to that task in between would wait for the profile
    while holding the task: a deadlock. Tasks first, then the profile, everywhere.
    """
    task_ids = sorted({activity.task_id for activity in activities if activity.subject == Subject.TASK})
    list(Task.objects.for_user(user).filter(pk__in=task_ids).order_by("pk").select_for_update().values_list("pk"))


def _run(user, activities, *, actor: Actor, force: bool, missing: DomainError) -> UndoOutcome:
    try:
        with transaction.atomic():
            locked = _locked(activities)
            if not locked:
                raise missing
            _lock_tasks(user, locked)
            return _undo(user, locked, actor=actor, force=force)
    except IntegrityError:
        # Another process undid the same change between our check and our write (the unique
        # ``undoes`` caught it): then what stands now is "already undone", which _undo reports without writing.
        current = list(activities.with_undo().order_by("-pk"))
        if current and all(activity.undone_by_activity is not None for activity in current):
            return _undo(user, current, actor=actor, force=force)
        raise


def undo_activity(user, activity_id: object, *, actor: Actor, force: bool = False) -> UndoOutcome:
    """Undo one of the user's changes; ActivityNotFound for a missing or foreign one alike.

    Undoing what is already undone changes nothing and says so. ``force``
    undoes even when the task changed since. A list's or a label's change is
    undone with the changes to tasks made with it (its group): a deleted
    list comes back with its tasks where they were.
    """
    number = _activity_id(activity_id)
    activities = Activity.objects.for_user(user).filter(pk=number)
    subject = activities.values_list("subject", "group_id").first()
    if subject is not None and subject[0] != Subject.TASK:
        activities = Activity.objects.for_user(user).filter(group_id=subject[1])
    return _run(user, activities, actor=actor, force=force, missing=ActivityNotFound(activity_id))


def latest_group(user, *, channel: str) -> UUID | None:
    """The group of the person's newest change made in ``channel`` that still stands (not undone, not itself an
    undo): what "undo" with no more said takes back. None when there is none."""
    standing = Activity.objects.for_user(user).filter(channel=channel, undoes__isnull=True, undone_by__isnull=True)
    return standing.order_by("-created_at", "-pk").values_list("group_id", flat=True).first()


def undo_group(user, group_id: object, *, actor: Actor, force: bool = False) -> UndoOutcome:
    """Undo every change made together (one request, one chat turn), newest first, all or nothing."""
    try:
        group = UUID(str(group_id))
    except ValueError:
        raise ActivityGroupNotFound(group_id) from None
    activities = Activity.objects.for_user(user).filter(group_id=group)
    return _run(user, activities, actor=actor, force=force, missing=ActivityGroupNotFound(group))


def _pk(activity: Activity | None) -> object:
    return activity.pk if activity is not None else "?"
