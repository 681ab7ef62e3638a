"""Rate limits, all counted in the shared cache (so they hold across every process) with DRF's throttles.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` and are read at
each check, so a changed setting applies at once:

- ``auth``: sign-in, sign-up, tokens and registration, per client address;
- ``writes``: REST writes per user (reads are not limited);
- ``chat``: chat turns per user, through the API and the web page alike;
- ``mcp_calls``: MCP tool calls per token (or per ``runmcp --user`` process's user).
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class CurrentRates:
    """Read the rate of ``scope`` from the settings at each check, not once at import."""

    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class WriteThrottle(CurrentRates, UserRateThrottle):
    """REST writes per authenticated user; a read is never counted."""

    scope = "writes"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class ChatThrottle(CurrentRates, UserRateThrottle):
    scope = "chat"


class KeyedThrottle(CurrentRates, SimpleRateThrottle):
    """A throttle for a key of the caller's choosing, for places that are not DRF views (the web chat, MCP)."""

    def __init__(self, scope: str, key: str):
        self.scope = scope
        self.key = key
        super().__init__()

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.key}


def seconds_to_wait(scope: str, key: str) -> int | None:
    """Count one more use of ``scope`` for ``key``: None while within the rate, else the seconds to wait."""
    throttle = KeyedThrottle(scope, key)
    if throttle.allow_request(None, None):  # type: ignore[arg-type]  # keyed: needs no request, nor view
        return None
    return max(1, round(throttle.wait() or 1))


def rate_of(scope: str) -> str:
    return str(api_settings.DEFAULT_THROTTLE_RATES.get(scope) or "unlimited")
