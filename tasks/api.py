"""The task REST API: validate with a serializer, call one service, serialize the result."""

from typing import cast

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from todo_project.schema import ErrorSerializer

from . import services
from .activity import Actor
from .fields import SHOWN
from .models import Channel, IdempotencyKey, Task
from .pagination import CountInPageLimitOffset
from .serializers import (
    MoveSerializer,
    TaskCreateSerializer,
    TaskListQuerySerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    represent_task_values,
)

REST_ACTOR = Actor(Channel.REST)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": IdempotencyKey.KEY_MAX_LENGTH, "pattern": r"\S"},
    OpenApiParameter.HEADER,
    description=(
        "Any unique string for this add (e.g. a UUID). A retry with the same key within 24 hours answers with "
        "the task the first request created instead of adding a duplicate; the same key with a different body "
        "is refused with 409."
    ),
)


class TaskViewSet(viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    pagination_class = CountInPageLimitOffset
    lookup_value_regex = r"[0-9]+"
    input_serializers = {"create": TaskCreateSerializer, "update": TaskUpdateSerializer}

    def get_serializer_class(self):
        """What the browsable API builds its forms from: the fields this action takes."""
        return self.input_serializers.get(self.action, self.serializer_class)

    def get_queryset(self):
        return Task.objects.for_user(self.request.user)

    @extend_schema(parameters=[TaskListQuerySerializer])
    def list(self, request):
        filters = TaskListQuerySerializer.validate_query(request.query_params)
        page = cast(CountInPageLimitOffset, self.paginator).paginate_with(
            request,
            lambda offset, limit: services.task_page(request.user, fields=SHOWN, offset=offset, limit=limit, **filters),
        )
        return self.get_paginated_response(represent_task_values(page, lambda: services.time_zone(request.user)))

    @extend_schema(
        request=TaskCreateSerializer,
        responses={
            201: TaskSerializer,
            409: OpenApiResponse(ErrorSerializer, "This Idempotency-Key was used for a different task."),
        },
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request):
        task_input = TaskCreateSerializer(data=request.data)
        task_input.is_valid(raise_exception=True)
        task = services.add_task(
            request.user,
            actor=REST_ACTOR,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **task_input.validated_data,
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk: str):
        return Response(TaskSerializer(services.get_task(request.user, int(pk))).data)

    @extend_schema(request=TaskUpdateSerializer, responses=TaskSerializer)
    def update(self, request, pk: str, partial: bool = False):
        changes = TaskUpdateSerializer(data=request.data, partial=partial)
        changes.is_valid(raise_exception=True)
        written = services.update_task(request.user, int(pk), actor=REST_ACTOR, **changes.validated_data)
        return Response(TaskSerializer(written.task).data)

    @extend_schema(request=TaskUpdateSerializer, responses=TaskSerializer)
    def partial_update(self, request, pk: str):
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: str):
        services.delete_task(request.user, int(pk), actor=REST_ACTOR)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk: str):
        return Response(TaskSerializer(services.complete_task(request.user, int(pk), actor=REST_ACTOR).task).data)

    @extend_schema(
        request=None,
        responses={200: TaskSerializer, 400: OpenApiResponse(ErrorSerializer, "The task does not repeat.")},
        description="Move a repeating task to its next day without doing it (“skip this week”).",
    )
    @action(detail=True, methods=["post"])
    def skip(self, request, pk: str):
        return Response(TaskSerializer(services.skip_task(request.user, int(pk), actor=REST_ACTOR).task).data)

    @extend_schema(
        request=MoveSerializer,
        responses=TaskSerializer,
        description="Put the task in a new place in its list's manual order (order=manual): right after or before "
        "another task of that list, or one place up or down, or to the top or bottom. Only this task is written.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk: str):
        where = MoveSerializer(data=request.data)
        where.is_valid(raise_exception=True)
        return Response(
            TaskSerializer(
                services.move_task(request.user, int(pk), actor=REST_ACTOR, **where.validated_data).task
            ).data
        )
