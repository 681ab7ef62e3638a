"""REST endpoints for a user's own MCP personal access tokens.

GET lists them (never the secret), POST creates one and answers with the
secret exactly once, DELETE revokes. Another user's token is a 404, like a
missing one.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from todo_project.serializers import StrictModelSerializer

from . import oauth, tokens
from .models import McpToken


class McpTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = McpToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at"]
        read_only_fields = fields


class McpTokenCreateSerializer(StrictModelSerializer):
    class Meta:
        model = McpToken
        fields = ["name", "expires_at"]

    def validate_name(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise serializers.ValidationError("This field may not be blank.")
        return name


class IssuedMcpTokenSerializer(McpTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret. Shown only in this answer: store it now.")

    class Meta(McpTokenSerializer.Meta):
        fields = [*McpTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class McpTokenViewSet(viewsets.GenericViewSet):
    serializer_class = McpTokenSerializer
    lookup_value_regex = r"[0-9]+"
    pagination_class = None

    def get_serializer_class(self):
        """The browsable API's form asks for what a new token takes."""
        return McpTokenCreateSerializer if self.action == "create" else McpTokenSerializer

    def get_queryset(self):
        return McpToken.objects.for_user(self.request.user).active()

    def list(self, request):
        return Response(McpTokenSerializer(self.get_queryset(), many=True).data)

    @extend_schema(request=McpTokenCreateSerializer, responses={201: IssuedMcpTokenSerializer})
    def create(self, request):
        token_input = McpTokenCreateSerializer(data=request.data)
        token_input.is_valid(raise_exception=True)
        issued = tokens.create_mcp_token(request.user, **token_input.validated_data)
        answer = IssuedMcpTokenSerializer(issued.token).data
        answer["token"] = issued.secret
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: str):
        tokens.revoke_mcp_token(request.user, int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConnectedAppSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    client_id = serializers.CharField()
    scopes = serializers.ListField(
        child=serializers.CharField(), help_text="What the app may do: tasks:read, tasks:write."
    )
    connected_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    logo_uri = serializers.CharField(allow_blank=True)


class ConnectedAppViewSet(viewsets.ViewSet):
    """The OAuth apps (hosted assistants) you authorized; revoking one ends every token it holds."""

    lookup_value_regex = r"[0-9]+"

    @extend_schema(responses=ConnectedAppSerializer(many=True))
    def list(self, request):
        return Response(ConnectedAppSerializer(oauth.connected_apps(request.user), many=True).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: str):
        oauth.disconnect_app(request.user, pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
