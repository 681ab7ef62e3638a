"""The shared cache every limit counts in, and what happens when Redis is down.

With ``REDIS_URL`` the cache is Django's own Redis backend; when Redis cannot
be reached, this subclass answers like an empty cache (a read finds nothing, a
write is dropped) and logs it, instead of failing the request. Limits counted
in it then fail *open*: for the length of a Redis outage nobody is throttled,
and everything else keeps working. The alternative, refusing every throttled
request while Redis is down, would turn a cache outage into a site outage.
"""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60


@functools.cache
def limits_cache() -> BaseCache:
    """The one cache object of this process that every limit counts in, whatever thread or task counts.

    ``django.core.cache.caches`` keeps an object per context, and an MCP tool
    call runs on a worker thread in a fresh copy of its context (an HTTP
    request, in an asyncio task of its own): through it, every call would
    build a new Redis client and open a new connection to Redis, which cost
    more than the rest of the call. Redis's client pools its connections and
    is safe to share between threads, and so is the database cache.
    """
    return caches.create_connection(DEFAULT_CACHE_ALIAS)


def redis_script(source: str) -> Callable[..., Any] | None:
    """The Lua ``source`` as a function of one key run on the limits cache's Redis; None without Redis.

    One round trip a call (EVALSHA), atomic on the server; the key gets the
    cache's prefix, and while Redis is down the call answers None, like a
    read of an empty cache.
    """
    cache = limits_cache()
    return cache.script(source) if isinstance(cache, FailOpenRedisCache) else None


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting == "CACHES":
        limits_cache.cache_clear()


class FailOpenRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._scripts: dict[str, Callable[..., Any]] = {}

    def script(self, source: str) -> Callable[..., Any]:
        """``source`` registered once on this cache's Redis, as ``run(key, *args)`` (see ``redis_script``)."""
        if source not in self._scripts:
            registered = self._cache.get_client(write=True).register_script(source)

            def run(key: str, *args: Any) -> Any:
                try:
                    return registered(keys=[self.make_and_validate_key(key)], args=args)
                except RedisError as error:
                    self._unreachable(error)
                    return None

            self._scripts[source] = run
        return self._scripts[source]

    def _unreachable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= WARN_EVERY_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning("Redis is unreachable; limits are not enforced until it is back: %s", error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._unreachable(error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._unreachable(error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unreachable(error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._unreachable(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._unreachable(error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._unreachable(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._unreachable(error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._unreachable(error)
            return delta

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._unreachable(error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self._unreachable(error)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            self._unreachable(error)
            return False
