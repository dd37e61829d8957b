"""Builds the process-wide Services from settings (API and worker share this)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

import identity.services as identity
import orders.services as orders
import portal.services as portal
import shipping.services as shipping
from core.context import Actor, JobEnqueuer, Services
from core.db import Database, application_url
from core.migrate import asyncpg_dsn
from core.observability import count_statement
from core.security import TokenSigner
from core.settings import Settings
from core.tenancy import Principal, PrincipalKind
from orbit import audit_names, customer_timeline
from orbit.approval_gate import ApprovalsGate
from rbac.enforcer import EnforcerCache

# Shipping owns shipping an order: it carries out the SHIP and MARK_DELIVERED actions'
# effects, and orders, which shipping builds on, never imports it.
orders.set_effect(orders.Effect.SHIP_ALL, shipping.ship_remaining)
orders.set_effect(orders.Effect.DELIVER_ALL, shipping.deliver_remaining)
# Likewise approvals decides whether a submitted order waits for approval.
orders.set_approval_gate(ApprovalsGate())
# The audit log names the records of every domain, and a customer's timeline gathers what
# every domain recorded about it, through the composition root's lookups and sources.
audit_names.register()
customer_timeline.register()


def queue_name(settings: Settings) -> str:
    return f"{settings.redis_namespace}:jobs"


def redis_settings(settings: Settings) -> RedisSettings:
    return RedisSettings.from_dsn(settings.redis_url)


def _enqueuer(pool: ArqRedis, queue: str) -> JobEnqueuer:
    async def enqueue(function: str, *args: Any, **kwargs: Any) -> None:
        await pool.enqueue_job(function, *args, _queue_name=queue, **kwargs)

    return enqueue


@asynccontextmanager
async def open_services(
    settings: Settings, *, listen_for_policy_changes: bool = True, pool_size: int = 10
) -> AsyncIterator[Services]:
    db = Database(
        application_url(settings),
        pool_size=pool_size,
        recycle_seconds=settings.db_pool_recycle_seconds,
    )
    db.on_statement(count_statement)
    redis = Redis.from_url(settings.redis_url)
    queue = queue_name(settings)
    arq_pool = await create_pool(redis_settings(settings), default_queue_name=queue)
    authorizer = EnforcerCache(db, redis, channel=f"{settings.redis_namespace}:rbac:changed")
    services_ref: list[Services] = []

    async def verify(session: AsyncSession, principal: Principal) -> str | None:
        return await verify_principal(Actor(services=services_ref[0], session=session), principal)

    services = Services(
        settings=settings,
        db=db,
        redis=redis,
        signer=TokenSigner(settings.jwt_secret, settings.access_token_ttl_seconds),
        authorizer=authorizer,
        verify_principal=verify,
        enqueue_job=_enqueuer(arq_pool, queue),
        department_of=department_of,
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


async def department_of(actor: Actor) -> uuid.UUID | None:
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.STAFF:
        return None
    return (await identity.current_user(actor)).department_id


async def verify_principal(actor: Actor, principal: Principal) -> str | None:
    """The principal's label while it may still act, else None (each kind's domain decides)."""
    if principal.kind is PrincipalKind.PORTAL:
        return await portal.verify_portal_principal(actor, principal)
    return await identity.verify_staff_or_client(actor, principal)


async def backend_problem(settings: Settings) -> str | None:
    """One line naming the setting to fix when PostgreSQL or Redis cannot be used, so
    `serve` and `worker` stop with a clear message instead of a traceback."""
    app_url = application_url(settings)
    setting = "ORBIT_APP_DATABASE_URL" if settings.app_database_url else "ORBIT_DATABASE_URL"
    try:
        conn = await asyncpg.connect(asyncpg_dsn(app_url), timeout=5)
        await conn.close()
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        where = make_url(app_url)
        return (
            f"Cannot connect to PostgreSQL as {where.username} at {where.host}:{where.port}"
            f"/{where.database} ({setting}; run `orbit migrate` first to create the "
            f"application role): {type(error).__name__}: {error}"
        )
    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=5)
    try:
        await redis.ping()
    except (OSError, RedisError) as error:
        return f"Cannot connect to Redis (ORBIT_REDIS_URL): {type(error).__name__}: {error}"
    finally:
        await redis.aclose()
    return None
