"""createOrder against its floors, in interleaved rounds: Orbit over GraphQL, the bare-stack
app (floor_app.py) over GraphQL, and createOrder's statements in-process on raw asyncpg and
through SQLAlchemy's async session (create_order_sqlalchemy.py). The same clients on every
side; per side and round, the orders done and the CPU spent by the
serving process tree, by the Orbit worker and by the database's PostgreSQL backends."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import aiohttp
import asyncpg
from create_order_sql import OrderRequest, create_order
from create_order_sqlalchemy import ThroughSQLAlchemy
from proc_cpu import BackendSnapshot, backend_delta, backends, tree_cpu_seconds
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

Action = Callable[[], Awaitable[None]]
SIDES = ("orbit", "floor", "raw", "sqlalchemy")


@dataclass
class Client:
    """One concurrent client: its tenant, user, customer and SKUs, and its token."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID
    customer_global_id: str
    sku_global_ids: list[str]
    customer_id: uuid.UUID
    sku_ids: list[uuid.UUID]
    token: str

    def variables(self) -> dict[str, Any]:
        lines = [{"skuId": s, "quantity": str(i + 1)} for i, s in enumerate(self.sku_global_ids)]
        return {
            "input": {
                "customerId": self.customer_global_id,
                "submit": True,
                "channel": "API",
                "lines": lines,
            }
        }

    def request(self) -> OrderRequest:
        return OrderRequest(
            self.tenant_id,
            self.user_id,
            self.customer_id,
            [(s, Decimal(i + 1)) for i, s in enumerate(self.sku_ids)],
        )


@dataclass
class Round:
    side: str
    done: int
    seconds: float
    server_cpu: float
    worker_cpu: float
    pg_cpu: float
    started_at: datetime
    ended_at: datetime

    @property
    def rate(self) -> float:
        return self.done / self.seconds


@dataclass
class Processes:
    """Whose CPU counts: the Orbit API's and the floor app's process trees, the worker's,
    the benchmark's own (the raw side's server is the benchmark process) and the database
    (its backends, by database name)."""

    api_pid: int
    floor_pid: int
    worker_pid: int
    owner_dsn: str
    database: str


@dataclass
class Phase:
    rounds: list[Round] = field(default_factory=list)

    def of(self, side: str) -> list[Round]:
        return [r for r in self.rounds if r.side == side]

    def rate(self, side: str) -> float:
        return statistics.median(r.rate for r in self.of(side))

    def per_request_ms(self, side: str, attribute: str) -> float:
        rounds = self.of(side)
        done = sum(r.done for r in rounds)
        spent: float = sum(getattr(r, attribute) for r in rounds)
        return 1000 * spent / max(done, 1)

    def done(self, side: str) -> int:
        return sum(r.done for r in self.of(side))


async def run_for(seconds: float, actions: list[Action]) -> int:
    """Each client repeats its action until time is up; how many completed."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def loop(action: Action) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await action()
            done += 1

    await asyncio.gather(*(loop(a) for a in actions))
    return done


def graphql_action(
    session: aiohttp.ClientSession,
    url: str,
    document: str,
    operation: str,
    variables: dict[str, Any],
    headers: dict[str, str],
) -> Action:
    body = {"query": document, "operationName": operation, "variables": variables}

    async def create() -> None:
        async with session.post(url, json=body, headers=headers) as response:
            result = await response.json()
        payload = (result.get("data") or {}).get("createOrder")
        if result.get("errors") or not payload or payload["userErrors"]:
            raise AssertionError(f"createOrder failed at {url}: {result}")
        if payload["order"]["status"] != "CONFIRMED":
            raise AssertionError(f"order not confirmed at {url}: {payload}")

    return create


def raw_action(conn: asyncpg.Connection, request: OrderRequest) -> Action:
    async def create() -> None:
        await create_order(conn, request)

    return create


def sqlalchemy_action(sessions: async_sessionmaker[AsyncSession], request: OrderRequest) -> Action:
    async def create() -> None:
        async with sessions() as session:
            await create_order(ThroughSQLAlchemy(session), request)

    return create


class Sides:
    """The sides' actions, one per client, and what measures their CPU."""

    def __init__(self, processes: Processes, actions: dict[str, list[Action]]) -> None:
        self.processes = processes
        self.actions = actions

    def server_cpu(self, side: str) -> float:
        if side == "orbit":
            return tree_cpu_seconds(self.processes.api_pid)
        if side == "floor":
            return tree_cpu_seconds(self.processes.floor_pid)
        return time.process_time()  # the in-process sides: the benchmark's own CPU

    async def pg(self) -> BackendSnapshot:
        return await backends(self.processes.owner_dsn, self.processes.database)

    async def round(self, side: str, seconds: float) -> Round:
        pg_before = await self.pg()
        server_before = self.server_cpu(side)
        worker_before = tree_cpu_seconds(self.processes.worker_pid)
        started_at, started = datetime.now(UTC), time.perf_counter()
        done = await run_for(seconds, self.actions[side])
        elapsed, ended_at = time.perf_counter() - started, datetime.now(UTC)
        server = self.server_cpu(side) - server_before
        worker = tree_cpu_seconds(self.processes.worker_pid) - worker_before
        pg = backend_delta(pg_before, await self.pg())
        return Round(side, done, elapsed, server, worker, pg, started_at, ended_at)

    async def phase(
        self,
        rounds: int,
        seconds: float,
        after_round: Callable[[Round], Awaitable[None]] | None = None,
    ) -> Phase:
        """Interleaved rounds, the sides' order reversed every other round."""
        phase = Phase()
        sides = [side for side in SIDES if side in self.actions]
        for index in range(rounds):
            order = sides if index % 2 == 0 else sides[::-1]
            for side in order:
                measured = await self.round(side, seconds)
                phase.rounds.append(measured)
                if after_round is not None:
                    await after_round(measured)
        return phase
