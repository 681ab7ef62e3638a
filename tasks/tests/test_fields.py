"""The task is described once (tasks/fields.py): everything that lists its fields agrees with that description,
and delete + undo brings back every column of a task, whatever columns it has."""

from datetime import UTC, date, datetime, time
from typing import get_args

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import models

from conftest import SETUP_ACTOR
from mcp_bridge.tools.tasks import LIST_FIELDS, TaskItem
from tasks import services, undo
from tasks.fields import (
    DUE_FILTERS,
    EDITABLE,
    ORDERS,
    PRIORITIES,
    PRIORITY_RANK,
    SHOWN,
    STATUSES,
    TRACKED,
    DueName,
    OrderName,
    PriorityName,
    StatusName,
)
from tasks.models import Activity, Priority, Profile, Task, TaskList
from tasks.serializers import TaskCreateSerializer, TaskListQuerySerializer, TaskSerializer, TaskUpdateSerializer
from web.forms import TaskAddForm, TaskEditForm, TaskFilterForm
from web.views.panels import TABS

RESTORED_AS_NOW = {"updated_at"}
"""Columns an undo sets afresh instead of restoring: bringing a task back is itself a change."""


def _distinct_value(field: models.Field, task: Task):
    """A value for ``field`` that no new task has by default, so a column the restore drops shows up."""
    match field:
        case models.ForeignKey():
            return TaskList.objects.create(user=task.user, name="Kept").pk
        case ArrayField():
            return ["kept"]
        case models.DateTimeField():
            return datetime(2021, 2, 3, 4, 5, 6, 37220, tzinfo=UTC)
        case models.DateField():
            return date(2031, 7, 8)
        case models.TimeField():
            return time(17, 30)
        case models.JSONField():
            return [{"minutes_before": 15}]
        case models.BooleanField():
            return not getattr(task, field.attname)
        case models.CharField() if field.choices:
            return next(value for value, _ in field.choices if value != getattr(task, field.attname))
        case models.CharField() | models.TextField():
            return f"kept {field.name}"
        case models.IntegerField():
            return 4242
    raise AssertionError(f"No test value for {field.name} ({type(field).__name__}): add one here")


@pytest.mark.django_db
def test_delete_and_undo_restore_every_column_of_a_task(user):
    task = services.add_task(user, actor=SETUP_ACTOR, title="Everything")
    columns = [field for field in Task._meta.concrete_fields if not field.primary_key and field.name != "user"]
    changed = {field.attname: _distinct_value(field, task) for field in columns}
    Task.objects.filter(pk=task.pk).update(**changed)
    Profile.objects.recount()  # written around tasks.store, which keeps the counts
    services.delete_task(user, task.pk, actor=SETUP_ACTOR)
    deleted = Activity.objects.for_user(user).get(action="deleted")

    undo.undo_activity(user, deleted.pk, actor=SETUP_ACTOR)

    restored = Task.objects.for_user(user).get(pk=task.pk)
    for field in columns:
        if field.attname not in RESTORED_AS_NOW:
            assert getattr(restored, field.attname) == changed[field.attname], f"{field.name} was not restored"


def test_every_field_a_person_sets_is_a_model_field_and_tracked():
    names = {field.attname for field in Task._meta.concrete_fields}
    assert set(TRACKED) <= names
    assert set(EDITABLE) <= set(TRACKED)
    assert set(SHOWN) - {"id"} <= names


def test_priorities_and_their_rank_come_from_the_model():
    assert tuple(Priority.values) == PRIORITIES
    assert sorted(PRIORITY_RANK, key=PRIORITY_RANK.get) == ["high", "medium", "low"]


def test_the_edges_take_and_show_the_described_fields():
    assert tuple(TaskCreateSerializer.Meta.fields) == EDITABLE
    assert tuple(TaskUpdateSerializer.Meta.fields) == (*EDITABLE, "completed")  # a place is set by moving
    assert tuple(name for name in TaskSerializer.Meta.fields if name != "due_at") == SHOWN  # due_at: worked out
    assert set(LIST_FIELDS) <= set(SHOWN)
    assert TaskItem.__annotations__["priority"] == PriorityName
    assert set(TaskAddForm.base_fields) - {"ignore"} <= set(EDITABLE)  # ignore: words of the title left as words
    assert set(TaskEditForm.base_fields) == set(EDITABLE)  # and a tick for ``completed``, as its own action


def test_the_lists_filters_and_orders_are_the_described_ones():
    assert get_args(StatusName) == tuple(STATUSES)
    assert get_args(DueName) == DUE_FILTERS
    assert get_args(OrderName) == ORDERS
    assert [value for value, _ in TaskFilterForm.base_fields["status"].choices] == list(STATUSES)
    assert [value for value, _ in TaskFilterForm.base_fields["order"].choices] == list(ORDERS)
    assert [status for status, _ in TABS] == list(STATUSES)
    assert tuple(TaskListQuerySerializer().fields["order"].choices) == ORDERS
    assert tuple(TaskListQuerySerializer().fields["due"].choices) == DUE_FILTERS
