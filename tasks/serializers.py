from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from functools import cache
from types import MappingProxyType
from typing import Any, Final

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from todo_project.serializers import StrictBooleanField, StrictCharField, StrictModelSerializer

from . import organize, schedule
from .fields import DUE_FILTERS, EDITABLE, ORDERS, SHOWN, STATUSES
from .models import Colour, Label, Priority, Profile, Task, TaskList


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
        "priority": str(fields["priority"]),
        "due_date": due_date.isoformat() if due_date is not None else None,
        "due_time": due_time.strftime("%H:%M") if due_time is not None else None,
        "due_at": due_at.isoformat() if due_at is not None else None,
        "repeat": fields["repeat"],
        "reminders": fields["reminders"],
        "list_id": fields["list_id"],
        "labels": fields["labels"],
        "steps": fields["steps"],
        "completed": fields["completed"],
        "position": fields["position"],
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


STEPS_JSON_SCHEMA: Final = {
    "type": "array",
    "maxItems": organize.MAX_STEPS,
    "items": {
        "oneOf": [
            {"type": "string", "minLength": 1, "maxLength": organize.STEP_TITLE_MAX_LENGTH},
            {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": organize.STEP_TITLE_MAX_LENGTH},
                    "done": {"type": "boolean"},
                },
                "required": ["title"],
                "additionalProperties": False,
            },
        ]
    },
    "description": "Its steps in order: a title (still to do) or {title, done}.",
    "example": [{"title": "Book flights", "done": True}, "Pack"],
}


@extend_schema_field(STEPS_JSON_SCHEMA)
class StepsField(serializers.Field):
    """A task's steps (``tasks.organize.clean_steps`` checks them, naming the step at fault)."""

    def to_internal_value(self, data: object) -> list[dict[str, Any]]:
        try:
            return organize.clean_steps(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return value


@extend_schema_field(
    {
        "type": "array",
        "maxItems": organize.MAX_LABELS,
        "items": {"type": "string", "minLength": 1, "maxLength": Label.NAME_MAX_LENGTH},
        "description": "Its labels' names (a leading # is dropped); a name not used before makes the label.",
        "example": ["errands", "home"],
    }
)
class LabelsField(serializers.Field):
    """A task's label names (``tasks.organize.clean_label_names`` checks them, naming the label at fault)."""

    def to_internal_value(self, data: object) -> list[str]:
        try:
            return organize.clean_label_names(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value: list[str]) -> list[str]:
        return value


def _list_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True, min_value=1, help_text="The id of its list (GET /api/lists/); null: the Inbox.", **kwargs
    )


class TaskSerializer(serializers.ModelSerializer):
    due_time = DueTimeField(read_only=True, allow_null=True)
    list_id = _list_field(read_only=True)
    labels = LabelsField(read_only=True)
    steps = StepsField(read_only=True)
    position = serializers.CharField(
        read_only=True, help_text="Its place in its list's manual order (order=manual): compare byte by byte."
    )
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
    list_id = _list_field(required=False)
    labels = LabelsField(required=False)
    steps = StepsField(required=False)
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
    list_id = _list_field(required=False)
    labels = LabelsField(required=False)
    steps = StepsField(required=False)
    completed = StrictBooleanField(required=False)

    class Meta:
        model = Task
        fields = [*EDITABLE, "completed"]  # its place in a list is set by moving it (POST …/move/)


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
        help_text="newest first, by due date (soonest first, undated last), by priority (high first), or manual "
        "(as placed in each list: POST /api/tasks/{id}/move/).",
    )
    list = serializers.CharField(
        required=False,
        max_length=TaskList.NAME_MAX_LENGTH,
        help_text="One list's tasks: its id or name, or “inbox” for the tasks in no list.",
    )
    # A declared field, which the serializer's metaclass takes off the class (so it hides no Field.label).
    label = serializers.CharField(  # type: ignore[assignment]
        required=False,
        max_length=1000,
        help_text="Tasks with this label; several, comma-separated (errands,home), for tasks with all of them.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The names the service takes: ``list`` as ``list_id``, ``label`` as a list of ``labels``."""
        if "list" in attrs:
            attrs["list_id"] = attrs.pop("list")
        if "label" in attrs:
            attrs["labels"] = [name for name in attrs.pop("label").split(",") if name.strip()]
        return attrs

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


class MoveSerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=1, help_text="Put it right after this task.")
    before = serializers.IntegerField(required=False, min_value=1, help_text="Put it right before this task.")
    direction = serializers.ChoiceField(
        choices=["up", "down", "top", "bottom"], required=False, help_text="One place up or down, or to an end."
    )


class TaskListSerializer(serializers.ModelSerializer):
    pending = serializers.IntegerField(read_only=True, help_text="How many of its tasks are still to do.")

    class Meta:
        model = TaskList
        fields = ["id", "name", "colour", "archived", "pending", "created_at"]
        read_only_fields = ["id", "pending", "created_at"]


class TaskListInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=TaskList.NAME_MAX_LENGTH)
    colour = serializers.ChoiceField(choices=Colour.choices, default=Colour.GREY)


class TaskListChangeSerializer(serializers.Serializer):
    name = StrictCharField(max_length=TaskList.NAME_MAX_LENGTH, required=False)
    colour = serializers.ChoiceField(choices=Colour.choices, required=False)
    archived = StrictBooleanField(required=False)


class LabelSerializer(serializers.ModelSerializer):
    pending = serializers.IntegerField(read_only=True, help_text="How many tasks still to do have it.")

    class Meta:
        model = Label
        fields = ["id", "name", "pending", "created_at"]
        read_only_fields = ["id", "pending", "created_at"]


class LabelInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=Label.NAME_MAX_LENGTH)
