"""The task JSON is built by hand for speed; it must stay the generic ModelSerializer's, field for field."""

from datetime import date, time

import pytest
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers

from tasks import services
from tasks.fields import SHOWN
from tasks.models import Task
from tasks.serializers import TaskListQuerySerializer, TaskSerializer, represent_task_values


def generic_representation(task) -> dict:
    return serializers.ModelSerializer.to_representation(TaskSerializer(), task)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"due_date": date(2030, 1, 2), "priority": "high", "description": "Notes"},
        {"due_date": date(2030, 1, 2), "due_time": time(17, 0), "repeat": "FREQ=WEEKLY;BYDAY=WE"},
        {"due_date": date(2030, 1, 2), "reminders": [{"minutes_before": 30}, {"at": "2030-01-01T12:00:00+00:00"}]},
    ],
)
def test_task_representation_equals_the_generic_one(user, make_task, fields):
    task = make_task(user, "Buy milk", **fields)
    assert TaskSerializer(task).data == generic_representation(task)
    task.refresh_from_db()
    assert TaskSerializer(task).data == generic_representation(task)


def test_list_rows_are_represented_like_tasks(user, make_task):
    make_task(user, "Buy milk")
    make_task(user, "Pay bills", due_date=date(2030, 1, 2), priority="low")
    make_task(user, "Call mom", due_date=date(2030, 1, 2), due_time=time(17, 0), repeat="FREQ=DAILY")
    tasks = Task.objects.for_user(user)
    assert represent_task_values(tasks.values(*SHOWN), lambda: services.time_zone(user)) == [
        generic_representation(task) for task in tasks
    ]


def test_representation_follows_the_current_time_zone(user, make_task):
    task = make_task(user)
    with timezone.override("Europe/Paris"):
        fast = TaskSerializer(task).data
        assert fast == generic_representation(task)
        assert represent_task_values(Task.objects.for_user(user).values(*SHOWN), lambda: services.time_zone(user)) == [
            fast
        ]
    assert fast["created_at"].endswith(("+01:00", "+02:00"))


def validated_by_the_serializer(query_string: str) -> dict:
    query = TaskListQuerySerializer(data=QueryDict(query_string).dict())
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


@pytest.mark.parametrize("query_string", ["", "limit=10&offset=50", "status=pending&order=due", "search=&due=today"])
def test_list_filters_are_what_the_serializer_validates(query_string):
    """A query with no filter skips the serializer (its defaults are computed once) and must not differ."""
    filters = TaskListQuerySerializer.validate_query(QueryDict(query_string))
    assert filters == validated_by_the_serializer(query_string)
    filters["status"] = "changed by a caller"
    assert TaskListQuerySerializer.validate_query(QueryDict(query_string)) == validated_by_the_serializer(query_string)


def test_a_wrong_filter_is_refused_even_beside_paging():
    with pytest.raises(serializers.ValidationError) as refused:
        TaskListQuerySerializer.validate_query(QueryDict("limit=10&priority=urgent"))
    assert "priority" in refused.value.detail
