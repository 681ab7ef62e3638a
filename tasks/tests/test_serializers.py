"""The task JSON is built by hand for speed; it must stay the generic ModelSerializer's, field for field."""

from datetime import date

import pytest
from django.utils import timezone
from rest_framework import serializers

from tasks.models import Task
from tasks.serializers import TASK_FIELDS, TaskSerializer, represent_task_values


def generic_representation(task) -> dict:
    return serializers.ModelSerializer.to_representation(TaskSerializer(), task)


@pytest.mark.parametrize("fields", [{}, {"due_date": date(2030, 1, 2), "priority": "high", "description": "Notes"}])
def test_task_representation_equals_the_generic_one(user, make_task, fields):
    task = make_task(user, "Buy milk", **fields)
    assert TaskSerializer(task).data == generic_representation(task)
    task.refresh_from_db()
    assert TaskSerializer(task).data == generic_representation(task)


def test_list_rows_are_represented_like_tasks(user, make_task):
    make_task(user, "Buy milk")
    make_task(user, "Pay bills", due_date=date(2030, 1, 2), priority="low")
    tasks = Task.objects.for_user(user)
    assert represent_task_values(tasks.values(*TASK_FIELDS)) == [generic_representation(task) for task in tasks]


def test_representation_follows_the_current_time_zone(user, make_task):
    task = make_task(user)
    with timezone.override("Europe/Paris"):
        fast = TaskSerializer(task).data
        assert fast == generic_representation(task)
        assert represent_task_values(Task.objects.for_user(user).values(*TASK_FIELDS)) == [fast]
    assert fast["created_at"].endswith(("+01:00", "+02:00"))
