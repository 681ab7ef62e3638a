"""Account endpoints: registration and simplejwt tokens (throttled as credential endpoints), and the profile."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from tasks import services
from tasks.models import TIME_ZONES
from todo_project.serializers import StrictBooleanField

from . import exports
from .authentication import token_user
from .errors import Conflict
from .serializers import StrictCharField, StrictModelSerializer
from .throttles import CredentialThrottle

User = get_user_model()


def _minimum_password_length() -> int:
    lengths = [getattr(rule, "min_length", 0) for rule in get_default_password_validators()]
    return max(lengths, default=1) or 1


class PasswordField(StrictCharField):
    """A new password. Its schema states the rules Django's validators enforce that a schema can state."""

    def __init__(self, **kwargs):
        super().__init__(write_only=True, trim_whitespace=False, style={"input_type": "password"}, **kwargs)
        minimum = _minimum_password_length()
        self.schema_overrides = {
            "minLength": minimum,
            "pattern": r"^[^\x00]*[^\d\x00][^\x00]*$",  # not all digits, no NUL
            "description": f"At least {minimum} characters, not all digits, not a common password, "
            "not like the username.",
        }


class RegisterSerializer(StrictModelSerializer):
    password = PasswordField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "password"]
        read_only_fields = ["id"]
        # A taken username is a conflict with what exists (409), not malformed input: see create().
        extra_kwargs = {"username": {"validators": [User.username_validator]}}

    def validate(self, attrs):
        candidate = User(username=attrs.get("username", ""), email=attrs.get("email", ""))
        try:
            validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)}) from None
        return attrs

    def create(self, validated_data):
        try:
            with transaction.atomic():
                return User.objects.create_user(**validated_data)
        except IntegrityError:  # the unique constraint decides, so two sign-ups at once cannot both win
            # The sentence the sign-up page shows beside the field.
            raise UsernameTaken(str(User._meta.get_field("username").error_messages["unique"])) from None


class UsernameTaken(Conflict):
    code = "username_taken"


class CredentialThrottleMixin:
    throttle_classes = [CredentialThrottle]
    throttle_scope = "auth"


class RegisterView(CredentialThrottleMixin, generics.CreateAPIView):
    serializer_class = RegisterSerializer
    documented_errors = {409: "The username is taken."}
    permission_classes = [permissions.AllowAny]
    authentication_classes = []


class TokenView(CredentialThrottleMixin, TokenObtainPairView):
    documented_errors = {401: "Wrong username or password, or the account is inactive."}


class RefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, minting nothing for a token whose user is gone (simplejwt's own look-up raised
    DoesNotExist, a 500), inactive, or has changed their password since (it minted access tokens then):
    each is a 401, checked as every JWT is (``authentication.token_user``)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        token_user(self.token_class(attrs["refresh"]))
        return super().validate(attrs)


class TokenRefresh(CredentialThrottleMixin, TokenRefreshView):
    serializer_class = RefreshSerializer
    documented_errors = {401: "The refresh token is invalid or expired, or its account is gone: sign in again."}


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    time_zone = serializers.ChoiceField(
        choices=["", *TIME_ZONES],
        required=False,
        help_text='Where "today", "overdue" and due days are counted: an IANA name such as "America/Los_Angeles"; '
        '"" for the server\'s zone (UTC unless configured), which is where a person starts without one.',
    )
    today = serializers.DateField(read_only=True, help_text="Today's date in that time zone.")
    remind_by_default = StrictBooleanField(
        required=False, help_text="A task given a time without reminders is reminded at its time."
    )
    email_reminders = StrictBooleanField(
        required=False, help_text="Reminders are also emailed, to the account's address if it has one."
    )


class ProfileView(generics.GenericAPIView):
    """The signed-in person's profile: their time zone (and so their "today") and how they are reminded."""

    serializer_class = ProfileSerializer

    def _answer(self, user) -> Response:
        reminding = services.reminder_settings(user)
        profile = {
            "username": user.get_username(),
            "time_zone": services.time_zone_name(user),
            "today": services.local_today(user),
            "remind_by_default": reminding.remind_by_default,
            "email_reminders": reminding.email_reminders,
        }
        return Response(ProfileSerializer(profile).data)

    def get(self, request):
        return self._answer(request.user)

    def patch(self, request):
        changes = self.get_serializer(data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        given = changes.validated_data
        if "time_zone" in given:
            services.set_time_zone(request.user, given["time_zone"])
        if given.keys() & {"remind_by_default", "email_reminders"}:
            current = services.reminder_settings(request.user)
            services.set_reminder_settings(
                request.user,
                services.ReminderSettings(
                    remind_by_default=given.get("remind_by_default", current.remind_by_default),
                    email_reminders=given.get("email_reminders", current.email_reminders),
                ),
            )
        return self._answer(request.user)


class ExportView(generics.GenericAPIView):
    """Everything the signed-in person has, as JSON (``?as=csv``: their tasks as CSV)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as",
                str,
                enum=["json", "csv"],
                required=False,
                description="json (default): profile, tasks, activity, conversations; csv: tasks only.",
            )
        ],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
        summary="Download your data",
    )
    def get(self, request):
        return exports.download(request.user, request.query_params.get("as", "json"))


urlpatterns = [
    path("profile/", ProfileView.as_view(), name="profile"),
    path("register/", RegisterView.as_view(), name="register"),
    path("token/", TokenView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefresh.as_view(), name="token_refresh"),
]
