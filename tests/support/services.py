"""Orbit's services in the test process, on the stack's database and Redis: for what has no
GraphQL entry point (stock reservations, the pricing engine), called exactly as the domains
that own it call it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import inventory.services as inventory
from core.context import Actor, Services
from core.settings import Settings
from core.tenancy import Principal, PrincipalKind
from orbit.runtime import open_services
from tests.support.graphql import TenantSession, row_uuid
from tests.support.stack import Stack, run_async

T = TypeVar("T")

TENANT = "query Tenant { tenant { id } }"
VIEWER = "query Me { viewer { user { id } } }"


def stack_settings(stack: Stack) -> Settings:
    values = {
        key.removeprefix("ORBIT_").lower(): value
        for key, value in stack.env.items()
        if key.startswith("ORBIT_")
    }
    return Settings(_env_file=None, **values)


@dataclass(frozen=True)
class StaffUser:
    tenant_id: uuid.UUID
    user_id: uuid.UUID

    @classmethod
    def of(cls, session: TenantSession) -> StaffUser:
        tenant_id = uuid.UUID(session.client.data(TENANT)["tenant"]["id"])
        return cls(tenant_id, row_uuid(session.client.data(VIEWER)["viewer"]["user"]["id"]))

    def principal(self) -> Principal:
        return Principal(
            kind=PrincipalKind.STAFF, tenant_id=self.tenant_id, subject_id=self.user_id
        )


@asynccontextmanager
async def in_process(stack: Stack, pool_size: int = 10) -> AsyncIterator[Services]:
    async with open_services(
        stack_settings(stack), listen_for_policy_changes=False, pool_size=pool_size
    ) as services:
        yield services


async def as_user(services: Services, user: StaffUser, work: Callable[[Actor], Awaitable[T]]) -> T:
    """One unit of work of `user`, as a GraphQL mutation would run it."""
    async with services.db.transaction(user.tenant_id) as session:
        return await work(Actor(services=services, session=session, principal=user.principal()))


def run_as_system(stack: Stack, tenant_id: uuid.UUID, work: Callable[[Actor], Awaitable[T]]) -> T:
    """`work` as the worker's jobs do it for one tenant: the system's actor, bound to it."""

    async def run() -> T:
        async with (
            in_process(stack, pool_size=2) as services,
            services.db.transaction(tenant_id) as session,
        ):
            return await work(Actor(services=services, session=session, system_tenant_id=tenant_id))

    return run_async(run())


def run_as(stack: Stack, user: StaffUser, work: Callable[[Actor], Awaitable[T]]) -> T:
    async def run() -> T:
        async with in_process(stack) as services:
            return await as_user(services, user, work)

    return run_async(run())


PeriodicJob = Callable[[dict[str, Any]], Awaitable[None]]


def run_periodic_job(stack: Stack, job: PeriodicJob) -> None:
    """One run of a worker's cron job, now and in this process, instead of waiting up to its
    period for the worker to run it. The worker keeps its own schedule meanwhile: every such
    job takes its rows under a lock and marks them done, so two runs at once do each piece
    of work once."""

    async def run() -> None:
        async with in_process(stack, pool_size=2) as services:
            await job({"services": services})

    run_async(run())


def line(
    sku_id: str,
    quantity: str,
    *,
    warehouse_id: str | None = None,
    region: str | None = None,
    reference: uuid.UUID | None = None,
) -> inventory.ReservationRequest:
    """One line of a stock reservation, as orders ask for it."""
    return inventory.ReservationRequest(
        reference_id=reference or uuid.uuid4(),
        sku_id=row_uuid(sku_id),
        quantity=Decimal(quantity),
        warehouse_id=row_uuid(warehouse_id) if warehouse_id else None,
        region=region,
    )
