"""Rate limits, all counted in the shared cache (so they hold across every process) with DRF's throttles.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` and are read at
each check, so a changed setting applies at once:

- ``auth``: sign-in (API, web, admin), sign-up, tokens and registration, per client address
  (the connection's, or a trusted proxy's ``X-Forwarded-For``: ``todo_project/proxies.py``);
- ``writes``: REST writes per user (reads are not limited);
- ``chat``: chat turns per user, through the API and the web page alike;
- ``mcp_calls``: MCP tool calls per token (or per ``runmcp --user`` process's user).

Every throttle is a ``SharedThrottle``: DRF's sliding window (the times of the
requests in the last period), kept in the process's one limits cache. With
Redis the window is a sorted set, checked and updated by one script, so a
check is one round trip and two processes counting at the same moment cannot
both take the last place; with the database cache it is DRF's own list, read
and written back.
"""

import time
import uuid

from django.core.cache.backends.base import BaseCache
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

from .cache import limits_cache, redis_script

# KEYS[1]: the window; ARGV: now (s), period (s), allowed requests, a unique member for this request.
# Returns nil when the request is allowed (and counted), else the seconds until the oldest one leaves.
SLIDING_WINDOW = """
local key, now, period, allowed = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
if redis.call('ZCARD', key) < allowed then
    redis.call('ZADD', key, now, ARGV[4])
    redis.call('PEXPIRE', key, math.ceil(period * 1000))
    return false
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return tostring(tonumber(oldest[2]) + period - now)
"""


class SharedThrottle(SimpleRateThrottle):
    """DRF's throttle with the rate read at each check and the counts in the process's limits cache.

    Put it last among a throttle's bases, so DRF's own subclasses (scoped,
    per user) pick the key and the rate before it counts.
    """

    num_requests: int
    duration: int
    _redis_wait: float | None = None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)

    @property
    def cache(self) -> BaseCache:  # type: ignore[override]  # DRF's is a class attribute
        return limits_cache()

    def allow_request(self, request, view) -> bool:
        script = redis_script(SLIDING_WINDOW)
        if script is None or self.rate is None:
            return super().allow_request(request, view)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = time.time()
        answer = script(key, now, self.duration, self.num_requests, f"{now}:{uuid.uuid4().hex[:8]}")
        self._redis_wait = None if answer is None else float(answer)
        return answer is None

    def wait(self) -> float | None:
        if self._redis_wait is not None:
            return self._redis_wait
        return super().wait()


class CredentialThrottle(ScopedRateThrottle, SharedThrottle):
    """Register, token and refresh: the ``auth`` rate per client address (the view names the scope)."""


class AddressThrottle(SharedThrottle):
    """The ``auth`` rate and counter per client address, for the sign-in pages outside DRF (web, admin).

    Its cache key is the one ``CredentialThrottle`` uses for an anonymous
    caller, so a guess counts the same on the API, the web sign-in, the web
    sign-up and the admin's sign-in.
    """

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def sign_in_wait(request) -> int | None:
    """Count one credential attempt from this request's address: None while within the rate, else seconds to wait."""
    throttle = AddressThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, round(throttle.wait() or 1))


class WriteThrottle(UserRateThrottle, SharedThrottle):
    """REST writes per authenticated user; a read is never counted."""

    scope = "writes"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class ChatThrottle(UserRateThrottle, SharedThrottle):
    scope = "chat"


class KeyedThrottle(SharedThrottle):
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
    if throttle.allow_request(None, None):  # keyed: needs no request, nor view
        return None
    return max(1, round(throttle.wait() or 1))


def rate_of(scope: str) -> str:
    return str(api_settings.DEFAULT_THROTTLE_RATES.get(scope) or "unlimited")
