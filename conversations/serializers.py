from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from todo_project.ids import MAX_ID
from todo_project.serializers import StrictCharField

from .models import Conversation, Message


def _encodable(text: str) -> None:
    """Lone surrogates survive JSON parsing but not a database: refuse them here, as a 400."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError("Must be valid Unicode text.") from None


class StrictIntegerField(serializers.IntegerField):
    """Only a JSON integer: "5", 5.0 or true for an id is a client bug worth a 400."""

    default_error_messages = {"invalid": "Must be an integer."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_serializer(
    examples=[
        OpenApiExample("Start a conversation", value={"message": "add buy milk tomorrow"}, request_only=True),
        OpenApiExample(
            "Continue one", value={"message": "what's left today?", "conversation_id": 1}, request_only=True
        ),
    ]
)
class ChatRequestSerializer(serializers.Serializer):
    message = StrictCharField(max_length=Message.CONTENT_MAX_LENGTH, validators=[_encodable])
    conversation_id = StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)


class ChatResponseSerializer(serializers.Serializer):
    conversation_id = serializers.IntegerField()
    response = serializers.CharField()
    tool_calls = serializers.ListField(
        child=serializers.DictField(),
        help_text=(
            "Each task tool the assistant called, in order: {name, arguments, result} or {name, arguments, error}."
        ),
    )
    activity_group = serializers.UUIDField(
        allow_null=True,
        help_text="The activity group of the task changes this turn made (null if none): "
        "POST /api/activity/groups/{activity_group}/undo/ takes the whole turn back.",
    )


class AssistantUnavailableSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    conversation_id = serializers.IntegerField(
        required=False,
        help_text="When the assistant failed: where the user's message was stored, to retry in. "
        "Absent when the database itself is down.",
    )


class ConversationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conversation
        fields = ["id", "title", "created_at", "updated_at"]
        read_only_fields = fields


class MessageSerializer(serializers.ModelSerializer):
    tool_calls = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Message
        fields = ["id", "role", "content", "tool_calls", "activity_group", "created_at"]
        read_only_fields = fields


class ConversationDetailSerializer(ConversationSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "messages"]
        read_only_fields = fields
