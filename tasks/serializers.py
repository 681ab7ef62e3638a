from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from functools import cache
from types import MappingProxyType
from typing import Any, Final

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from todo_project.serializers import StrictBooleanField, StrictModelSerializer

from . import schedule
from .fields import DUE_FILTERS, EDITABLE, ORDERS, SHOWN, STATUSES, TRACKED
from .models import Priority, Profile, Task


def iso_datetime(value: datetime, zone: tzinfo) -> str:
    """DRF's default datetime output: ISO 8601 in the current time zone, UTC written as 'Z'."""
    text = value.astimezone(zone).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _represent(fields: Mapping[str, Any], zone: tzinfo, owner_zone: Callable[[], tzinfo]) -> dict[str, Any]:
    due_date, due_time = fields["due_date"], fields["due_time"]
    due_at = schedule.instant(due_date, due_time, owner_zone()) if due_time is not None else None
    return {
        "id": fields["id"],
        "number": fields["number"],
        "title": fields["title"],
        "description": fields["description"],
        "completed": fields["completed"],
        "priority": str(fields["priority"]),
        "due_date": due_date.isoformat() if due_date is not None else None,
        "due_time": due_time.strftime("%H:%M") if due_time is not None else None,
        "due_at": due_at.isoformat() if due_at is not None else None,
        "repeat": fields["repeat"],
        "reminders": fields["reminders"],
        "created_at": iso_datetime(fields["created_at"], zone),
        "updated_at": iso_datetime(fields["updated_at"], zone),
    }


def represent_task_values(rows: Iterable[Mapping[str, Any]], owner_zone: Callable[[], tzinfo]) -> list[dict[str, Any]]:
    """TaskSerializer's output for rows of ``SHOWN`` fields: the list endpoint's hot path. ``owner_zone`` gives
    the owner's time zone, asked only when a task has a time (for its ``due_at``).

    A page of 50 tasks through model instances and DRF's per-field machinery
    cost about half of a list request's CPU; plain rows and one function cost
    half as much. A test pins this output to the generic
    ModelSerializer's.
    """
    zone = timezone.get_current_timezone()
    owner_zone = cache(owner_zone)
    return [_represent(row, zone, owner_zone) for row in rows]


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
        "nullable": True,
        "description": "The day it is due (YYYY-MM-DD: all day), or a day and time: 2026-12-04T17:00 on the "
        "person's clock, or 2026-12-05T01:00:00Z / 2026-12-04T17:00:00-08:00 (read in their time zone). null: none.",
        "example": "2026-12-04T17:00",
    }
)
class DueField(serializers.Field):
    """A due date, or a due date with its time (``tasks.schedule.local_due`` reads it in the owner's zone)."""

    def to_internal_value(self, data: object) -> date | datetime | None:
        if not isinstance(data, str):
            raise serializers.ValidationError(f"Enter {schedule.DUE_FORMATS}.")
        try:
            return schedule.parse_due(data)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value: date) -> str:
        return value.isoformat()


@extend_schema_field({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "17:00"})
class DueTimeField(serializers.TimeField):
    """A time of day on the owner's clock, HH:MM (seconds are dropped)."""

    def __init__(self, **kwargs: Any):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)

    def to_internal_value(self, value: time | str) -> time:
        parsed = super().to_internal_value(value)
        return parsed.replace(second=0, microsecond=0)


@extend_schema_field(schedule.REMINDERS_JSON_SCHEMA)
class RemindersField(serializers.Field):
    """A task's reminders (``tasks.schedule.clean_reminders`` checks them, naming the reminder at fault)."""

    def to_internal_value(self, data: object) -> list[dict[str, Any]]:
        try:
            return schedule.clean_reminders(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return value


class TaskSerializer(serializers.ModelSerializer):
    due_time = DueTimeField(read_only=True, allow_null=True)
    due_at = serializers.SerializerMethodField(help_text="The moment a timed task falls due, with its owner's offset.")
    reminders = RemindersField(read_only=True)

    class Meta:
        model = Task
        fields = [*SHOWN[: SHOWN.index("due_time") + 1], "due_at", *SHOWN[SHOWN.index("due_time") + 1 :]]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_due_at(self, task: Task) -> str | None:
        due_at = schedule.instant(task.due_date, task.due_time, _owner_zone(task))
        return due_at.isoformat() if due_at is not None else None

    def to_representation(self, task: Task) -> dict[str, Any]:
        """The generic ModelSerializer output, built as the list builds it (see represent_task_values)."""
        return _represent(
            {"id": task.pk, **{name: getattr(task, name) for name in SHOWN[1:]}},
            timezone.get_current_timezone(),
            lambda: _owner_zone(task),
        )


def _owner_zone(task: Task) -> tzinfo:
    return schedule.zone_named(Profile.objects.time_zone_of(task.user_id))


class TaskCreateSerializer(StrictModelSerializer):
    due_date = DueField(required=False, allow_null=True)
    due_time = DueTimeField(required=False, allow_null=True)
    reminders = RemindersField(
        required=False,
        help_text="Omit for the default (a timed task is reminded at its time, unless the person turned that off).",
    )

    class Meta:
        model = Task
        fields = list(EDITABLE)
        extra_kwargs = {"priority": {"initial": Priority.MEDIUM}}  # what the browsable API's form shows first


class TaskUpdateSerializer(StrictModelSerializer):
    due_date = DueField(required=False, allow_null=True)
    due_time = DueTimeField(required=False, allow_null=True)
    reminders = RemindersField(required=False)
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
