"""Casbin enforcers, one per tenant (Casbin domain = tenant), loaded on demand from the
tenant's rows and dropped everywhere when the tenant's policy changes.

Each process keeps the enforcers of the tenants it has served. A change is written in the
changing transaction; after commit the process publishes the tenant id on a Redis channel
and every API and worker process listening drops that tenant's enforcer, so the next check
reloads it. A short time-to-live bounds staleness should a message ever be missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import casbin
import structlog
from casbin import persist
from casbin.persist.adapters.asyncio import AsyncAdapter
from redis.asyncio import Redis
from sqlalchemy import select

from core.context import DataScope
from core.db import Database
from core.tenancy import Principal
from rbac.models import CasbinRule, Role

MODEL_PATH = Path(__file__).with_name("rbac_model.conf")
SCOPE_ORDER = {DataScope.OWN: 0, DataScope.DEPARTMENT: 1, DataScope.ALL: 2}
log = structlog.get_logger("orbit.rbac")


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

    async def remove_filtered_policy(self, sec: str, ptype: str, field_index: int,
                                     *field_values: str) -> None:
        return None


@dataclass
class _Loaded:
    enforcer: casbin.AsyncEnforcer
    role_scopes: dict[str, DataScope]
    loaded_at: float


class EnforcerCache:
    """The Authorizer the services use (see core.context.Authorizer)."""

    def __init__(self, db: Database, redis: Redis, *, channel: str, max_tenants: int = 2000,
                 ttl_seconds: float = 60.0) -> None:
        self._db = db
        self._channel = channel
        self._redis = redis
        self._max = max_tenants
        self._ttl = ttl_seconds
        self._entries: OrderedDict[uuid.UUID, _Loaded] = OrderedDict()
        self._locks: dict[uuid.UUID, asyncio.Lock] = {}
        self._listener: asyncio.Task[None] | None = None

    async def _get(self, tenant_id: uuid.UUID) -> _Loaded:
        entry = self._entries.get(tenant_id)
        if entry and time.monotonic() - entry.loaded_at < self._ttl:
            self._entries.move_to_end(tenant_id)
            return entry
        lock = self._locks.setdefault(tenant_id, asyncio.Lock())
        async with lock:
            entry = self._entries.get(tenant_id)
            if entry and time.monotonic() - entry.loaded_at < self._ttl:
                return entry
            adapter = TenantRuleAdapter(self._db, tenant_id)
            enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), adapter)
            await enforcer.load_policy()
            entry = _Loaded(enforcer, adapter.role_scopes, time.monotonic())
            self._entries[tenant_id] = entry
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
            return entry

    async def allows(self, principal: Principal, resource: str, action: str) -> bool:
        entry = await self._get(principal.tenant_id)
        return bool(entry.enforcer.enforce(
            principal.casbin_subject, str(principal.tenant_id), resource, action
        ))

    async def permissions(self, principal: Principal) -> set[tuple[str, str]]:
        entry = await self._get(principal.tenant_id)
        rules = await entry.enforcer.get_implicit_permissions_for_user(
            principal.casbin_subject, str(principal.tenant_id)
        )
        return {(rule[2], rule[3]) for rule in rules}

    async def roles_of(self, principal: Principal) -> list[str]:
        entry = await self._get(principal.tenant_id)
        roles = await entry.enforcer.get_roles_for_user_in_domain(
            principal.casbin_subject, str(principal.tenant_id)
        )
        return [r.removeprefix("role:") for r in roles]

    async def data_scope(self, principal: Principal) -> DataScope:
        """The widest data scope among the principal's roles (OWN when it has none)."""
        entry = await self._get(principal.tenant_id)
        roles = await entry.enforcer.get_roles_for_user_in_domain(
            principal.casbin_subject, str(principal.tenant_id)
        )
        scopes = [entry.role_scopes.get(r, DataScope.OWN) for r in roles]
        return max(scopes, key=SCOPE_ORDER.__getitem__, default=DataScope.OWN)

    def invalidate(self, tenant_id: uuid.UUID) -> None:
        self._entries.pop(tenant_id, None)

    async def publish_change(self, tenant_id: uuid.UUID) -> None:
        """Drop the tenant's enforcer here and tell every other process to do the same."""
        self.invalidate(tenant_id)
        await self._redis.publish(self._channel, str(tenant_id))

    async def start_listening(self) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self._channel)
        self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub: Any) -> None:
        while True:
            try:
                message = await pubsub.get_message(timeout=1.0)
                if message and message.get("type") == "message":
                    data = message["data"]
                    tenant = data.decode() if isinstance(data, bytes) else str(data)
                    self.invalidate(uuid.UUID(tenant))
            except asyncio.CancelledError:
                await pubsub.aclose()
                raise
            except Exception:  # keep listening through Redis hiccups
                log.warning("rbac.watcher_error", exc_info=True)
                self._entries.clear()
                await asyncio.sleep(1.0)

    async def stop_listening(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
