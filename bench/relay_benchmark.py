"""The relay's cost per created order (issue 12, target 3), measured on its own.

A private stack; a few tenants with stock; then per round: the worker paused (SIGSTOP),
--orders orders created over GraphQL (3 lines, submitted, confirmed), the API's CPU for
them read from /proc; the worker resumed and timed until the outbox is empty, its CPU
read from /proc. The first round warms the worker (imports, caches) and is reported apart.
Prints per round: events and deliveries per order, API and worker CPU per order, the ratio
worker / API (target ≤ 1), and the drain rate. With --profile FILE, py-spy records the
worker during the last drain; with --profile-api FILE, the API while it creates the last
round's orders (speedscope format).

    .venv/bin/python bench/relay_benchmark.py --orders 200 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from create_rounds import graphql_action  # noqa: E402
from orders_benchmark import (  # noqa: E402
    CREATE_OPERATION,
    CREATE_ORDER,
    Shop,
    backlog,
    client_of,
    drain,
    open_shop,
)
from proc_cpu import pause, resume, tree_cpu_seconds  # noqa: E402
from tests.support.database import owner_dsn  # noqa: E402
from tests.support.graphql import GraphQLClient  # noqa: E402
from tests.support.stack import Stack, create_stack, destroy_stack  # noqa: E402

COUNTS = """SELECT (SELECT count(*) FROM outbox_events) AS events,
                   (SELECT count(*) FROM event_deliveries) AS deliveries"""


async def _counts(stack: Stack) -> tuple[int, int]:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        row = await conn.fetchrow(COUNTS)
        return int(row["events"]), int(row["deliveries"])
    finally:
        await conn.close()


async def _create(stack: Stack, shops: list[Shop], orders: int, clients: int) -> float:
    """Create the orders with `clients` concurrent callers; the API's CPU seconds."""
    api_pid = stack.processes["api"].pid
    before = tree_cpu_seconds(api_pid)
    url = f"{stack.base_url}/graphql"
    async with aiohttp.ClientSession() as session:
        actions = []
        for index in range(clients):
            client = client_of(shops[index % len(shops)])
            actions.append(
                graphql_action(
                    session,
                    url,
                    CREATE_ORDER,
                    CREATE_OPERATION,
                    client.variables(),
                    {"Authorization": f"Bearer {client.token}"},
                )
            )
        queue = list(range(orders))

        async def caller(action: Any) -> None:
            while queue:
                queue.pop()
                await action()

        await asyncio.gather(*(caller(a) for a in actions))
    return tree_cpu_seconds(api_pid) - before


async def one_round(
    stack: Stack,
    shops: list[Shop],
    orders: int,
    clients: int,
    profile: str | None,
    profile_api: str | None = None,
) -> dict[str, float]:
    worker_pid = stack.processes["worker"].pid
    events_before, deliveries_before = await _counts(stack)
    pause(worker_pid)
    try:
        api_spy = _start_profile(stack.processes["api"].pid, profile_api) if profile_api else None
        api_cpu = await _create(stack, shops, orders, clients)
        if api_spy is not None:
            api_spy.send_signal(signal.SIGINT)
            api_spy.wait(timeout=60)
        queued = await backlog(stack)
    finally:
        spy = _start_profile(worker_pid, profile) if profile else None
        resume(worker_pid)
    drained = await drain(stack, 600)
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        spy.wait(timeout=60)
    events_after, deliveries_after = await _counts(stack)
    return {
        "orders": orders,
        "events_per_order": (events_after - events_before) / orders,
        "deliveries_per_order": (deliveries_after - deliveries_before) / orders,
        "queued": queued,
        "api_cpu_ms": api_cpu * 1000 / orders,
        "worker_cpu_ms": drained.worker_cpu * 1000 / orders,
        "worker_over_api": drained.worker_cpu / api_cpu if api_cpu else float("nan"),
        "relay_orders_per_s": orders / drained.seconds,
        "drained": float(drained.drained),
    }


def _start_profile(pid: int, path: str) -> subprocess.Popen[bytes]:
    spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(  # noqa: S603
        [str(spy), "record", "--pid", str(pid), "--format", "speedscope", "-o", path, "-r", "200"],
        stdout=subprocess.DEVNULL,
    )


async def run(args: argparse.Namespace, stack: Stack) -> list[dict[str, float]]:
    api = GraphQLClient(stack.base_url)
    shops = [open_shop(api, f"Relay Shop {i}", customers=1) for i in range(args.tenants)]
    await drain(stack, 120)
    results = []
    for number in range(args.rounds + 1):
        warming = number == 0
        last = number == args.rounds
        figures = await one_round(
            stack,
            shops,
            args.warm_orders if warming else args.orders,
            args.clients,
            args.profile if last else None,
            args.profile_api if last else None,
        )
        figures["warm_up"] = float(warming)
        print(json.dumps({k: round(v, 2) for k, v in figures.items()}), flush=True)
        results.append(figures)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=4)
    parser.add_argument("--orders", type=int, default=200, help="orders per measured round")
    parser.add_argument("--warm-orders", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--profile", help="py-spy speedscope output of the last drain")
    parser.add_argument(
        "--profile-api", help="py-spy speedscope output of the API creating the last round"
    )
    args = parser.parse_args()
    stack = create_stack()
    started = time.perf_counter()
    try:
        results = asyncio.run(run(args, stack))
    finally:
        destroy_stack(stack)
    measured = [r for r in results if not r["warm_up"]]
    summary = {
        key: round(sum(r[key] for r in measured) / len(measured), 2)
        for key in ("api_cpu_ms", "worker_cpu_ms", "worker_over_api", "relay_orders_per_s")
    }
    summary["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
