from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import Any, Final

from django.utils import timezone
from rest_framework import serializers

from todo_project.serializers import StrictBooleanField, StrictModelSerializer

from .fields import DUE_FILTERS, EDITABLE, ORDERS, SHOWN, STATUSES, TRACKED
from .models import Priority, Task


def iso_datetime(value: datetime, zone: tzinfo) -> str:
    """DRF's default datetime output: ISO 8601 in the current time zone, UTC written as 'Z'."""
    text = value.astimezone(zone).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _represent(fields: Mapping[str, Any], zone: tzinfo) -> dict[str, Any]:
    due_date = fields["due_date"]
    return {
        "id": fields["id"],
        "number": fields["number"],
        "title": fields["title"],
        "description": fields["description"],
        "completed": fields["completed"],
        "priority": str(fields["priority"]),
        "due_date": due_date.isoformat() if due_date is not None else None,
        "created_at": iso_datetime(fields["created_at"], zone),
        "updated_at": iso_datetime(fields["updated_at"], zone),
    }


def represent_task_values(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """TaskSerializer's output for rows of ``SHOWN`` fields: the list endpoint's hot path.

    A page of 50 tasks through model instances and DRF's per-field machinery
    cost about half of a list request's CPU; plain rows and one function cost
    half as much. A test pins this output to the generic
    ModelSerializer's.
    """
    zone = timezone.get_current_timezone()
    return [_represent(row, zone) for row in rows]


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = list(SHOWN)
        read_only_fields = fields

    def to_representation(self, task: Task) -> dict[str, Any]:
        """The generic ModelSerializer output, built as the list builds it (see represent_task_values)."""
        return _represent(
            {"id": task.pk, **{name: getattr(task, name) for name in SHOWN[1:]}}, timezone.get_current_timezone()
        )


class TaskCreateSerializer(StrictModelSerializer):
    class Meta:
        model = Task
        fields = list(EDITABLE)
        extra_kwargs = {"priority": {"initial": Priority.MEDIUM}}  # what the browsable API's form shows first


class TaskUpdateSerializer(StrictModelSerializer):
    completed = StrictBooleanField(required=False)

    class Meta:
        model = Task
        fields = list(TRACKED)


class TaskListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(STATUSES), default="all")
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    due = serializers.ChoiceField(
        choices=DUE_FILTERS,
        required=False,
        help_text="today, tomorrow, week (the next 7 days, today included), overdue (a past day, still to do) "
        "or none (no due date); days are the user's, in their time zone.",
    )
    due_before = serializers.DateField(required=False, help_text="Due on or before this day (YYYY-MM-DD).")
    due_after = serializers.DateField(required=False, help_text="Due on or after this day (YYYY-MM-DD).")
    order = serializers.ChoiceField(
        choices=ORDERS,
        default="newest",
        help_text="newest first, by due date (soonest first, undated last) or by priority (high first).",
    )

    @classmethod
    def validate_query(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """The filters of a list request's query string, validated (``ValidationError`` if one is wrong).

        Most requests name no filter (the first page, or only ``limit``/``offset``): those get the
        defaults, validated once, instead of paying for a serializer's copy of its fields on every request.
        """
        if params.keys() & cls._declared_fields.keys():
            return cls._validated(params)
        return dict(_NO_FILTERS)

    @classmethod
    def _validated(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        query = cls(data=dict(params.items()))
        query.is_valid(raise_exception=True)
        return dict(query.validated_data)


_NO_FILTERS: Final = MappingProxyType(TaskListQuerySerializer._validated({}))
"""What a list request with no filter validates to: the serializer's defaults (status all, order newest)."""
