"""The notifications REST API: the reminders that reached the person in the app, and marking them read."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import notifications
from .models import Notification

LISTED = 50


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "task", "title", "fire_at", "late", "created_at", "read_at"]
        read_only_fields = fields


class InboxSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="How many of all the person's notifications are unread.")
    results = NotificationSerializer(many=True, help_text=f"The latest {LISTED}, newest first.")


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")


class NotificationsView(APIView):
    @extend_schema(responses=InboxSerializer, summary="The reminders delivered in the app, newest first")
    def get(self, request: Request) -> Response:
        inbox = notifications.inbox(request.user, limit=LISTED)
        return Response(InboxSerializer({"unread": inbox.unread, "results": inbox.latest}).data)


class ReadNotificationsView(APIView):
    @extend_schema(request=None, responses=MarkedSerializer, summary="Mark every notification read")
    def post(self, request: Request) -> Response:
        return Response({"marked": notifications.mark_read(request.user)})
