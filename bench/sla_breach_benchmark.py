"""The SLA breach check at scale (issue 14): --tickets open tickets spread over --tenants
tenants, each with a running first-response and resolution clock, --due-percent of the
first-response clocks overdue. One pass of the worker's check (`tickets.sla.check_breaches`,
in-process, against the private stack's database) records every due breach; a second pass
finds nothing (idempotent). Prints the EXPLAIN of the scan, both passes' wall time and the
breaches recorded, and a final JSON line.

    .venv/bin/python bench/sla_breach_benchmark.py                      # 1,000 x 100
    .venv/bin/python bench/sla_breach_benchmark.py --tenants 100 --tickets 10000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from orders_benchmark import open_shop  # noqa: E402
from orders_seed import seed  # noqa: E402
from proc_cpu import pause  # noqa: E402
from tests.support.database import owner_dsn  # noqa: E402
from tests.support.graphql import GraphQLClient  # noqa: E402
from tests.support.stack import Stack, create_stack, destroy_stack  # noqa: E402

_TICKETS = """
INSERT INTO tickets (tenant_id, id, number, customer_id, category, priority, subject,
                     description, status, channel, created_by_kind, created_at, updated_at)
SELECT c.tenant_id, gen_random_uuid(), 'T-' || lpad(g::text, 6, '0'), c.id, 'other', 'normal',
       'Bench ticket ' || g, 'Something to answer.', 'open', 'api', 'staff',
       now() - interval '1 hour', now() - interval '1 hour'
FROM (SELECT DISTINCT ON (tenant_id) tenant_id, id FROM customers ORDER BY tenant_id, id) c,
     generate_series(1, $1::int) g"""

_CLOCKS = """
INSERT INTO ticket_sla_clocks (tenant_id, ticket_id, metric, target_minutes, started_at,
                               due_at, paused_total_minutes)
SELECT t.tenant_id, t.id, m.metric, m.target, t.created_at,
       CASE WHEN m.metric = 'first_response' AND random() * 100 < $1
            THEN now() - interval '1 minute' * (1 + floor(random() * 50))
            ELSE now() + interval '1 minute' * (1 + floor(random() * 43200)) END,
       0
FROM tickets t, (VALUES ('first_response', 60), ('resolution', 2400)) m(metric, target)"""

_POINTERS = """
INSERT INTO ticket_sla_due (tenant_id, ticket_id, metric, due_at)
SELECT tenant_id, ticket_id, metric, due_at FROM ticket_sla_clocks"""

SCAN = """
EXPLAIN (ANALYZE, COSTS OFF)
SELECT tenant_id, ticket_id, metric FROM ticket_sla_due
WHERE due_at < now() ORDER BY due_at LIMIT $1"""


async def seed_tickets(stack: Stack, tenants: int, tickets: int, due_percent: float) -> int:
    api = GraphQLClient(stack.base_url)
    shop = open_shop(api, "SLA Bench", customers=1)
    # The stack's own worker would run the same check every 10 s: paused, only the measured
    # passes record breaches.
    pause(stack.processes["worker"].pid)
    await seed(owner_dsn(stack), shop.tenant_id, tenants - 1, 0, 0)
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(_TICKETS, max(tickets // tenants, 1))
        await conn.execute(_CLOCKS, due_percent)
        await conn.execute(_POINTERS)
        for table in ("tickets", "ticket_sla_clocks", "ticket_sla_due"):
            await conn.execute(f"VACUUM ANALYZE {table}")
        return int(await conn.fetchval("SELECT count(*) FROM ticket_sla_due WHERE due_at < now()"))
    finally:
        await conn.close()


async def explain(stack: Stack, batch: int) -> str:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return "\n".join(r[0] for r in await conn.fetch(SCAN, batch))
    finally:
        await conn.close()


async def one_pass(stack: Stack, batch: int) -> tuple[float, int]:
    """One run of the worker's check in this process, with the stack's settings."""
    # Imported here, once the stack's environment is set: settings are read on import.
    os.environ.update(stack.env)
    from core.settings import Settings
    from orbit.runtime import open_services
    from tickets import sla

    async with open_services(Settings(), pool_size=5) as services:
        started = time.perf_counter()
        recorded = await sla.check_breaches(services, batch_size=batch)
        return time.perf_counter() - started, recorded


async def run(args: argparse.Namespace, stack: Stack) -> dict[str, float]:
    started = time.perf_counter()
    due = await seed_tickets(stack, args.tenants, args.tickets, args.due_percent)
    print(f"seeded in {time.perf_counter() - started:.0f} s; {due} clocks overdue", flush=True)
    batch = max(due, 1)
    print(await explain(stack, batch), flush=True)
    first_seconds, first = await one_pass(stack, batch)
    second_seconds, second = await one_pass(stack, batch)
    return {
        "tenants": args.tenants,
        "open_tickets": args.tickets,
        "overdue_clocks": due,
        "first_pass_s": round(first_seconds, 3),
        "first_pass_breaches": first,
        "second_pass_s": round(second_seconds, 3),
        "second_pass_breaches": second,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=100_000, help="open tickets in all")
    parser.add_argument("--due-percent", type=float, default=1.0)
    args = parser.parse_args()
    stack = create_stack()
    try:
        figures = asyncio.run(run(args, stack))
    finally:
        destroy_stack(stack)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
