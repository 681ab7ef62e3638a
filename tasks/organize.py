"""A person's lists and labels, and a task's steps: what they are called, made, renamed, archived and deleted.

Every change here is recorded (``Activity`` with ``subject`` list or label)
in the transaction of the change, and undone through ``tasks.undo`` like a
task's. What a change does to tasks (a deleted list's tasks moved to the Inbox
or deleted with it, a renamed label renamed on every task) goes through
``tasks.store``, one statement with a record per task, in the same group: so
"undo" of the list's deletion puts back the list and every task as they were.
Every read starts at ``for_user``: another person's list or label is one that
does not exist.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Final, Literal
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower

from todo_project.errors import Conflict, NotFound
from todo_project.ids import row_id

from . import store
from .activity import Actor
from .models import INBOX, Action, Activity, Colour, Label, Profile, Subject, Task, TaskList

MAX_STEPS: Final = 100
STEP_TITLE_MAX_LENGTH: Final = Task.TITLE_MAX_LENGTH
MAX_LABELS: Final = 20
"""On one task."""


class ListNotFound(NotFound):
    code = "list_not_found"

    def __init__(self, list_id: object):
        super().__init__(f"List {list_id} not found")


class LabelNotFound(NotFound):
    code = "label_not_found"

    def __init__(self, label: object):
        super().__init__(f"Label {label} not found")


# Steps ------------------------------------------------------------------------------------------------------------


def clean_steps(value: object) -> list[dict[str, Any]]:
    """Steps as they are kept: ``[{"title": str, "done": bool}]`` in order. A bare string is a step still to do.
    ValidationError (on ``steps``) names the step and what is wrong with it."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError({"steps": "Expected a list of steps."})
    if len(value) > MAX_STEPS:
        raise ValidationError({"steps": f"At most {MAX_STEPS} steps per task."})
    cleaned = []
    for number, step in enumerate(value, start=1):
        if isinstance(step, str):
            step = {"title": step}
        if not isinstance(step, Mapping) or not {"title"} <= step.keys() <= {"title", "done"}:
            raise ValidationError({"steps": f"Step {number}: give a “title” (and “done”, true or false)."})
        title, done = step["title"], step.get("done", False)
        if not isinstance(title, str) or not title.strip() or len(title.strip()) > STEP_TITLE_MAX_LENGTH:
            raise ValidationError(
                {"steps": f"Step {number}: the title must be 1 to {STEP_TITLE_MAX_LENGTH} characters."}
            )
        if "\x00" in title:
            raise ValidationError({"steps": f"Step {number}: the title holds a null character."})
        if not isinstance(done, bool):
            raise ValidationError({"steps": f"Step {number}: “done” must be true or false."})
        cleaned.append({"title": title.strip(), "done": done})
    return cleaned


def open_steps(steps: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for step in steps if not step["done"])


def all_done(steps: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**step, "done": True} for step in steps]


def all_open(steps: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**step, "done": False} for step in steps]


# Reading ------------------------------------------------------------------------------------------------------------


def lists(user, *, archived: bool = False) -> list[TaskList]:
    """The person's lists by name, each with ``pending`` (kept by ``tasks.store``), archived ones too with
    ``archived``."""
    owned = TaskList.objects.for_user(user)
    return list(owned if archived else owned.active())


def inbox_pending(user) -> int:
    """How many tasks still to do are in no list: all the person's open tasks (their profile keeps the count)
    but those of their lists (each keeps its own)."""
    with connection.cursor() as cursor:
        cursor.execute(_INBOX, {"user": user.pk})
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def list_names(user) -> tuple[str, ...]:
    """The names of the person's lists (not archived): what their words can put a task in."""
    return tuple(TaskList.objects.for_user(user).active().values_list("name", flat=True))


_INBOX: Final = f"""
    SELECT GREATEST(0, COALESCE((SELECT task_count - completed_count FROM {Profile._meta.db_table}
                                 WHERE user_id = %(user)s), 0)
                       - COALESCE((SELECT SUM(pending) FROM {TaskList._meta.db_table} WHERE user_id = %(user)s), 0))
"""  # noqa: S608  (the models' own tables)


RECOUNT: Final = f"""
    WITH lists AS (
        UPDATE {TaskList._meta.db_table} AS kept SET pending = counted.pending
        FROM (SELECT list.id, COUNT(task.id) AS pending FROM {TaskList._meta.db_table} AS list
              LEFT JOIN {Task._meta.db_table} AS task ON task.list_id = list.id AND NOT task.completed
              GROUP BY list.id) AS counted
        WHERE kept.id = counted.id AND kept.pending <> counted.pending
        RETURNING 1
    ), labels AS (
        UPDATE {Label._meta.db_table} AS kept SET pending = COALESCE(counted.pending, 0)
        FROM {Label._meta.db_table} AS label LEFT JOIN (
            SELECT task.user_id, name, COUNT(*) AS pending
            FROM {Task._meta.db_table} AS task, unnest(task.labels) AS name
            WHERE NOT task.completed GROUP BY task.user_id, name
        ) AS counted ON counted.user_id = label.user_id AND counted.name = label.name
        WHERE kept.id = label.id AND kept.pending <> COALESCE(counted.pending, 0)
        RETURNING 1
    )
    SELECT (SELECT COUNT(*) FROM lists) + (SELECT COUNT(*) FROM labels)
"""  # noqa: S608  (the models' own tables)


def recount() -> int:
    """Set every list's and label's count of open tasks from the tasks as they are; how many were off.
    ``tasks.store`` keeps them with each change; this is for tasks written around it (the benchmark's seed)."""
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def get_list(user, list_id: object) -> TaskList:
    """The user's list with this id; ListNotFound if it is missing, malformed or someone else's."""
    pk = row_id(list_id)
    found = TaskList.objects.for_user(user).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise ListNotFound(list_id)
    return found


def list_named(user, name: str) -> TaskList | None:
    """The user's list called ``name`` (any case), or None. "Inbox" is no row: None too."""
    return TaskList.objects.for_user(user).filter(name__iexact=name.strip()).first()


def find_list(user, reference: object, *, field: str = "list") -> int | None:
    """The id of the list a person or a program names: an id, a name, or "Inbox" (None); ValidationError on
    ``field`` for one that does not exist (a list is never made by naming it)."""
    if reference is None or (isinstance(reference, str) and reference.strip().lower() in {"", INBOX.lower()}):
        return None
    pk = row_id(reference)
    found = TaskList.objects.for_user(user).filter(pk=pk).first() if pk is not None else None
    if found is None and isinstance(reference, str):
        found = list_named(user, reference)
    if found is None:
        raise ValidationError(
            {field: f"There is no list “{reference}”. Make it first, or leave the task in the Inbox."}
        )
    return found.pk


def labels(user) -> list[Label]:
    """The person's labels by name, each with ``pending`` (how many tasks still to do have it, kept by
    ``tasks.store``)."""
    return list(Label.objects.for_user(user))


def _record(
    user,
    actor: Actor,
    subject: Subject,
    action: Action,
    pk: int,
    name: str,
    before=None,
    after=None,
    undoes: Activity | None = None,
) -> None:
    Activity.objects.create(
        undoes=undoes,
        user=user,
        subject=subject,
        action=action,
        task_id=pk,
        title=name,
        before=before or {},
        after=after or {},
        channel=actor.channel,
        actor=actor.name[: Activity.ACTOR_MAX_LENGTH],
        group_id=actor.group_id or uuid4(),
    )


def _label_name(name: object, field: str = "labels") -> str:
    if not isinstance(name, str):
        raise ValidationError({field: "A label is a name, e.g. “errands”."})
    name = name.strip().removeprefix("#").strip()
    if "\x00" in name:
        raise ValidationError({field: "A label name cannot hold a null character."})
    if not name or len(name) > Label.NAME_MAX_LENGTH:
        raise ValidationError({field: f"A label name must be 1 to {Label.NAME_MAX_LENGTH} characters."})
    if any(character in name for character in ",#"):
        raise ValidationError({field: f"A label name cannot hold “,” or “#”: “{name}”."})
    return name


def clean_label_names(value: object) -> list[str]:
    """Label names as given (without a leading #), each once (whatever its case); ValidationError on ``labels``."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError({"labels": "Expected a list of label names, e.g. [“errands”, “home”]."})
    if len(value) > MAX_LABELS:
        raise ValidationError({"labels": f"At most {MAX_LABELS} labels per task."})
    names: dict[str, str] = {}
    for item in value:
        name = _label_name(item)
        names.setdefault(name.lower(), name)
    return list(names.values())


def spelled(user, names: list[str]) -> dict[str, str]:
    """The person's labels among ``names``, whatever their case: lower-cased name → the label's own spelling."""
    lowered = [name.lower() for name in names]
    found = Label.objects.for_user(user).annotate(lowered=Lower("name")).filter(lowered__in=lowered)
    return dict(found.values_list("lowered", "name"))


def label_names(user, names: list[str], *, actor: Actor) -> list[str]:
    """The person's labels by these names, as their labels spell them; the ones they do not have yet are made
    (and recorded). Call inside the transaction of the write that uses them."""
    if not names:
        return []
    have = spelled(user, names)
    for name in names:
        if name.lower() not in have:
            label, made = Label.objects.get_or_create(user=user, name__iexact=name, defaults={"name": name})
            if made:
                _record(user, actor, Subject.LABEL, Action.CREATED, label.pk, label.name, after={"name": label.name})
            have[name.lower()] = label.name
    return [have[name.lower()] for name in names]


def get_label(user, reference: object) -> Label:
    """The user's label with this id or name (with or without #); LabelNotFound otherwise."""
    found = None
    pk = row_id(reference) if not isinstance(reference, str) or reference.isdigit() else None
    if pk is not None:
        found = Label.objects.for_user(user).filter(pk=pk).first()
    if found is None and isinstance(reference, str):
        found = Label.objects.for_user(user).filter(name__iexact=reference.strip().removeprefix("#")).first()
    if found is None:
        raise LabelNotFound(reference)
    return found


# Changing ---------------------------------------------------------------------------------------------------------


def _list_name(user, name: object, *, current: TaskList | None = None) -> str:
    if not isinstance(name, str):
        raise ValidationError({"name": "A list's name is text, e.g. “Groceries”."})
    name = " ".join(name.split())
    if "\x00" in name:
        raise ValidationError({"name": "A list's name cannot hold a null character."})
    if not name or len(name) > TaskList.NAME_MAX_LENGTH:
        raise ValidationError({"name": f"A list's name must be 1 to {TaskList.NAME_MAX_LENGTH} characters."})
    if name.lower() == INBOX.lower():
        raise ValidationError({"name": f"“{INBOX}” is everyone's first list; give this one another name."})
    taken = TaskList.objects.for_user(user).filter(name__iexact=name)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        raise ValidationError({"name": f"You already have a list called “{name}”."})
    return name


def _colour(value: object) -> str:
    if value not in Colour.values:
        raise ValidationError({"colour": f"Must be one of: {', '.join(Colour.values)}."})
    return str(value)


def _list_fields(task_list: TaskList) -> dict[str, Any]:
    return {"name": task_list.name, "colour": task_list.colour, "archived": task_list.archived}


def create_list(user, *, actor: Actor, name: object, colour: object = Colour.GREY) -> TaskList:
    """Make a list for the person, and record it. ValidationError names a name that is taken, empty or "Inbox"."""
    name, colour = _list_name(user, name), _colour(colour)
    try:
        with transaction.atomic():
            made = TaskList.objects.create(user=user, name=name, colour=colour)
            _record(user, actor, Subject.LIST, Action.CREATED, made.pk, made.name, after=_list_fields(made))
    except IntegrityError:  # the same name made at the same moment by another request
        raise ValidationError({"name": f"You already have a list called “{name}”."}) from None
    return made


def update_list(
    user, list_id: object, *, actor: Actor, name: object = None, colour: object = None, archived: object = None
) -> TaskList:
    """Rename, recolour, archive or bring back one of the person's lists (None: unchanged); recorded if changed."""
    if archived is not None and not isinstance(archived, bool):
        raise ValidationError({"archived": "Must be true or false."})
    with transaction.atomic():
        task_list = get_list(user, list_id)
        TaskList.objects.filter(pk=task_list.pk).select_for_update().first()
        before = _list_fields(task_list)
        if name is not None:
            task_list.name = _list_name(user, name, current=task_list)
        if colour is not None:
            task_list.colour = _colour(colour)
        if archived is not None:
            task_list.archived = archived
        after = _list_fields(task_list)
        changed = [key for key in after if after[key] != before[key]]
        if changed:
            try:
                with transaction.atomic():
                    task_list.save(update_fields=changed)
            except IntegrityError:
                raise ValidationError({"name": f"You already have a list called “{task_list.name}”."}) from None
            _record(
                user,
                actor,
                Subject.LIST,
                Action.UPDATED,
                task_list.pk,
                task_list.name,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
    return task_list


@dataclass(frozen=True)
class ListDeleted:
    task_list: TaskList
    moved: int
    """Tasks moved to the Inbox."""
    deleted: int
    """Tasks deleted with the list."""


def delete_list(user, list_id: object, *, actor: Actor, tasks: Literal["move", "delete"] = "move") -> ListDeleted:
    """Delete one of the person's lists; its tasks go to the Inbox (``move``) or with it (``delete``).

    One group of records: the tasks' (each moved or deleted, as any change)
    and the list's own, last; undoing the list's record undoes the group.
    """
    if tasks not in ("move", "delete"):
        raise ValidationError({"tasks": "Must be “move” (to the Inbox) or “delete” (with the list)."})
    actor = actor if actor.group_id is not None else actor.in_new_group()
    with transaction.atomic():
        task_list = get_list(user, list_id)
        TaskList.objects.filter(pk=task_list.pk).select_for_update().first()
        if tasks == "move":
            moved, deleted = store.move_list(user.pk, task_list.pk, None, actor), 0
        else:
            moved, deleted = 0, store.delete_list(user.pk, task_list.pk, actor)
        snapshot = {**_list_fields(task_list), "created_at": task_list.created_at.isoformat()}
        TaskList.objects.filter(pk=task_list.pk).delete()
        _record(user, actor, Subject.LIST, Action.DELETED, task_list.pk, task_list.name, before=snapshot)
    return ListDeleted(task_list, moved, deleted)


def create_label(user, *, actor: Actor, name: object) -> Label:
    name = _label_name(name, "name")
    with transaction.atomic():
        if Label.objects.for_user(user).filter(name__iexact=name).exists():
            raise ValidationError({"name": f"You already have the label “{name}”."})
        (made,) = label_names(user, [name], actor=actor)
    return Label.objects.for_user(user).get(name=made)


def rename_label(user, reference: object, *, actor: Actor, name: object) -> Label:
    """Rename a label, on every task that has it too (each task's change recorded, in one group)."""
    new = _label_name(name, "name")
    actor = actor if actor.group_id is not None else actor.in_new_group()
    with transaction.atomic():
        label = get_label(user, reference)
        old = label.name
        if new == old:
            return label
        if Label.objects.for_user(user).filter(name__iexact=new).exclude(pk=label.pk).exists():
            raise ValidationError({"name": f"You already have the label “{new}”."})
        label.name = new
        label.save(update_fields=["name"])
        # Its record before the tasks': an undo (newest first) puts the tasks back, then the name.
        _record(user, actor, Subject.LABEL, Action.UPDATED, label.pk, new, before={"name": old}, after={"name": new})
        store.relabel(user.pk, old, new, actor)
        _recount_label(label)
    return label


def _recount_label(label: Label) -> None:
    """Count again what is still to do under a label whose name changed under its tasks (a rename, an undo)."""
    label.pending = Task.objects.filter(user_id=label.user_id, completed=False, labels__contains=[label.name]).count()
    Label.objects.filter(pk=label.pk).update(pending=label.pending)


def delete_label(user, reference: object, *, actor: Actor) -> tuple[Label, int]:
    """Delete a label, taking it off every task that has it; how many tasks had it. One undoable group."""
    actor = actor if actor.group_id is not None else actor.in_new_group()
    with transaction.atomic():
        label = get_label(user, reference)
        untagged = store.relabel(user.pk, label.name, None, actor)
        snapshot = {"name": label.name, "created_at": label.created_at.isoformat()}
        Label.objects.filter(pk=label.pk).delete()
        _record(user, actor, Subject.LABEL, Action.DELETED, label.pk, label.name, before=snapshot)
    return label, untagged


# Undoing ----------------------------------------------------------------------------------------------------------


def reverse(user, activity: Activity, actor: Actor) -> None:
    """Put a list or a label back as it was before ``activity`` and record that (``tasks.undo`` calls this for
    records whose subject is not a task; the tasks a list or label change touched have records of their own,
    in its group). Conflict when what it would put back is gone or its name is taken since."""
    model = TaskList if activity.subject == Subject.LIST else Label
    kind = "list" if model is TaskList else "label"
    found = model.objects.for_user(user).filter(pk=activity.task_id).select_for_update().first()
    record = partial(_record, user, actor, Subject(activity.subject), pk=activity.task_id, undoes=activity)
    match activity.action:
        case Action.CREATED | Action.RESTORED:
            if found is None:
                raise Conflict(f"The {kind} “{activity.title}” no longer exists, so there is nothing to remove.")
            in_use = Task.objects.for_user(user).filter(
                **({"list_id": found.pk} if model is TaskList else {"labels__contains": [found.name]})
            )
            if in_use.exists():
                raise Conflict(f"The {kind} “{found.name}” has tasks now; move them out of it or delete it instead.")
            snapshot = {**_fields(found), "created_at": found.created_at.isoformat()}
            found.delete()
            record(action=Action.DELETED, name=found.name, before=snapshot)
        case Action.UPDATED:
            if found is None:
                raise Conflict(f"The {kind} “{activity.title}” no longer exists, so its change cannot be put back.")
            before = _fields(found)
            for name, value in activity.before.items():
                setattr(found, name, value)
            _unique(user, found)
            found.save(update_fields=list(activity.before))
            if isinstance(found, Label):
                _recount_label(found)
            record(
                action=Action.UPDATED,
                name=found.name,
                before={name: before[name] for name in activity.before},
                after=dict(activity.before),
            )
        case Action.DELETED:
            if found is not None:
                raise Conflict(f"The {kind} “{found.name}” is already there.")
            fields = {name: value for name, value in activity.before.items() if name != "created_at"}
            restored = model(pk=activity.task_id, user=user, **fields)
            _unique(user, restored)
            restored.save(force_insert=True)
            if activity.before.get("created_at"):
                model.objects.filter(pk=restored.pk).update(created_at=activity.before["created_at"])
            if isinstance(restored, Label):
                _recount_label(restored)
            record(action=Action.RESTORED, name=restored.name, after=_fields(restored))


def _fields(found: TaskList | Label) -> dict[str, Any]:
    return _list_fields(found) if isinstance(found, TaskList) else {"name": found.name}


def _unique(user, found: TaskList | Label) -> None:
    taken = type(found).objects.for_user(user).filter(name__iexact=found.name).exclude(pk=found.pk)
    if taken.exists():
        raise Conflict(f"The name “{found.name}” is taken by another {type(found)._meta.verbose_name} now.")
