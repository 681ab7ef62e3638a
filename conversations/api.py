"""The chat and conversation-history API: validate, call one service, serialize the result."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from todo_project.api_errors import domain_error_body, http_status
from todo_project.throttles import ChatThrottle

from . import services
from .agents import AssistantUnavailable
from .serializers import (
    AssistantUnavailableSerializer,
    ChatRequestSerializer,
    ChatResponseSerializer,
    ConversationDetailSerializer,
    ConversationSerializer,
    MessageSerializer,
)


class ChatView(GenericAPIView):
    serializer_class = ChatRequestSerializer  # the browsable API's form
    throttle_classes = [ChatThrottle]
    documented_errors = {404: "conversation_id names no conversation of yours."}

    @extend_schema(
        request=ChatRequestSerializer,
        responses={
            200: ChatResponseSerializer,
            503: OpenApiResponse(AssistantUnavailableSerializer, "The agent failed; the message was kept."),
        },
        description="Send a message to the assistant, in a new conversation or an existing one.",
    )
    def post(self, request):
        chat_input = ChatRequestSerializer(data=request.data)
        chat_input.is_valid(raise_exception=True)
        try:
            reply = services.send_message(request.user, **chat_input.validated_data)
        except AssistantUnavailable as error:
            # Like every domain error, plus where the message was kept, so the client can retry there.
            body = {**domain_error_body(error), "conversation_id": error.conversation_id}
            return Response(body, status=http_status(error))
        return Response(ChatResponseSerializer(reply).data)


class ConversationViewSet(viewsets.GenericViewSet):
    serializer_class = ConversationSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return services.list_conversations(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ConversationSerializer(page, many=True).data)

    @extend_schema(responses=ConversationDetailSerializer)
    def retrieve(self, request, pk: str):
        conversation = services.get_conversation(request.user, pk)
        messages = services.conversation_messages(request.user, conversation)
        return Response(
            {
                **ConversationSerializer(conversation).data,
                "messages": MessageSerializer(messages, many=True).data,
            }
        )

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: str):
        services.delete_conversation(request.user, pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
