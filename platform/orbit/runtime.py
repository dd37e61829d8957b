"""Builds the process-wide Services from settings (API and worker share this)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

import identity.services as identity
import portal.services as portal
from core.context import Actor, JobEnqueuer, Services
from core.db import Database, application_url
from core.observability import count_statement
from core.security import TokenSigner
from core.settings import Settings
from core.tenancy import Principal, PrincipalKind
from rbac.enforcer import EnforcerCache


def queue_name(settings: Settings) -> str:
    return f"{settings.redis_namespace}:jobs"


def redis_settings(settings: Settings) -> RedisSettings:
    return RedisSettings.from_dsn(settings.redis_url)


def _enqueuer(pool: ArqRedis, queue: str) -> JobEnqueuer:
    async def enqueue(function: str, *args: Any, **kwargs: Any) -> None:
        await pool.enqueue_job(function, *args, _queue_name=queue, **kwargs)

    return enqueue


@asynccontextmanager
async def open_services(settings: Settings, *, listen_for_policy_changes: bool = True,
                        pool_size: int = 10) -> AsyncIterator[Services]:
    db = Database(application_url(settings), pool_size=pool_size)
    db.on_statement(count_statement)
    redis = Redis.from_url(settings.redis_url)
    queue = queue_name(settings)
    arq_pool = await create_pool(redis_settings(settings), default_queue_name=queue)
    authorizer = EnforcerCache(db, redis, channel=f"{settings.redis_namespace}:rbac:changed")
    services_ref: list[Services] = []

    async def verify(session: AsyncSession, principal: Principal) -> str | None:
        return await verify_principal(Actor(services=services_ref[0], session=session), principal)

    services = Services(
        settings=settings, db=db, redis=redis,
        signer=TokenSigner(settings.jwt_secret, settings.access_token_ttl_seconds),
        authorizer=authorizer, verify_principal=verify, enqueue_job=_enqueuer(arq_pool, queue),
    )
    services_ref.append(services)
    if listen_for_policy_changes:
        await authorizer.start_listening()
    try:
        yield services
    finally:
        await authorizer.stop_listening()
        await arq_pool.aclose()
        await redis.aclose()
        await db.dispose()


async def verify_principal(actor: Actor, principal: Principal) -> str | None:
    """The principal's label while it may still act, else None (each kind's domain decides)."""
    if principal.kind is PrincipalKind.PORTAL:
        return await portal.verify_portal_principal(actor, principal)
    return await identity.verify_staff_or_client(actor, principal)
