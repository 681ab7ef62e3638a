from rest_framework import serializers

from todo_project.serializers import StrictBooleanField, StrictModelSerializer

from .models import Priority, Task
from .services import STATUS_FILTERS


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"]
        read_only_fields = fields


class TaskCreateSerializer(StrictModelSerializer):
    class Meta:
        model = Task
        fields = ["title", "description", "priority", "due_date"]


class TaskUpdateSerializer(StrictModelSerializer):
    completed = StrictBooleanField(required=False)

    class Meta:
        model = Task
        fields = ["title", "description", "priority", "due_date", "completed"]


class TaskListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUS_FILTERS, default="all")
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
