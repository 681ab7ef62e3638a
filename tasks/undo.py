"""Undo: put a task back the way it was before a recorded change.

Undo is itself a change, so it goes through the same records: it writes an
activity that points at what it undid (``Activity.undoes``, unique, so two
racing undos of one change cannot both land). It refuses (409) when the task
changed after the activity, naming that later change, unless forced: undoing
an old rename must not silently throw away a newer one.
"""

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status

from todo_project.errors import DomainError, NotFound

from .activity import Actor, change_action, field_values, full_snapshot, record, snapshot
from .models import Action, Activity, Task


class ActivityNotFound(NotFound):
    code = "activity_not_found"

    def __init__(self, activity_id: object):
        super().__init__(f"Activity {activity_id} not found")


class ActivityGroupNotFound(NotFound):
    code = "activity_group_not_found"

    def __init__(self, group_id: object):
        super().__init__(f"No changes in group {group_id}")


class UndoConflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
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
        verb = "renamed" if list(activity.after) == ["title"] else f"changed {', '.join(activity.changed_fields)} of"
    return f"{verb} “{activity.title}” (activity {activity.pk}, {activity.source})"


def _activity_id(activity_id: object) -> int:
    try:
        number = int(activity_id)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        raise ActivityNotFound(activity_id) from None
    if not 0 < number < 2**63:
        raise ActivityNotFound(activity_id)
    return number


def get_activity(user, activity_id: object) -> Activity:
    """The user's activity with this id; ActivityNotFound if it is missing, malformed or someone else's."""
    activity = Activity.objects.for_user(user).filter(pk=_activity_id(activity_id)).first()
    if activity is None:
        raise ActivityNotFound(activity_id)
    return activity


def _later_change(user, activity: Activity, ignoring: set[int]) -> Activity | None:
    return (
        Activity.objects.for_user(user)
        .filter(task_id=activity.task_id, pk__gt=activity.pk)
        .exclude(pk__in=ignoring)
        .order_by("pk")
        .first()
    )


def _reverse(user, activity: Activity, actor: Actor) -> Activity:
    """Write the inverse of one activity and its record; UndoConflict when there is nothing to put back."""
    task = Task.objects.for_user(user).select_for_update().filter(pk=activity.task_id).first()
    if activity.action in {Action.CREATED, Action.RESTORED}:
        if task is None:
            raise UndoConflict(f"Task {activity.task_id} no longer exists, so there is nothing to remove.")
        before = full_snapshot(task)
        task.delete()
        task.pk = activity.task_id
        return record(user, actor, Action.DELETED, task, before=before, after={}, undoes=activity)
    if activity.action == Action.DELETED:
        return _restore(user, activity, actor)
    if task is None:
        raise UndoConflict(f"Task {activity.task_id} no longer exists, so its change cannot be put back.")
    names = tuple(activity.before)
    current = snapshot(task, names)
    for name, value in field_values(activity.before).items():
        setattr(task, name, value)
    task.updated_at = timezone.now()
    task.save(update_fields=[*names, "updated_at"])
    action = change_action(names, task)
    return record(user, actor, action, task, before=current, after=dict(activity.before), undoes=activity)


def _restore(user, activity: Activity, actor: Actor) -> Activity:
    """Bring a deleted task back with its fields, under its old id unless that is taken."""
    fields = field_values(activity.before)
    task = Task(user=user, **fields)
    if not Task.objects.filter(pk=activity.task_id).exists():
        task.pk = activity.task_id
    task.save(force_insert=True)
    # created_at is set on insert; put the original back so the task returns to its place in the list.
    if "created_at" in fields:
        Task.objects.filter(pk=task.pk).update(created_at=fields["created_at"])
        task.created_at = fields["created_at"]
    return record(user, actor, Action.RESTORED, task, before={}, after=full_snapshot(task), undoes=activity)


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
    if not force:
        for activity in pending:
            later = _later_change(user, activity, together)
            if later is not None:
                raise UndoConflict(
                    f"Task {activity.task_id} has changed since: {describe(later)}. "
                    "Undo that change first, or force this undo to overwrite it."
                )
    undo_actor = actor if actor.group_id is not None else actor.in_new_group()
    records = [_reverse(user, activity, undo_actor) for activity in pending]
    what = describe(pending[0]) if len(pending) == 1 else f"{len(pending)} changes"
    return UndoOutcome(status="undone", undone=pending, records=records, message=f"Undid: {what}.")


def _locked(activities) -> list[Activity]:
    """Lock the rows, then read them with their undo state in a second statement.

    Under PostgreSQL's READ COMMITTED, the second statement sees an undo that
    a racing transaction committed while we waited for the lock; a join in
    the locking statement would still show the state from before the wait.
    """
    ids = list(activities.select_for_update().values_list("pk", flat=True))
    return list(Activity.objects.filter(pk__in=ids).with_undo().order_by("-pk"))


def _run(user, activities, *, actor: Actor, force: bool, missing: DomainError) -> UndoOutcome:
    try:
        with transaction.atomic():
            locked = _locked(activities)
            if not locked:
                raise missing
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
    undoes even when the task changed since.
    """
    number = _activity_id(activity_id)
    activities = Activity.objects.for_user(user).filter(pk=number)
    return _run(user, activities, actor=actor, force=force, missing=ActivityNotFound(activity_id))


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
