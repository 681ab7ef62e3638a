"""Personal access tokens and bearer authentication for MCP: actions and the one authenticator.

``authenticate_token`` is the only door for every transport: HTTP requests
(through ``http.DjangoTokenVerifier``) and ``runmcp --token``. It accepts a
personal access token (``todo_pat_...``), a simplejwt access token (three
dot-separated parts) or an OAuth access token this server issued.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, cast

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from todo_project.authentication import token_user
from todo_project.errors import NotFound
from todo_project.ids import row_id

from .models import McpToken, McpTokenQuerySet
from .oauth import authenticate_oauth_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOKEN_PREFIX: Final = "todo_pat_"
RECOGNISABLE_LENGTH: Final = len(TOKEN_PREFIX) + 6
LAST_USED_RESOLUTION: Final = timedelta(minutes=5)
"""``last_used_at`` is written at most this often per token, so an agent's calls are not each a write."""


class McpTokenNotFound(NotFound):
    code = "mcp_token_not_found"

    def __init__(self, token_id: object):
        super().__init__(f"Token {token_id} not found")


ALL_SCOPES: Final = frozenset({"tasks:read", "tasks:write"})


@dataclass(frozen=True)
class TokenIdentity:
    """Whom a bearer token stands for, the label its changes are recorded under, and what it may do.

    Personal and JWT tokens act fully as their user; an OAuth token carries the
    scopes the person granted and the resources (RFC 8707) it was issued for.
    """

    user: AbstractBaseUser
    label: str
    scopes: frozenset[str] = ALL_SCOPES
    resources: tuple[str, ...] = ()
    limit_key: str = ""
    """What MCP call limits are counted per: this token (or, for a JWT or --user, the user)."""


JWT_LABEL: Final = "JWT access token"


@dataclass(frozen=True)
class IssuedToken:
    token: McpToken
    secret: str
    """The raw secret: returned once, at creation, and never stored."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_mcp_token(token: McpToken) -> str:
    """Give an unsaved token a fresh secret, save it, and return the secret (its only appearance).

    Used directly by the admin, whose form builds the unsaved row.
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token.prefix = secret[:RECOGNISABLE_LENGTH]
    token.digest = _digest(secret)
    token.full_clean(exclude=["user", "prefix", "digest"])
    token.save(force_insert=True)
    return secret


def create_mcp_token(user: AbstractBaseUser, *, name: str, expires_at: datetime | None = None) -> IssuedToken:
    """Create a personal access token for ``user``; the secret is in the answer and nowhere else."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Must be in the future."})
    token = McpToken(user=cast("User", user), name=name.strip(), expires_at=expires_at)
    return IssuedToken(token=token, secret=issue_mcp_token(token))


def active_mcp_tokens(user: AbstractBaseUser) -> McpTokenQuerySet:
    """The user's tokens that still open the door (not revoked, not expired), newest first."""
    return McpToken.objects.for_user(user).active()


def revoke_mcp_token(user: AbstractBaseUser, token_id: int) -> McpToken:
    """Revoke one of the user's tokens; McpTokenNotFound for a missing, revoked or foreign one."""
    pk = row_id(token_id)
    token = McpToken.objects.for_user(user).filter(revoked_at__isnull=True, pk=pk).first() if pk else None
    if token is None:
        raise McpTokenNotFound(token_id)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def _personal_token_identity(raw: str) -> TokenIdentity | None:
    token = McpToken.objects.active().select_related("user").filter(digest=_digest(raw), user__is_active=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        McpToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return TokenIdentity(token.user, token.name, limit_key=f"pat:{token.pk}")


def _access_token_identity(raw: str) -> TokenIdentity | None:
    try:
        access = AccessToken(raw)  # type: ignore[arg-type]  # the encoded token, which simplejwt's hint leaves out
    except TokenError:
        return None
    try:
        user = token_user(access)
    except (AuthenticationFailed, InvalidToken):  # gone, inactive, or the password changed since
        return None
    return TokenIdentity(user, JWT_LABEL, limit_key=f"user:{user.pk}")


def authenticate_token(raw: str) -> TokenIdentity | None:
    """Whom a bearer token stands for, or None for anything forged, expired, revoked or unknown."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.startswith(TOKEN_PREFIX):
        return _personal_token_identity(raw)
    if raw.count(".") == 2:
        return _access_token_identity(raw)
    found = authenticate_oauth_token(raw)
    if found is None:
        return None
    return TokenIdentity(found.user, found.label, found.scopes, found.resources, found.limit_key)
