"""Recurring-revenue figures at scale (issue 13): one tenant whose ledger holds the movements
of --subscriptions subscriptions (default 50,000) over --customers customers and three
years, among --tenants tenants. Each subscription starts (new) in a random month; some
expand later and some churn. The ledger's monthly totals and the customers' running MRR are
derived from those movements exactly as the ledger keeps them.

Then `recurringRevenue` (the console's twelve months, and three years) is asked --requests
times in sequence and the API's own request durations are reported (target: p95 <= 200 ms
server time), with the statements per request and a final JSON line.

    .venv/bin/python bench/revenue_benchmark.py
    .venv/bin/python bench/revenue_benchmark.py --subscriptions 5000 --tenants 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from orders_benchmark import Shop, open_shop, percentile, time_requests  # noqa: E402
from orders_seed import seed  # noqa: E402
from tests.support.database import owner_dsn  # noqa: E402
from tests.support.graphql import GraphQLClient  # noqa: E402
from tests.support.stack import Stack, create_stack, destroy_stack  # noqa: E402

_CUSTOMERS = """
INSERT INTO customers ({columns})
SELECT {values} FROM customers x, generate_series(1, $2::int) g
WHERE x.tenant_id = $1 AND x.id = (SELECT id FROM customers WHERE tenant_id = $1 LIMIT 1)"""

# One row per subscription: its customer, start month (0-35 months ago), monthly value, and
# whether and when it expands or churns.
_PLAN = """
CREATE TEMP TABLE bench_subscriptions AS
SELECT gen_random_uuid() AS id, c.ids[1 + (g % cardinality(c.ids))] AS customer_id,
       date_trunc('month', now())::date - (floor(random() * 36)::int * interval '1 month')
           AS started,
       round((10 + random() * 490)::numeric, 2) AS mrr,
       random() < 0.3 AS expands, random() < 0.12 AS churns,
       1 + floor(random() * 12)::int AS later
FROM generate_series(1, $2::int) g,
     (SELECT array_agg(id) AS ids FROM customers WHERE tenant_id = $1) c"""

_MOVEMENTS = """
INSERT INTO mrr_movements (tenant_id, id, customer_id, subscription_id, effective_on, month,
                           currency, kind, amount, customer_mrr_before, customer_mrr_after,
                           cause)
SELECT $1, gen_random_uuid(), s.customer_id, s.id, m.day, date_trunc('month', m.day)::date,
       $2, m.kind, m.amount, 0, 0, m.cause
FROM bench_subscriptions s,
LATERAL (VALUES
    ((s.started + interval '3 days')::date, 'new', s.mrr, 'start', true),
    ((s.started + s.later * interval '1 month')::date, 'expansion',
     round(s.mrr / 2, 2), 'quantity', s.expands),
    ((s.started + (s.later + 2) * interval '1 month')::date, 'churn',
     s.mrr + CASE WHEN s.expands THEN round(s.mrr / 2, 2) ELSE 0 END, 'cancel', s.churns)
) AS m(day, kind, amount, cause, happens)
WHERE m.happens AND m.day <= now()::date"""

_MONTHS = """
INSERT INTO mrr_months (tenant_id, currency, month, new, expansion, reactivation, contraction,
                        churn, customers_new, customers_reactivated, customers_churned)
SELECT tenant_id, currency, month,
       coalesce(sum(amount) FILTER (WHERE kind = 'new'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'expansion'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'reactivation'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'contraction'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'churn'), 0),
       count(*) FILTER (WHERE kind = 'new'), count(*) FILTER (WHERE kind = 'reactivation'),
       count(*) FILTER (WHERE kind = 'churn')
FROM mrr_movements WHERE tenant_id = $1 GROUP BY tenant_id, currency, month"""

_CUSTOMER_MRR = """
INSERT INTO customer_mrr (tenant_id, customer_id, currency, mrr, ever_active, first_active_on)
SELECT tenant_id, customer_id, currency,
       sum(CASE WHEN kind IN ('contraction', 'churn') THEN -amount ELSE amount END), true,
       min(effective_on)
FROM mrr_movements WHERE tenant_id = $1 GROUP BY tenant_id, customer_id, currency"""

QUERY = """query RecurringRevenue($fromMonth: Date) {
  recurringRevenue(fromMonth: $fromMonth) {
    currency mrr { amount } arr { amount } activeCustomers
    months { month mrrStart { amount } new { amount } expansion { amount }
             reactivation { amount } contraction { amount } churn { amount }
             mrrEnd { amount } customersStart customersChurned customersEnd
             logoChurnRate revenueChurnRate netRevenueRetention }
  }
}"""


async def _customer_columns(conn: asyncpg.Connection) -> tuple[str, str]:
    rows = await conn.fetch(
        "SELECT column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = 'customers' ORDER BY ordinal_position"
    )
    overrides = {"id": "gen_random_uuid()", "name": "'Bench customer ' || g"}
    values = []
    for row in rows:
        name = row["column_name"]
        if name in overrides:
            values.append(overrides[name])
        elif row["is_nullable"] == "YES" and name not in ("tenant_id",):
            values.append("NULL")
        else:
            values.append(f"x.{name}")
    return ", ".join(r["column_name"] for r in rows), ", ".join(values)


async def seed_ledger(stack: Stack, shop: Shop, customers: int, subscriptions: int) -> int:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        await conn.execute("SET session_replication_role = replica")
        currency = await conn.fetchval("SELECT currency FROM tenants WHERE id = $1", shop.tenant_id)
        columns, values = await _customer_columns(conn)
        await conn.execute(
            _CUSTOMERS.format(columns=columns, values=values), shop.tenant_id, customers
        )
        await conn.execute(_PLAN, shop.tenant_id, subscriptions)
        await conn.execute(_MOVEMENTS, shop.tenant_id, currency)
        await conn.execute(_MONTHS, shop.tenant_id)
        await conn.execute(_CUSTOMER_MRR, shop.tenant_id)
        for table in ("mrr_movements", "mrr_months", "customer_mrr", "customers"):
            await conn.execute(f"VACUUM ANALYZE {table}")
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM mrr_movements WHERE tenant_id = $1", shop.tenant_id
            )
        )
    finally:
        await conn.close()


def _summary(timed: dict[str, Any]) -> dict[str, float]:
    return {
        "server_p50_ms": round(percentile(timed["server"], 50), 2),
        "server_p95_ms": round(percentile(timed["server"], 95), 2),
        "client_p95_ms": round(percentile(timed["client"], 95), 2),
        "statements": round(timed["statements"], 2),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    stack = create_stack()
    try:
        api = GraphQLClient(stack.base_url)
        shop = open_shop(api, "Revenue Bench", customers=1)
        started = time.perf_counter()
        if args.tenants > 1:
            await seed(owner_dsn(stack), shop.tenant_id, args.tenants - 1, 0, 0)
        movements = await seed_ledger(stack, shop, args.customers, args.subscriptions)
        print(f"seeded {movements} movements in {time.perf_counter() - started:.1f} s")
        results: dict[str, Any] = {}
        for label, months_back in (("twelve_months", None), ("three_years", "36")):
            variables = {"fromMonth": None}
            if months_back:
                variables["fromMonth"] = time.strftime(
                    "%Y-%m-01", time.gmtime(time.time() - 35 * 30.5 * 86400)
                )
            body = {"query": QUERY, "operationName": "RecurringRevenue", "variables": variables}

            def answered(data: dict[str, Any]) -> None:
                assert data["recurringRevenue"]["months"], data

            timed = await time_requests(stack, shop, body, args.requests, answered)
            results[label] = _summary(timed)
            print(label, results[label])
        return {
            "tenants": args.tenants,
            "subscriptions": args.subscriptions,
            "movements": movements,
            "recurring_revenue_p95_ms": results["twelve_months"]["server_p95_ms"],
            "recurring_revenue_3y_p95_ms": results["three_years"]["server_p95_ms"],
            "statements_per_request": results["twelve_months"]["statements"],
            "target_p95_ms": 200,
        }
    finally:
        destroy_stack(stack)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--subscriptions", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=200)
    figures = asyncio.run(run(parser.parse_args()))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
