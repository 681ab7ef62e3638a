"""Lists, labels and imports over REST: validate with a serializer, call ``tasks.organize`` (or
``tasks.imports``), serialize the result."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from todo_project.errors import NotFound

from . import imports, organize
from .api import REST_ACTOR
from .models import Channel, Import
from .serializers import (
    LabelInputSerializer,
    LabelSerializer,
    TaskListChangeSerializer,
    TaskListInputSerializer,
    TaskListSerializer,
)


class ListViewSet(viewsets.ViewSet):
    """The person's lists. A task in none of them is in the Inbox (``list_id`` null)."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = TaskListSerializer

    @extend_schema(responses=TaskListSerializer(many=True), description="Every list, archived ones too (by name).")
    def list(self, request):
        return Response(TaskListSerializer(organize.lists(request.user, archived=True), many=True).data)

    @extend_schema(request=TaskListInputSerializer, responses={201: TaskListSerializer})
    def create(self, request):
        given = TaskListInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        made = organize.create_list(request.user, actor=REST_ACTOR, **given.validated_data)
        return Response(TaskListSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TaskListSerializer)
    def retrieve(self, request, pk: str):
        return Response(TaskListSerializer(organize.get_list(request.user, pk)).data)

    @extend_schema(request=TaskListChangeSerializer, responses=TaskListSerializer)
    def partial_update(self, request, pk: str):
        given = TaskListChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        changed = organize.update_list(request.user, pk, actor=REST_ACTOR, **given.validated_data)
        return Response(TaskListSerializer(changed).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "tasks",
                str,
                enum=["move", "delete"],
                description="What happens to its tasks: moved to the Inbox (the default) or deleted with it. "
                "Either way one undo (POST /api/activity/{id}/undo/ of the list's record) puts it all back.",
            )
        ],
        responses={204: None},
    )
    def destroy(self, request, pk: str):
        organize.delete_list(request.user, pk, actor=REST_ACTOR, tasks=request.query_params.get("tasks", "move"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LabelViewSet(viewsets.ViewSet):
    """The person's labels. Naming a new label on a task makes it; renaming or deleting one does it on every task."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = LabelSerializer

    @extend_schema(responses=LabelSerializer(many=True))
    def list(self, request):
        return Response(LabelSerializer(organize.labels(request.user), many=True).data)

    @extend_schema(request=LabelInputSerializer, responses={201: LabelSerializer})
    def create(self, request):
        given = LabelInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        made = organize.create_label(request.user, actor=REST_ACTOR, name=given.validated_data["name"])
        return Response(LabelSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LabelInputSerializer, responses=LabelSerializer)
    def partial_update(self, request, pk: str):
        given = LabelInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        label = organize.rename_label(request.user, int(pk), actor=REST_ACTOR, name=given.validated_data["name"])
        return Response(LabelSerializer(label).data)

    @extend_schema(responses={204: None}, description="Delete the label and take it off every task that has it.")
    def destroy(self, request, pk: str):
        organize.delete_label(request.user, int(pk), actor=REST_ACTOR)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Import
        fields = ["id", "name", "kind", "status", "total", "done", "error", "group_id", "created_at", "finished_at"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A Todo export (JSON) or a Todoist project's CSV export.")


UPLOAD_SCHEMA = {
    "type": "object",
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "A Todo export (JSON) or a Todoist project's CSV export (its name becomes the list).",
        }
    },
    "required": ["file"],
    "additionalProperties": False,
}


class ImportViewSet(viewsets.ViewSet):
    """Bring tasks in as a background job: the file is checked at once (400 with ``file``: the line and the
    reason, and nothing written), then added by the worker; GET the import for its progress."""

    lookup_value_regex = r"[0-9]+"
    parser_classes = [MultiPartParser]
    serializer_class = ImportSerializer

    @extend_schema(request={"multipart/form-data": UPLOAD_SCHEMA}, responses={202: ImportSerializer})
    def create(self, request):
        given = ImportUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        job = imports.start(request.user, upload.name, upload.read(), channel=Channel.REST)
        return Response(ImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=ImportSerializer(many=True))
    def list(self, request):
        return Response(ImportSerializer(Import.objects.for_user(request.user).defer("rows")[:50], many=True).data)

    @extend_schema(responses=ImportSerializer)
    def retrieve(self, request, pk: str):
        job = Import.objects.for_user(request.user).defer("rows").filter(pk=int(pk)).first()
        if job is None:
            raise NotFound(f"Import {pk} not found")
        return Response(ImportSerializer(job).data)
