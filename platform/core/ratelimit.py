"""Counters in Redis for request-rate limits and failed-login throttling. Callers pass a
prefix that starts with the configured Redis namespace."""

from __future__ import annotations

import time

from redis.asyncio import Redis


class FixedWindowLimiter:
    """Counts events per key in fixed windows; `hit` says whether the key is over its limit."""

    def __init__(self, redis: Redis, prefix: str, limit: int, window_seconds: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self.limit = limit
        self.window_seconds = window_seconds

    def _key(self, key: str) -> str:
        window = int(time.time()) // self.window_seconds
        return f"{self._prefix}:{key}:{window}"

    async def hit(self, key: str) -> bool:
        """Count one event; True when this event exceeds the limit."""
        redis_key = self._key(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(redis_key)
            pipe.expire(redis_key, self.window_seconds + 1)
            count, _ = await pipe.execute()
        return int(count) > self.limit

    def retry_after(self) -> int:
        return self.window_seconds - int(time.time()) % self.window_seconds


class FailureCounter:
    """Failed attempts per key in a sliding expiry window (reset on success)."""

    def __init__(self, redis: Redis, prefix: str, limit: int, window_seconds: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self.limit = limit
        self.window_seconds = window_seconds

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    async def is_blocked(self, key: str) -> bool:
        count = await self._redis.get(self._key(key))
        return count is not None and int(count) >= self.limit

    async def record_failure(self, key: str) -> None:
        redis_key = self._key(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(redis_key)
            pipe.expire(redis_key, self.window_seconds)
            await pipe.execute()

    async def reset(self, key: str) -> None:
        await self._redis.delete(self._key(key))
