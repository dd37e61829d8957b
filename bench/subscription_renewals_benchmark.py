"""The nightly renewal run at scale (issue 13): one tenant with --subscriptions monthly
subscriptions (default 10,000) all due for their renewal order, spread over --customers
customers (default 2,000), among --tenants tenants (default 1,000). The worker's renewal
run (`subscriptions.services.run_renewals`, exactly as the cron job calls it) is timed once
(target: all renewal orders in <= 60 s), then run again to show it is idempotent (no order
more). Prints the figures and one JSON line.

One subscription is started through GraphQL (plan, price, first period's order) and
copied in SQL, so every copy is what startSubscription writes.

    .venv/bin/python bench/subscription_renewals_benchmark.py
    .venv/bin/python bench/subscription_renewals_benchmark.py --subscriptions 1000 --tenants 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform"), str(REPO / "bench")]

from orders_benchmark import open_shop, raw_id  # noqa: E402
from orders_seed import seed  # noqa: E402
from tests.support.database import owner_dsn  # noqa: E402
from tests.support.graphql import GraphQLClient  # noqa: E402
from tests.support.services import in_process  # noqa: E402
from tests.support.stack import Stack, create_stack, destroy_stack  # noqa: E402
from tests.support.subscriptions import create_plan, started  # noqa: E402

import subscriptions.services as subscriptions  # noqa: E402

_COPIES = """
CREATE TEMP TABLE bench_copies AS
SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, $1::int) g"""

# Customers like the shop's first, so the renewals spread over many customers as they would.
_CUSTOMERS = """
INSERT INTO customers ({columns})
SELECT {values} FROM customers x, generate_series(1, $2::int) g
WHERE x.tenant_id = $1 AND x.id = $3"""

_SUBSCRIPTIONS = """
INSERT INTO subscriptions ({columns})
SELECT {values} FROM subscriptions s, bench_copies c,
     (SELECT array_agg(id) AS ids FROM customers WHERE tenant_id = $1) k
WHERE s.tenant_id = $1 AND s.id = $2"""

_LINES = """
INSERT INTO subscription_lines ({columns})
SELECT {values} FROM subscription_lines l, bench_copies c
WHERE l.tenant_id = $1 AND l.subscription_id = $2"""

_DUE = """
INSERT INTO subscription_due (tenant_id, subscription_id, renew_at, period_end_at)
SELECT $1, c.id, now() - interval '1 day', now() + interval '7 days' FROM bench_copies c
ON CONFLICT DO NOTHING"""


async def _columns(
    conn: asyncpg.Connection, table: str, overrides: dict[str, str]
) -> tuple[str, str]:
    rows = await conn.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = $1 ORDER BY ordinal_position",
        table,
    )
    names = [r["column_name"] for r in rows]
    alias = {"subscriptions": "s", "subscription_lines": "l", "customers": "x"}[table]
    values = [overrides.get(name, f"{alias}.{name}") for name in names]
    return ", ".join(names), ", ".join(values)


async def copy_subscription(
    stack: Stack,
    tenant_id: uuid.UUID,
    template_id: uuid.UUID,
    customer_id: uuid.UUID,
    copies: int,
    customers: int,
    period_end: date,
) -> None:
    """`customers` customers like the template's and `copies` subscriptions like the
    template spread over them, whose current period ends on `period_end` (their renewal is
    due), each with the template's lines and a schedule row."""
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        columns, values = await _columns(
            conn,
            "customers",
            {"id": "gen_random_uuid()", "name": "'Bench customer ' || g", "external_ref": "NULL"},
        )
        await conn.execute(
            _CUSTOMERS.format(columns=columns, values=values), tenant_id, customers, customer_id
        )
        await conn.execute(_COPIES, copies)
        columns, values = await _columns(
            conn,
            "subscriptions",
            {
                "id": "c.id",
                "customer_id": "k.ids[1 + c.n % cardinality(k.ids)]",
                "number": "'SUB-B' || lpad(c.n::text, 7, '0')",
                "current_period_end": f"'{period_end.isoformat()}'::date",
            },
        )
        await conn.execute(
            _SUBSCRIPTIONS.format(columns=columns, values=values), tenant_id, template_id
        )
        columns, values = await _columns(
            conn,
            "subscription_lines",
            {"id": "gen_random_uuid()", "subscription_id": "c.id"},
        )
        await conn.execute(_LINES.format(columns=columns, values=values), tenant_id, template_id)
        await conn.execute(_DUE, tenant_id)
        await conn.execute(
            "UPDATE subscription_lines l SET customer_id = s.customer_id FROM subscriptions s "
            "WHERE s.tenant_id = l.tenant_id AND s.id = l.subscription_id AND l.tenant_id = $1",
            tenant_id,
        )
        for table in ("customers", "subscriptions", "subscription_lines", "subscription_due"):
            await conn.execute(f"VACUUM ANALYZE {table}")
    finally:
        await conn.close()


async def renewal_orders(stack: Stack, tenant_id: uuid.UUID, period_start: date) -> int:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM subscription_periods WHERE tenant_id = $1 "
                "AND period_start = $2 AND order_id IS NOT NULL",
                tenant_id,
                period_start,
            )
        )
    finally:
        await conn.close()


async def timed_run(stack: Stack, on: date) -> tuple[float, subscriptions.RunResult]:
    async with in_process(stack, pool_size=5) as services:
        started_at = time.perf_counter()
        result = await subscriptions.run_renewals(services, on)
        return time.perf_counter() - started_at, result


async def run(args: argparse.Namespace) -> dict[str, Any]:
    stack = create_stack()
    try:
        api = GraphQLClient(stack.base_url)
        shop = open_shop(api, "Renewal Bench", customers=1)
        began = time.perf_counter()
        if args.tenants > 1:
            await seed(owner_dsn(stack), shop.tenant_id, args.tenants - 1, 0, 0)
        plan_id = create_plan(shop.session, shop.sku_ids[0], "BENCH-M")
        template = started(shop.session, shop.customer_id, plan_id, "1")
        period_end = date.fromisoformat(template["currentPeriodEnd"])
        await copy_subscription(
            stack,
            shop.tenant_id,
            raw_id(template["id"]),
            raw_id(shop.customer_id),
            args.subscriptions - 1,
            args.customers,
            period_end,
        )
        # The template renews too: its schedule row is already due on this day.
        on = period_end - timedelta(days=7)
        print(f"seeded in {time.perf_counter() - began:.1f} s; renewing as of {on}")
        first_seconds, first = await timed_run(stack, on)
        print(f"first run: {first} in {first_seconds:.1f} s")
        second_seconds, second = await timed_run(stack, on)
        print(f"second run: {second} in {second_seconds:.1f} s")
        orders = await renewal_orders(stack, shop.tenant_id, period_end)
        return {
            "tenants": args.tenants,
            "subscriptions_due": args.subscriptions,
            "customers": args.customers,
            "first_run_seconds": round(first_seconds, 2),
            "first_run_ordered": first.ordered,
            "first_run_failed": first.failed,
            "orders_per_second": round(first.ordered / first_seconds, 1) if first_seconds else None,
            "second_run_seconds": round(second_seconds, 2),
            "second_run_ordered": second.ordered,
            "renewal_orders": orders,
            "idempotent": second.ordered == 0 and orders == first.ordered,
            "target_seconds": 60,
        }
    finally:
        destroy_stack(stack)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--subscriptions", type=int, default=10000)
    parser.add_argument("--customers", type=int, default=2000)
    figures = asyncio.run(run(parser.parse_args()))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
