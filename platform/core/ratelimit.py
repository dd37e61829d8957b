"""Counters in Redis for request-rate limits and for throttling attempts at passwords and
secrets. Callers pass prefixes and keys that start with the configured Redis namespace."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from redis.asyncio import Redis

from core.errors import BusinessRuleError, CommonErrorCode, UserError


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


# Budgets take an attempt only when every one of them has room, so an attempt refused by
# one budget costs the others nothing, and a refused attempt never moves a window's end. The
# expiry is set after every increment in case a key was ever left without one.
_TAKE_ATTEMPT = """
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    local left = math.floor((redis.call('PTTL', key) + 999) / 1000)
    if left < 1 then
      left = tonumber(ARGV[1])
      redis.call('EXPIRE', key, left)
    end
    wait = math.max(wait, left)
  end
end
if wait > 0 then
  return wait
end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('TTL', key) < 0 then
    redis.call('EXPIRE', key, ARGV[1])
  end
end
return 0
"""

_GIVE_BACK = """
for i, key in ipairs(KEYS) do
  if ARGV[i] == 'clear' then
    redis.call('DEL', key)
  elseif ARGV[i] == 'refund' and tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
end
return 0
"""

OnSuccess = Literal["clear", "refund", "keep"]


@dataclass(frozen=True)
class Budget:
    """At most `limit` attempts on `key` in one window. `on_success` says what an attempt
    that proved its secret gives back: "clear" forgets the count (an account whose owner got
    in starts afresh), "refund" that one attempt (an address pays only for wrong secrets),
    "keep" nothing."""

    key: str
    limit: int
    on_success: OnSuccess = "keep"


class Throttled(BusinessRuleError):
    """TOO_MANY_ATTEMPTS, with the seconds until the caller may try again."""

    def __init__(self, retry_after_seconds: int, attempts: str = "attempts") -> None:
        super().__init__(
            UserError(
                CommonErrorCode.TOO_MANY_ATTEMPTS,
                f"Too many {attempts}; try again in {_duration(retry_after_seconds)}.",
            )
        )
        self.retry_after_seconds = retry_after_seconds


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes" if minutes != 1 else "1 minute"


class AttemptThrottle:
    """Attempts at something costly, such as checking a password, counted BEFORE the work in
    one atomic step against several budgets (per account, per client address), so however
    many attempts arrive at once, at most each budget's limit of them is let through in a
    window. A window starts with its first attempt and lasts `window_seconds`."""

    def __init__(
        self,
        redis: Redis,
        window_seconds: int,
        budgets: Sequence[Budget],
        attempts: str = "attempts",
    ) -> None:
        self._redis = redis
        self.window_seconds = window_seconds
        self._budgets = list(budgets)
        self._attempts = attempts

    async def admit(self) -> None:
        """Take one attempt from every budget, or raise Throttled when any has none left
        (and then take none)."""
        take = self._redis.register_script(_TAKE_ATTEMPT)
        wait = await take(
            keys=self._keys(), args=[self.window_seconds, *(b.limit for b in self._budgets)]
        )
        if int(wait) > 0:
            raise Throttled(int(wait), self._attempts)

    async def succeeded(self) -> None:
        """The admitted attempt proved its secret: give back what each budget says."""
        await self._give_back([b.on_success for b in self._budgets])

    async def unused(self) -> None:
        """The admitted attempt checked nothing after all: give it back to every budget."""
        await self._give_back(["refund"] * len(self._budgets))

    async def _give_back(self, actions: list[OnSuccess]) -> None:
        give_back = self._redis.register_script(_GIVE_BACK)
        await give_back(keys=self._keys(), args=actions)

    def _keys(self) -> list[str]:
        return [b.key for b in self._budgets]
