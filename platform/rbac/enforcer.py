"""Casbin enforcers, one per tenant (Casbin domain = tenant), loaded on demand from the
tenant's rows and dropped everywhere when the tenant's policy changes.

Each process keeps the enforcers of the tenants it has served, least recently used first
out. A change is written in the changing transaction; after commit the process publishes
the tenant id on a Redis channel and every API and worker process listening drops that
tenant's enforcer, so the next check reloads it (well within a second).

What keeps a cached copy honest:
- concurrent checks of one tenant share a single load;
- a load that was running when its tenant's change arrived is never cached (it may have
  read the rules from before the change) and its waiters load again;
- while the watcher is not subscribed (start-up, Redis error, reconnect) nothing is cached,
  and every (re)subscription drops all copies, since messages sent in between are lost;
- a watcher that hears nothing, not even a ping's answer, reconnects;
- a time-to-live bounds staleness should all of that still miss a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import casbin
import structlog
from casbin import persist
from casbin.persist.adapters.asyncio import AsyncAdapter
from prometheus_client import Counter, Gauge
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError
from sqlalchemy import select

from core.context import DataScope
from core.db import Database
from core.tenancy import Principal
from rbac.models import CasbinRule, Role

MODEL_PATH = Path(__file__).with_name("rbac_model.conf")
SCOPE_ORDER = {DataScope.OWN: 0, DataScope.DEPARTMENT: 1, DataScope.ALL: 2}
MAX_STALE_RELOADS = 3
# Per tenant entry and kind of answer: a bound on memory, far above a tenant's
# users x checked (resource, action) pairs in practice.
MAX_REMEMBERED_ANSWERS = 20_000
Answer = TypeVar("Answer")
log = structlog.get_logger("orbit.rbac")
POLICY_LOADS = Counter(
    "orbit_rbac_policy_loads_total", "Tenant policies (roles and rules) loaded from the database"
)
CHANGES_HEARD = Counter(
    "orbit_rbac_policy_changes_heard_total",
    "Policy-change messages this process's watcher received",
)
WATCHER_SUBSCRIBED = Gauge(
    "orbit_rbac_watcher_subscribed", "1 while the policy-change watcher is subscribed, else 0"
)


def role_subject(role_key: str) -> str:
    return f"role:{role_key}"


class TenantRuleAdapter(AsyncAdapter):  # type: ignore[misc]
    """Loads one tenant's rules inside a transaction bound to that tenant (RLS applies).
    Writes go through the rbac services' own transaction, so save/add are not used."""

    def __init__(self, db: Database, tenant_id: uuid.UUID) -> None:
        self._db = db
        self._tenant_id = tenant_id
        self.role_scopes: dict[str, DataScope] = {}

    async def load_policy(self, model: Any) -> None:
        domain = str(self._tenant_id)
        async with self._db.transaction(self._tenant_id) as session:
            rules = (await session.scalars(select(CasbinRule))).all()
            roles = (await session.scalars(select(Role))).all()
        for rule in rules:
            if rule.ptype == "p":
                line = f"p, {rule.v0}, {domain}, {rule.v1}, {rule.v2}"
            else:
                line = f"g, {rule.v0}, {rule.v1}, {domain}"
            persist.load_policy_line(line, model)
        self.role_scopes = {role_subject(r.key): DataScope(r.data_scope) for r in roles}

    async def save_policy(self, model: Any) -> bool:
        return False

    async def add_policy(self, sec: str, ptype: str, rule: list[str]) -> None:
        return None

    async def remove_policy(self, sec: str, ptype: str, rule: list[str]) -> None:
        return None

    async def remove_filtered_policy(
        self, sec: str, ptype: str, field_index: int, *field_values: str
    ) -> None:
        return None


@dataclass
class _Loaded:
    """A tenant's enforcer with the answers it has given. The answers live and die with
    the entry, so a policy change (which drops the entry) drops them too."""

    enforcer: casbin.AsyncEnforcer
    role_scopes: dict[str, DataScope]
    loaded_at: float
    decisions: dict[tuple[str, str, str], bool] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    permissions: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)

    @staticmethod
    def remember(answers: dict[Any, Answer], key: Any, answer: Answer) -> Answer:
        if len(answers) >= MAX_REMEMBERED_ANSWERS:
            answers.clear()
        answers[key] = answer
        return answer


@dataclass
class _Load:
    """A load in flight, shared by every check that needs the tenant meanwhile."""

    task: asyncio.Task[_Loaded]
    stale: bool = field(default=False)


class EnforcerCache:
    """The Authorizer the services use (see core.context.Authorizer)."""

    def __init__(
        self,
        db: Database,
        redis: Redis,
        *,
        channel: str,
        max_tenants: int = 2000,
        ttl_seconds: float = 60.0,
        ping_interval_seconds: float = 10.0,
    ) -> None:
        self._db = db
        self._channel = channel
        self._redis = redis
        self._max = max_tenants
        self._ttl = ttl_seconds
        self._ping_interval = ping_interval_seconds
        self._entries: OrderedDict[uuid.UUID, _Loaded] = OrderedDict()
        self._loads: dict[uuid.UUID, _Load] = {}
        self._subscribed = True
        self._listener: asyncio.Task[None] | None = None

    # --- the cache -------------------------------------------------------------------

    async def _get(self, tenant_id: uuid.UUID) -> _Loaded:
        entry = self._fresh_entry(tenant_id)
        if entry is not None:
            return entry
        entry, stale = await self._join_load(tenant_id)
        for _ in range(MAX_STALE_RELOADS):
            if not stale:
                break
            entry, stale = await self._join_load(tenant_id)
        return entry

    async def _join_load(self, tenant_id: uuid.UUID) -> tuple[_Loaded, bool]:
        """Wait for the tenant's load in flight, or start one; a caller that gives up does
        not cancel it for the others."""
        load = self._loads.get(tenant_id)
        if load is None or load.stale:
            load = self._start_load(tenant_id)
        entry = await asyncio.shield(load.task)
        return entry, load.stale

    def _fresh_entry(self, tenant_id: uuid.UUID) -> _Loaded | None:
        entry = self._entries.get(tenant_id)
        if entry is None or time.monotonic() - entry.loaded_at >= self._ttl:
            return None
        self._entries.move_to_end(tenant_id)
        return entry

    def _start_load(self, tenant_id: uuid.UUID) -> _Load:
        load = _Load(asyncio.create_task(self._load(tenant_id)))
        self._loads[tenant_id] = load
        load.task.add_done_callback(lambda _: self._finish_load(tenant_id, load))
        return load

    async def _load(self, tenant_id: uuid.UUID) -> _Loaded:
        started = time.monotonic()
        adapter = TenantRuleAdapter(self._db, tenant_id)
        enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), adapter)
        await enforcer.load_policy()
        POLICY_LOADS.inc()
        return _Loaded(enforcer, adapter.role_scopes, started)

    def _finish_load(self, tenant_id: uuid.UUID, load: _Load) -> None:
        if self._loads.get(tenant_id) is load:
            del self._loads[tenant_id]
        if load.task.cancelled() or load.task.exception() is not None:
            return
        if load.stale or not self._subscribed:
            return
        self._entries[tenant_id] = load.task.result()
        self._entries.move_to_end(tenant_id)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def invalidate(self, tenant_id: uuid.UUID) -> None:
        """Forget the tenant's rules, including any load that may have read old ones."""
        self._entries.pop(tenant_id, None)
        if load := self._loads.get(tenant_id):
            load.stale = True

    def invalidate_all(self) -> None:
        self._entries.clear()
        for load in self._loads.values():
            load.stale = True

    # --- the Authorizer --------------------------------------------------------------

    async def allows(self, principal: Principal, resource: str, action: str) -> bool:
        entry = await self._get(principal.tenant_id)
        key = (principal.casbin_subject, resource, action)
        decision = entry.decisions.get(key)
        if decision is None:
            decision = bool(
                entry.enforcer.enforce(
                    principal.casbin_subject, str(principal.tenant_id), resource, action
                )
            )
            entry.remember(entry.decisions, key, decision)
        return decision

    async def permissions(self, principal: Principal) -> set[tuple[str, str]]:
        entry = await self._get(principal.tenant_id)
        subject = principal.casbin_subject
        known = entry.permissions.get(subject)
        if known is None:
            rules = await entry.enforcer.get_implicit_permissions_for_user(
                subject, str(principal.tenant_id)
            )
            known = entry.remember(
                entry.permissions, subject, frozenset((rule[2], rule[3]) for rule in rules)
            )
        return set(known)

    async def roles_of(self, principal: Principal) -> list[str]:
        entry = await self._get(principal.tenant_id)
        return [r.removeprefix("role:") for r in await self._role_subjects(entry, principal)]

    async def data_scope(self, principal: Principal) -> DataScope:
        """The widest data scope among the principal's roles (OWN when it has none)."""
        entry = await self._get(principal.tenant_id)
        roles = await self._role_subjects(entry, principal)
        scopes = [entry.role_scopes.get(r, DataScope.OWN) for r in roles]
        return max(scopes, key=SCOPE_ORDER.__getitem__, default=DataScope.OWN)

    @staticmethod
    async def _role_subjects(entry: _Loaded, principal: Principal) -> list[str]:
        subject = principal.casbin_subject
        known = entry.roles.get(subject)
        if known is None:
            roles = await entry.enforcer.get_roles_for_user_in_domain(
                subject, str(principal.tenant_id)
            )
            known = entry.remember(entry.roles, subject, sorted(roles))
        return list(known)

    async def publish_change(self, tenant_id: uuid.UUID) -> None:
        """Drop the tenant's enforcer here and tell every other process to do the same.
        The change has committed by now, so a Redis failure must not fail the request:
        other processes then catch up when their watcher resubscribes, or by the TTL."""
        self.invalidate(tenant_id)
        try:
            await self._redis.publish(self._channel, str(tenant_id))
        except RedisError:
            log.warning("rbac.publish_failed", tenant_id=str(tenant_id), exc_info=True)

    # --- the watcher -----------------------------------------------------------------

    async def start_listening(self) -> None:
        """Subscribe to policy changes. The watcher's Redis connection is named after the
        channel and the process id, so operators can find it in CLIENT LIST."""
        self._subscribed = False
        pool = self._redis.connection_pool
        name = f"{self._channel}:watcher:{os.getpid()}"
        watcher = Redis(
            connection_pool=ConnectionPool(
                connection_class=pool.connection_class,
                **{**pool.connection_kwargs, "client_name": name},
            )
        )
        pubsub = watcher.pubsub()
        await pubsub.subscribe(self._channel)
        self._listener = asyncio.create_task(self._listen(watcher, pubsub))

    async def _listen(self, watcher: Redis, pubsub: PubSub) -> None:
        backoff = 0.1
        last_heard = time.monotonic()
        try:
            while True:
                try:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None:
                        last_heard = time.monotonic()
                        self._handle(message)
                    else:
                        await self._check_alive(pubsub, last_heard)
                    backoff = 0.1
                except Exception:  # any failure: resubscribe rather than stop watching
                    self._lose_subscription()
                    log.warning("rbac.watcher_error", exc_info=True)
                    await self._drop_connection(pubsub)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    last_heard = time.monotonic()
        finally:
            with contextlib.suppress(RedisError):
                await pubsub.aclose()  # type: ignore[no-untyped-call]
            with contextlib.suppress(RedisError):
                await watcher.aclose()

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "subscribe":
            # (Re)subscribed: whatever was published while we were not is lost.
            self.invalidate_all()
            self._subscribed = True
            WATCHER_SUBSCRIBED.set(1)
            log.info("rbac.watcher_subscribed", channel=self._channel)
        elif kind == "message":
            CHANGES_HEARD.inc()
            data = message["data"]
            tenant = data.decode() if isinstance(data, bytes) else str(data)
            with contextlib.suppress(ValueError):
                self.invalidate(uuid.UUID(tenant))
                log.info("rbac.policy_invalidated", tenant_id=tenant)

    async def _check_alive(self, pubsub: PubSub, last_heard: float) -> None:
        """Ping when idle; a connection that stays silent past three pings is dead even if
        the socket has not noticed (a half-open TCP connection)."""
        idle = time.monotonic() - last_heard
        if idle >= 3 * self._ping_interval:
            raise RedisError("policy watcher heard nothing, not even a ping's answer")
        if idle >= self._ping_interval:
            await pubsub.ping()

    @staticmethod
    async def _drop_connection(pubsub: PubSub) -> None:
        """The next read reconnects, and redis-py then resubscribes (see _handle)."""
        if pubsub.connection is not None:
            with contextlib.suppress(Exception):
                await pubsub.connection.disconnect()

    def _lose_subscription(self) -> None:
        self._subscribed = False
        WATCHER_SUBSCRIBED.set(0)
        self.invalidate_all()

    async def stop_listening(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
            WATCHER_SUBSCRIBED.set(0)
