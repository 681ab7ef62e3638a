"""Bearer authentication for the API: simplejwt's, with the per-request user lookup made cheap.

Every authenticated request reads its user again (so a deactivated user is
refused at once, not when the token expires). simplejwt reads it with
``User.objects.get(id=…)``, and the ORM compiles that same query on every
request: on the bench machine the compilation cost twice what the database
takes to answer. ``active_user`` reads the same row with SQL built once, into
the same model, and the rules stay simplejwt's.
"""

from typing import Any, Final

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import get_md5_hash_password

User = get_user_model()
_FIELDS: Final = tuple(field.attname for field in User._meta.concrete_fields)
_BY_ID: Final = "SELECT {} FROM {} WHERE {} = %s".format(  # noqa: S608  (the model's own identifiers)
    ", ".join(connection.ops.quote_name(str(field.column)) for field in User._meta.concrete_fields),
    connection.ops.quote_name(User._meta.db_table),
    connection.ops.quote_name(str(User._meta.pk.column)),
)


def user_by_id(user_id: Any) -> AbstractBaseUser | None:
    """The user with this primary key, active or not; None if there is none or ``user_id`` cannot be one."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if isinstance(pk, int):
        low, high = connection.ops.integer_field_range(User._meta.pk.get_internal_type())
        if (low is not None and pk < low) or (high is not None and pk > high):
            return None
    with connection.cursor() as cursor:
        cursor.execute(_BY_ID, [pk])
        row = cursor.fetchone()
    return None if row is None else User.from_db(connection.alias, _FIELDS, row)


def token_user(validated_token: Token) -> AbstractBaseUser:
    """The user a valid simplejwt token (access or refresh) stands for, by simplejwt's rules and messages:
    AuthenticationFailed when they are gone, inactive, or have changed their password since it was issued
    (``CHECK_REVOKE_TOKEN``: the token carries a digest of the password hash it was issued under).

    Every JWT is checked here: REST requests, the refresh endpoint and MCP, over HTTP and stdio.
    """
    try:
        user_id = validated_token[api_settings.USER_ID_CLAIM]
    except KeyError as error:
        raise InvalidToken(str(_("Token contained no recognizable user identification"))) from error
    user = user_by_id(user_id)
    if user is None:
        raise AuthenticationFailed(_("User not found"), code="user_not_found")
    if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
        raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
    if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
        api_settings.REVOKE_TOKEN_CLAIM
    ) != get_md5_hash_password(user.password):
        raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
    return user


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's ``Authorization: Bearer <access token>``, reading the user with ``token_user``."""

    def get_user(self, validated_token):
        if User._meta.pk.name != api_settings.USER_ID_FIELD:
            return super().get_user(validated_token)  # a configuration this lookup does not cover
        return token_user(validated_token)
