"""The per-request GraphQL context: the principal, a lazily opened read transaction for
queries, per-request DataLoaders, and a fresh transaction for each mutation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, TypeVar

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader
from strawberry.litestar import BaseContext
from strawberry.types import Info

from core.context import Actor, Services
from core.db import bind_tenant, discard_after_commit, run_after_commit
from core.errors import Unauthenticated
from core.tenancy import Principal

K = TypeVar("K")
V = TypeVar("V")
BatchLoad = Callable[[Actor, list[K]], Awaitable[list[V]]]


class OrbitContext(BaseContext, kw_only=True):
    services: Services
    principal: Principal | None
    request_id: str | None = None
    client_ip: str | None = None
    exit_stack: AsyncExitStack = msgspec.field(default_factory=AsyncExitStack)
    read_actor: Actor | None = None
    actor_label: str | None = None
    # Sibling resolvers run concurrently; they must share one read transaction.
    read_lock: asyncio.Lock = msgspec.field(default_factory=asyncio.Lock)
    loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = msgspec.field(default_factory=dict)

    async def reader(self) -> Actor:
        """The request's read-only unit of work, opened on first use and verified once."""
        async with self.read_lock:
            if self.read_actor is None:
                session = await self.exit_stack.enter_async_context(self.services.db.sessions())
                await session.begin()
                await self._bind_and_verify(session)
                self.read_actor = self._actor(session)
            return self.read_actor

    @asynccontextmanager
    async def writer(self) -> AsyncIterator[Actor]:
        """One transaction for one mutation: committed when the block succeeds."""
        async with self.services.db.sessions() as session:
            try:
                async with session.begin():
                    await self._bind_and_verify(session)
                    yield self._actor(session)
            except BaseException:
                discard_after_commit(session)
                raise
            await run_after_commit(session)

    def loader(self, batch: BatchLoad[K, V]) -> DataLoader[K, V]:
        """The request's DataLoader for the batch function `batch` (one per function, so
        every resolver that loads through it shares one batch; nothing is cached across
        requests); it runs in the request's read transaction."""
        if batch not in self.loaders:

            async def load(keys: list[K]) -> list[V]:
                return await batch(await self.reader(), keys)

            self.loaders[batch] = DataLoader(load_fn=load)
        return self.loaders[batch]

    async def close(self) -> None:
        await self.exit_stack.aclose()

    def _actor(self, session: AsyncSession) -> Actor:
        return Actor(
            services=self.services,
            session=session,
            principal=self.principal,
            request_id=self.request_id,
            client_ip=self.client_ip,
            actor_label=self.actor_label,
        )

    async def _bind_and_verify(self, session: AsyncSession) -> None:
        if self.principal is None:
            return
        await bind_tenant(session, self.principal.tenant_id)
        label = await self.services.verify_principal(session, self.principal)
        if label is None:
            raise Unauthenticated("The token is no longer valid.")
        self.actor_label = label


def context_of(info: Info[Any, Any]) -> OrbitContext:
    context = info.context
    assert isinstance(context, OrbitContext)
    return context
