"""Account endpoints: registration and simplejwt tokens, throttled as credential endpoints."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from rest_framework import generics, permissions, serializers
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from .serializers import StrictModelSerializer

User = get_user_model()


class RegisterSerializer(StrictModelSerializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})

    class Meta:
        model = User
        fields = ["id", "username", "email", "password"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        candidate = User(username=attrs.get("username", ""), email=attrs.get("email", ""))
        try:
            validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)}) from None
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        return User.objects.create_user(**validated_data)


class CredentialThrottleMixin:
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(CredentialThrottleMixin, generics.CreateAPIView):
    serializer_class = RegisterSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []


class TokenView(CredentialThrottleMixin, TokenObtainPairView):
    pass


class TokenRefresh(CredentialThrottleMixin, TokenRefreshView):
    pass


urlpatterns = [
    path("register/", RegisterView.as_view(), name="register"),
    path("token/", TokenView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefresh.as_view(), name="token_refresh"),
]
