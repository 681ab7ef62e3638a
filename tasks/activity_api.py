"""The activity REST API: what changed, by which channel and actor, and undo."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from todo_project.ids import MAX_ID
from todo_project.pagination import StrictCursorPagination
from todo_project.schema import ErrorSerializer
from todo_project.serializers import StrictBooleanField

from . import undo
from .activity import list_activity
from .api import REST_ACTOR
from .models import Activity, Channel
from .serializers import iso_datetime

ACTIVITY_FIELDS = (
    "id",
    "action",
    "subject",
    "task_id",
    "title",
    "before",
    "after",
    "channel",
    "actor",
    "group_id",
    "undoes",
    "undone_by",
    "created_at",
)


class ActivitySerializer(serializers.ModelSerializer):
    undone_by = serializers.SerializerMethodField(help_text="The activity that undid this one, or null.")

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        read_only_fields = fields

    def get_undone_by(self, activity: Activity) -> int | None:
        undone_by = activity.undone_by_activity
        return undone_by.pk if undone_by else None


ACTIVITY_ROW = tuple("undone_by__id" if name == "undone_by" else name for name in ACTIVITY_FIELDS)
"""The list's value rows: the serializer's fields, the undo joined in by its id."""


def represent_activity_values(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """ActivitySerializer's output for rows of ``activities.values(*ACTIVITY_ROW)``: the list's hot path.

    A page of 50 activities (each with the activity that undid it) through
    model instances and DRF's per-field machinery cost most of the request; a
    test pins this output to the serializer's.
    """
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "action": row["action"],
            "subject": row["subject"],
            "task_id": row["task_id"],
            "title": row["title"],
            "before": row["before"],
            "after": row["after"],
            "channel": row["channel"],
            "actor": row["actor"],
            "group_id": str(row["group_id"]),
            "undoes": row["undoes"],
            "undone_by": row["undone_by__id"],
            "created_at": iso_datetime(row["created_at"], zone),
        }
        for row in rows
    ]


class ActivityQuerySerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, help_text="Only this channel.")
    task = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text="Only this task.")
    since = serializers.DateTimeField(required=False, help_text="Only changes at or after this time (ISO 8601).")


class UndoRequestSerializer(serializers.Serializer):
    force = StrictBooleanField(
        required=False, default=False, help_text="Undo even when the task changed since (overwriting that change)."
    )
    whole_group = StrictBooleanField(
        required=False,
        default=False,
        help_text="Also undo the changes made together with this one (the same request or chat turn).",
    )


class GroupUndoRequestSerializer(serializers.Serializer):
    force = StrictBooleanField(required=False, default=False)


class UndoResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["undone", "already_undone"])
    message = serializers.CharField()
    undone = serializers.ListField(child=serializers.IntegerField(), help_text="The activities this undo reversed.")
    records = serializers.ListField(
        child=serializers.IntegerField(), help_text="The activities the undo wrote (none if it was already undone)."
    )


class NewestFirst(StrictCursorPagination):
    """Newest first by id (ids grow with time): each page is one indexed query, however long the history."""

    ordering = "-id"
    page_size = 50
    max_page_size = 200


def _outcome(outcome: undo.UndoOutcome) -> Response:
    return Response(
        {
            "status": outcome.status,
            "message": outcome.message,
            "undone": [activity.pk for activity in outcome.undone],
            "records": [record.pk for record in outcome.records],
        }
    )


CONFLICT = OpenApiResponse(ErrorSerializer, "The task changed since; the message names the later change.")


class ActivityViewSet(viewsets.GenericViewSet):
    serializer_class = ActivitySerializer
    pagination_class = NewestFirst
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return Activity.objects.for_user(self.request.user).with_undo()

    def get_serializer_class(self):
        """The browsable API's form for undo asks for its options."""
        return UndoRequestSerializer if self.action == "undo" else ActivitySerializer

    @extend_schema(parameters=[ActivityQuerySerializer])
    def list(self, request):
        query = ActivityQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        changes = list_activity(
            request.user, channel=filters.get("channel"), task_id=filters.get("task"), since=filters.get("since")
        )
        page = self.paginate_queryset(changes.values(*ACTIVITY_ROW)) or []
        return self.get_paginated_response(represent_activity_values(page))

    @extend_schema(request=UndoRequestSerializer, responses={200: UndoResultSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def undo(self, request, pk: str):
        options = UndoRequestSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        force, whole_group = options.validated_data["force"], options.validated_data["whole_group"]
        if whole_group:
            activity = undo.get_activity(request.user, pk)
            return _outcome(undo.undo_group(request.user, activity.group_id, actor=REST_ACTOR, force=force))
        return _outcome(undo.undo_activity(request.user, pk, actor=REST_ACTOR, force=force))


class GroupUndoView(GenericAPIView):
    serializer_class = GroupUndoRequestSerializer  # the browsable API's form

    @extend_schema(
        request=GroupUndoRequestSerializer,
        responses={200: UndoResultSerializer, 409: CONFLICT},
        description="Undo every change made together (one request, one chat turn: its activity_group).",
    )
    def post(self, request, group_id):
        options = GroupUndoRequestSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        return _outcome(
            undo.undo_group(request.user, group_id, actor=REST_ACTOR, force=options.validated_data["force"])
        )
