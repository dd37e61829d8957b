"""The orders benchmark (issue 4, "Performance"): a private Orbit stack, a bulk-seeded
database, then in one run:

  * createOrder throughput over GraphQL (3 lines, submit: pricing, approval rules, stock
    reservation, audit, outbox) with concurrent clients, against a baseline of raw asyncpg
    sending the same SQL statements for one order creation, in interleaved rounds;
  * p50/p95 of the first page (50 orders with lines and customer) of a status-filtered
    order list in the large tenant: server time (the API's own access-log duration) and
    client time, with the EXPLAIN of its statements;
  * statements per createOrder and per list page (the API's orbit_db_statements_total);
  * a 10,000-row order import through startImport (from upload to the job's finish, as
    the worker records it).

Full scale (1,000 tenants, 1,000,000 orders, one tenant with 100,000):

    .venv/bin/python bench/orders_benchmark.py

Quick run:

    .venv/bin/python bench/orders_benchmark.py --tenants 20 --orders 20000 --big-orders 10000
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import json
import re
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform"), str(REPO / "bench")]

from orders_seed import counts, seed  # noqa: E402
from tests.support import stack as stack_support  # noqa: E402
from tests.support.database import app_dsn, owner_dsn  # noqa: E402
from tests.support.graphql import LOG_IN, GraphQLClient, TenantSession, sign_up  # noqa: E402
from tests.support.stack import Stack, create_stack, destroy_stack, wait_ready  # noqa: E402
from tests.test_catalog import create_product  # noqa: E402
from tests.test_inventory import create_warehouse, receive  # noqa: E402
from tests.test_statement_counts import statements_so_far  # noqa: E402

from inventory.ledger import _RESERVE  # noqa: E402
from orders import rules as order_rules  # noqa: E402

CREATE_OPERATION = "BenchCreateOrder"
CREATE_ORDER = f"""mutation {CREATE_OPERATION}($input: CreateOrderInput!) {{
  createOrder(input: $input) {{ order {{ id number status }} userErrors {{ field code }} }} }}"""
LIST_OPERATION = "BenchOrderList"
LIST_PAGE = f"""query {LIST_OPERATION}($status: OrderStatus) {{
  orders(first: 50, filter: {{status: $status}}) {{ edges {{ node {{
    id number status total {{ amount currency }} createdAt
    customer {{ id name }}
    lines {{ lineNo skuCode quantity unitPrice {{ amount }} lineTotal {{ amount }} }}
  }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
FLOOR_OPERATION = "BenchFloor"
FLOOR = f"query {FLOOR_OPERATION} {{ viewer {{ kind roles }} }}"
START_IMPORT = """mutation BenchImport($input: StartImportInput!) {
  startImport(input: $input) { importJob { id status } userErrors { field code message } } }"""
IMPORT_JOB = """query BenchImportJob($id: ID!) { importJob(id: $id) {
  status totalRows processedRows writtenRows errorRows failureCode failureMessage
  createdAt startedAt finishedAt } }"""
CREATE_CUSTOMER = """mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id } userErrors { field code } } }"""
STOCK = "1000000000"


# --- set-up through the API ----------------------------------------------------------------

@dataclass
class Shop:
    """A signed-up tenant with a warehouse, three stocked SKUs and customers."""

    session: TenantSession
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    customer_id: str
    sku_ids: list[str]
    sku_codes: list[str]


def raw_id(global_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(global_id)
    except ValueError:
        pass
    padded = global_id + "=" * (-len(global_id) % 4)
    return uuid.UUID(base64.b64decode(padded).decode().split(":", 1)[1])


def open_shop(api: GraphQLClient, name: str, customers: int) -> Shop:
    session = sign_up(api, name=name)
    warehouse = create_warehouse(session, "MAIN")
    sku_ids, codes = [], []
    for code in ("BOLT", "NUT", "WASHER"):
        product = create_product(session, code, f"Product {code}", "10.00", cost="6.00",
                                 taxRate="0.1")
        sku_ids.append(product["skus"][0]["id"])
        codes.append(code)
        receive(session, warehouse, sku_ids[-1], STOCK)
    customer_ids = []
    for index in range(customers):
        payload = session.client.data(CREATE_CUSTOMER, {"input": {
            "name": f"Customer {index:03d}", "externalRef": f"C-{index}",
            "addresses": [{"kind": "SHIP_TO", "recipient": "Dock 4", "line1": "1 Harbour Rd",
                           "city": "Bremen", "country": "de"}]}})["createCustomer"]
        assert payload["userErrors"] == [], payload["userErrors"]
        customer_ids.append(payload["customer"]["id"])
    viewer = session.client.data("query { viewer { user { id } } tenant { id } }")
    return Shop(session, raw_id(viewer["tenant"]["id"]), raw_id(viewer["viewer"]["user"]["id"]),
                customer_ids[0], sku_ids, codes)


def refresh(api: GraphQLClient, shop: Shop) -> None:
    """Log in again: a long phase may outlive the access token."""
    payload = api.data(LOG_IN, {"input": {"tenantSlug": shop.session.slug,
                                          "email": shop.session.email,
                                          "password": shop.session.password}})["logIn"]
    assert payload["userErrors"] == [], payload["userErrors"]
    shop.session.access_token = payload["accessToken"]
    shop.session.client = api.as_(payload["accessToken"])


def order_input(shop: Shop) -> dict[str, Any]:
    return {"customerId": shop.customer_id, "submit": True, "channel": "API",
            "lines": [{"skuId": s, "quantity": str(i + 1)} for i, s in enumerate(shop.sku_ids)]}


# --- createOrder: ours and the baseline ----------------------------------------------------

def positional(sql: str) -> tuple[str, list[str]]:
    """A `:name` statement as asyncpg's `$n`, with the names in parameter order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"(?<![:\w]):(\w+)", number, sql), names


RESERVE_SQL, RESERVE_PARAMS = positional(str(_RESERVE))


@dataclass
class BaselineContext:
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    customer_id: uuid.UUID
    sku_ids: list[uuid.UUID]
    series: str


def new_ids(count: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(count)]


async def baseline_create_order(conn: asyncpg.Connection, ctx: BaselineContext) -> None:
    """The statements createOrder sends (see docs/performance.md), in one transaction."""
    t, now = ctx.tenant_id, datetime.now(UTC)
    async with conn.transaction():
        await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(t))
        await conn.fetchrow(
            "SELECT t.status, u.status, u.email FROM tenants t LEFT JOIN users u"
            " ON u.tenant_id = t.id AND u.id = $1 WHERE t.id = $2", ctx.user_id, t)
        await conn.fetchrow("SELECT * FROM order_settings WHERE tenant_id = $1", t)
        customer = await conn.fetch(
            "SELECT c.*, t.currency, t.time_zone, a.* FROM customers c JOIN tenants t"
            " ON t.id = c.tenant_id LEFT JOIN customer_addresses a ON a.tenant_id = c.tenant_id"
            " AND a.customer_id = c.id AND a.is_default WHERE c.tenant_id = $1 AND c.id = $2",
            t, ctx.customer_id)
        await conn.fetch(
            "SELECT s.*, p.*, o.* FROM skus s JOIN products p ON p.tenant_id = s.tenant_id"
            " AND p.id = s.product_id LEFT JOIN (SELECT e.sku_id, b.id, b.name, b.kind,"
            " b.priority, e.min_quantity, e.unit_price FROM price_book_entries e JOIN"
            " price_books b ON b.tenant_id = e.tenant_id AND b.id = e.price_book_id"
            " WHERE e.tenant_id = $1 AND e.sku_id = ANY($2) AND b.active AND (b.valid_from IS"
            " NULL OR b.valid_from <= $3) AND (b.valid_to IS NULL OR b.valid_to >= $3) AND"
            " (b.customer_tier IS NULL OR lower(b.customer_tier) = 'standard')"
            " AND b.region IS NULL) o"
            " ON o.sku_id = s.id WHERE s.tenant_id = $1 AND s.id = ANY($2)",
            t, ctx.sku_ids, date.today())
        seq = await conn.fetchval(
            "INSERT INTO order_number_counters (tenant_id, series, next_value) VALUES ($1, $2, 2)"
            " ON CONFLICT (tenant_id, series) DO UPDATE SET next_value ="
            " order_number_counters.next_value + 1 RETURNING next_value - 1", t, ctx.series)
        await conn.fetchrow("SELECT * FROM approval_settings WHERE tenant_id = $1", t)
        levels = await conn.fetch(
            "SELECT sl.*, w.* FROM stock_levels sl JOIN warehouses w ON w.tenant_id ="
            " sl.tenant_id AND w.id = sl.warehouse_id WHERE sl.tenant_id = $1 AND sl.sku_id ="
            " ANY($2) AND w.active ORDER BY sl.warehouse_id, sl.sku_id FOR UPDATE OF sl",
            t, ctx.sku_ids)
        order_id, line_ids = uuid.uuid4(), new_ids(3)
        quantities = [Decimal(i + 1) for i in range(3)]
        reserve = {"ids": new_ids(3), "movement_ids": new_ids(3),
                   "reference_types": ["order_line"] * 3, "reference_ids": line_ids,
                   "warehouse_ids": [levels[0]["warehouse_id"]] * 3, "sku_ids": ctx.sku_ids,
                   "quantities": quantities, "reserved": quantities,
                   "backordered": [Decimal(0)] * 3, "now": now, "tenant_id": t,
                   "actor_kind": "staff", "actor_id": ctx.user_id}
        await conn.fetch(RESERVE_SQL, *[reserve[name] for name in RESERVE_PARAMS])
        event_ids = new_ids(3)
        await conn.execute(
            "INSERT INTO audit_log (tenant_id, id, actor_kind, actor_id, actor_label, action,"
            " target_type, target_id, changes, request_id) SELECT $1, id, 'staff', $2,"
            " 'bench', a, 'order', $3, '{}', 'bench' FROM unnest($4::uuid[], $5::text[])"
            " AS x(id, a)", t, ctx.user_id, str(order_id), new_ids(3),
            ["orders.create", "orders.submit", "orders.confirm"])
        await conn.execute(
            "INSERT INTO event_queue (event_id, tenant_id) SELECT id, $1 FROM"
            " unnest($2::uuid[]) AS x(id)", t, event_ids)
        await conn.execute(
            "INSERT INTO outbox_events (tenant_id, id, type, payload, actor_kind, actor_id)"
            " SELECT $1, id, ty, '{}'::jsonb, 'staff', $2 FROM unnest($3::uuid[], $4::text[])"
            " AS x(id, ty)", t, ctx.user_id, event_ids,
            ["order.created", "order.status_changed", "order.status_changed"])
        name = customer[0]["name"]
        await conn.execute(
            "INSERT INTO orders (tenant_id, id, number, channel, customer_id, customer_name,"
            " payment_terms_kind, priority, rank, tags, status, currency, subtotal,"
            " discount_total, tax_total, total, version, created_by_kind, created_by_id,"
            " updated_at) VALUES ($1, $2, $3, 'api', $4, $5, 'prepaid', 'normal', 0, '{}',"
            " 'confirmed', 'USD', 60, 0, 6, 66, 3, 'staff', $6, now())",
            t, order_id, f"BASE-{seq:07d}", ctx.customer_id, name, ctx.user_id)
        await conn.execute(
            "INSERT INTO order_lines (tenant_id, id, order_id, line_no, sku_id, sku_code,"
            " currency, description, quantity, unit_price, price_source, price_source_label,"
            " discount_percent, tax_rate, line_subtotal, line_discount, line_tax, line_total,"
            " reserved_quantity, backordered_quantity, shipped_quantity) SELECT $1, id, $2, n,"
            " sku, 'SKU', 'USD', 'item', q, 10, 'list', 'List price', 0, 0.1, 10 * q, 0, q,"
            " 11 * q, q, 0, 0 FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) WITH"
            " ORDINALITY AS x(id, sku, q, n)", t, order_id, line_ids, ctx.sku_ids, quantities)
        await conn.execute(
            "INSERT INTO order_status_history (tenant_id, id, order_id, from_status, to_status,"
            " action, actor_kind, actor_id, actor_label) SELECT $1, id, $2, f, s, a, 'staff',"
            " $3, 'bench' FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[])"
            " AS x(id, f, s, a)", t, order_id, ctx.user_id, new_ids(3),
            [None, "draft", "submitted"], ["draft", "submitted", "confirmed"],
            ["create", "submit", "confirm"])


async def baseline_contexts(stack: Stack, shops: list[Shop]) -> list[BaselineContext]:
    series = order_rules.number_series(order_rules.DEFAULT_NUMBER_FORMAT, date.today().year)
    return [BaselineContext(shop.tenant_id, shop.user_id, raw_id(shop.customer_id),
                            [raw_id(s) for s in shop.sku_ids], f"bench:{series}")
            for shop in shops]


@dataclass
class Round:
    done: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.done / self.seconds


async def run_for(seconds: float, workers: list[Callable[[], Awaitable[None]]]) -> Round:
    """Each worker repeats its action until time is up; how many completed in what time."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def loop(action: Callable[[], Awaitable[None]]) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await action()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(loop(w) for w in workers))
    return Round(done, time.perf_counter() - started)


async def measure_create(stack: Stack, shops: list[Shop], rounds: int, seconds: float
                         ) -> dict[str, Any]:
    contexts = await baseline_contexts(stack, shops)
    connections = [await asyncpg.connect(app_dsn(stack)) for _ in shops]
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60,
                                 limits=httpx.Limits(max_connections=len(shops))) as client:
        def ours(shop: Shop) -> Callable[[], Awaitable[None]]:
            body = {"query": CREATE_ORDER, "variables": {"input": order_input(shop)},
                    "operationName": CREATE_OPERATION}
            headers = {"Authorization": f"Bearer {shop.session.access_token}"}

            async def create() -> None:
                response = await client.post("/graphql", json=body, headers=headers)
                result = response.json()
                assert not result.get("errors"), result["errors"]
                payload = result["data"]["createOrder"]
                assert payload["userErrors"] == [], payload
                assert payload["order"]["status"] == "CONFIRMED", payload

            return create

        def floor(shop: Shop) -> Callable[[], Awaitable[None]]:
            body = {"query": FLOOR, "operationName": FLOOR_OPERATION}
            headers = {"Authorization": f"Bearer {shop.session.access_token}"}

            async def viewer() -> None:
                response = await client.post("/graphql", json=body, headers=headers)
                assert response.json()["data"]["viewer"]["kind"] == "STAFF", response.text

            return viewer

        def base(conn: asyncpg.Connection, ctx: BaselineContext
                 ) -> Callable[[], Awaitable[None]]:
            return lambda: baseline_create_order(conn, ctx)

        ours_workers = [ours(shop) for shop in shops]
        floor_workers = [floor(shop) for shop in shops]
        base_workers = [base(c, ctx) for c, ctx in zip(connections, contexts, strict=True)]
        for workers in (ours_workers, floor_workers, base_workers):  # warm every side
            await run_for(2, workers)
        before = statements_so_far(GraphQLClient(stack.base_url), CREATE_OPERATION)
        started_count = await _order_count(stack)
        ours_rounds: list[Round] = []
        floor_rounds: list[Round] = []
        base_rounds: list[Round] = []
        for index in range(rounds):
            sides = [(ours_rounds, ours_workers), (floor_rounds, floor_workers),
                     (base_rounds, base_workers)]
            for done, workers in (sides if index % 2 == 0 else sides[::-1]):
                done.append(await run_for(seconds, workers))
        created = await _order_count(stack) - started_count
    for conn in connections:
        await conn.close()
    statements = statements_so_far(GraphQLClient(stack.base_url), CREATE_OPERATION) - before
    ours_done = sum(r.done for r in ours_rounds)
    assert created == ours_done + sum(r.done for r in base_rounds), "orders went missing"
    ours_rates, base_rates = [r.rate for r in ours_rounds], [r.rate for r in base_rounds]
    floor_rates = [r.rate for r in floor_rounds]
    return {"ours": ours_rates, "baseline": base_rates, "floor": floor_rates,
            "ratio": statistics.median(ours_rates) / statistics.median(base_rates),
            "floor_ratio": statistics.median(floor_rates) / statistics.median(base_rates),
            "statements_per_order": statements / max(ours_done, 1), "orders_created": created}


async def _order_count(stack: Stack) -> int:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM orders WHERE number NOT LIKE 'BK-%'"))
    finally:
        await conn.close()


# --- the order list ------------------------------------------------------------------------

def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def server_durations(stack: Stack, tenant_id: uuid.UUID, since: str) -> list[float]:
    """The API's own request durations (its access log) for the tenant since `since`."""
    durations = []
    for line in (stack.logs / "api.log").read_text(errors="replace").splitlines():
        if str(tenant_id) not in line or '"http.request"' not in line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:  # another stack's line interleaved with this one
            continue
        if entry.get("tenant_id") == str(tenant_id) and entry.get("path") == "/graphql" \
                and entry.get("timestamp", "") >= since:
            durations.append(float(entry["duration_ms"]))
    return durations


async def measure_list(stack: Stack, big: Shop, requests: int) -> dict[str, Any]:
    variables = {"status": "CONFIRMED"}
    body = {"query": LIST_PAGE, "variables": variables, "operationName": LIST_OPERATION}
    headers = {"Authorization": f"Bearer {big.session.access_token}"}
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        for _ in range(20):
            await client.post("/graphql", json=body, headers=headers)
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        before = statements_so_far(GraphQLClient(stack.base_url), LIST_OPERATION)
        client_ms = []
        for _ in range(requests):
            started = time.perf_counter()
            response = await client.post("/graphql", json=body, headers=headers)
            client_ms.append((time.perf_counter() - started) * 1000)
            edges = response.json()["data"]["orders"]["edges"]
            assert len(edges) == 50 and all(len(e["node"]["lines"]) == 3 for e in edges)
        statements = statements_so_far(GraphQLClient(stack.base_url), LIST_OPERATION) - before
    await asyncio.sleep(0.5)  # let the access log lines land
    server_ms = server_durations(stack, big.tenant_id, since)[-requests:]
    return {"client": client_ms, "server": server_ms,
            "statements_per_page": statements / requests}


async def list_selection_floor(requests: int) -> list[float]:
    """What executing the page's selection costs in Strawberry alone: the same fields over 50
    prebuilt orders of 3 lines, no HTTP, no database, no permission checks."""
    from list_floor import execute_page

    for _ in range(20):
        await execute_page()
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        await execute_page()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def explain_list(stack: Stack, big: Shop) -> str:
    """EXPLAIN ANALYZE of the page's statements as the API sends them (application role,
    tenant bound, row-level security on)."""
    conn = await asyncpg.connect(app_dsn(stack))
    t = big.tenant_id
    plans = []
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(t))
            queries = [
                ("orders page", "SELECT * FROM orders WHERE orders.tenant_id = $1 AND"
                 " orders.customer_id IN (SELECT customers.id FROM customers WHERE"
                 " customers.tenant_id = $1) AND orders.status = 'confirmed'"
                 " ORDER BY orders.created_at DESC, orders.id DESC LIMIT 51"),
                ("lines of the page", "SELECT * FROM order_lines WHERE tenant_id = $1 AND"
                 " order_id IN (SELECT id FROM orders WHERE tenant_id = $1 AND status ="
                 " 'confirmed' ORDER BY created_at DESC, id DESC LIMIT 50)"
                 " ORDER BY order_id, line_no"),
                ("customers of the page", "SELECT * FROM customers WHERE tenant_id = $1 AND"
                 " id IN (SELECT customer_id FROM orders WHERE tenant_id = $1 AND status ="
                 " 'confirmed' ORDER BY created_at DESC, id DESC LIMIT 50)"),
            ]
            for name, sql in queries:
                rows = await conn.fetch(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", t)
                plans.append(f"-- {name}\n" + "\n".join(r[0] for r in rows))
    finally:
        await conn.close()
    return "\n\n".join(plans)


# --- the import ----------------------------------------------------------------------------

def import_csv(shop: Shop, rows: int, lines_per_order: int = 2) -> str:
    header = "external_ref,customer_ref,sku,quantity"
    body = [f"IMP-{index // lines_per_order:06d},C-0,"
            f"{shop.sku_codes[index % lines_per_order]},1" for index in range(rows)]
    return "\n".join([header, *body]) + "\n"


def measure_import(shop: Shop, rows: int, timeout: float) -> dict[str, Any]:
    content = base64.b64encode(import_csv(shop, rows).encode()).decode()
    started = time.perf_counter()
    payload = shop.session.client.data(START_IMPORT, {"input": {
        "kind": "ORDERS", "fileName": "bench-orders.csv", "contentBase64": content,
        "dryRun": False, "mode": "ALL_OR_NOTHING"}})["startImport"]
    assert payload["userErrors"] == [], payload["userErrors"]
    job_id = payload["importJob"]["id"]
    while True:
        job = shop.session.client.data(IMPORT_JOB, {"id": job_id})["importJob"]
        if job["status"] in ("COMPLETED", "FAILED") or time.perf_counter() - started > timeout:
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    worker = running = None
    if job["startedAt"] and job["finishedAt"]:
        finished = datetime.fromisoformat(job["finishedAt"])
        worker = (finished - datetime.fromisoformat(job["createdAt"])).total_seconds()
        # The job may queue behind the worker's backlog of events from the createOrder rounds.
        running = (finished - datetime.fromisoformat(job["startedAt"])).total_seconds()
    return {"job": job, "wall_seconds": wall, "server_seconds": worker,
            "running_seconds": running}


# --- the run -------------------------------------------------------------------------------

def report(args: argparse.Namespace, sizes: dict[str, int], timings: dict[str, float],
           create: dict[str, Any], listing: dict[str, Any], imported: dict[str, Any] | None,
           plans: str) -> str:
    med = statistics.median
    server, client = listing["server"], listing["client"]
    rows = [
        ("Seeded", f"{sizes['tenants']:,} tenants, {sizes['orders']:,} orders, "
                   f"{sizes['order_lines']:,} lines (large tenant: {args.big_orders:,} orders); "
                   f"seeding {sum(timings.values()):.0f} s"),
        ("createOrder, ours (GraphQL)", f"{med(create['ours']):.1f} orders/s median of "
         f"{len(create['ours'])} rounds ({', '.join(f'{r:.1f}' for r in create['ours'])}), "
         f"{args.clients} concurrent clients"),
        ("createOrder, baseline (raw asyncpg)", f"{med(create['baseline']):.1f} orders/s "
         f"({', '.join(f'{r:.1f}' for r in create['baseline'])})"),
        ("createOrder ratio ours / baseline", f"{create['ratio']:.2f}x (target >= 0.6x)"),
        ("Floor: `viewer` query, same clients", f"{med(create['floor']):.1f} requests/s "
         f"({', '.join(f'{r:.1f}' for r in create['floor'])}), "
         f"{create['floor_ratio']:.2f}x the baseline"),
        ("SQL statements per createOrder", f"{create['statements_per_order']:.1f} (target <= 15)"),
        ("Order list first page, server time", f"p50 {med(server):.1f} ms, p95 "
         f"{percentile(server, 95):.1f} ms over {len(server)} requests (target p95 <= 25 ms)"),
        ("Order list first page, client time", f"p50 {med(client):.1f} ms, p95 "
         f"{percentile(client, 95):.1f} ms"),
        ("Floor: the page's selection in graphql-core alone", f"p50 {med(listing['floor']):.1f} ms, "
         f"p95 {percentile(listing['floor'], 95):.1f} ms (no HTTP, no database)"),
        ("SQL statements per list page", f"{listing['statements_per_page']:.1f} "
         "(50 orders with lines and customer)"),
    ]
    if imported is None:
        rows.append(("10,000-row order import", "skipped (--import-rows 0)"))
    else:
        job = imported["job"]
        server_s = imported["server_seconds"]
        rows.append((f"{args.import_rows:,}-row order import", (
            f"{job['status']}: {job['writtenRows']:,} rows written, {job['errorRows']} errors; "
            f"{imported['running_seconds']:.1f} s from the worker taking the job to its end, "
            f"{server_s:.1f} s from upload to finish, {imported['wall_seconds']:.1f} s as the "
            "client polled (target <= 10 s)") if server_s is not None
            else f"{job['status']} after {imported['wall_seconds']:.0f} s: "
                 f"{job['processedRows']:,} of {job['totalRows']:,} rows processed "
                 f"{job.get('failureCode') or ''} {job.get('failureMessage') or ''}"))
    width = max(len(name) for name, _ in rows)
    table = "\n".join(f"| {name:<{width}} | {value} |" for name, value in rows)
    return (f"| {'Measure':<{width}} | Result |\n|{'-' * (width + 2)}|--------|\n{table}\n\n"
            f"EXPLAIN (ANALYZE) of the list page's statements in the large tenant:\n\n"
            f"```\n{plans}\n```")


async def run(args: argparse.Namespace, stack: Stack) -> str:
    api = GraphQLClient(stack.base_url)
    started = time.perf_counter()
    big = open_shop(api, "Bench Large", customers=5)
    shops = [open_shop(api, f"Bench Writer {i}", customers=1) for i in range(args.clients)]
    print(f"set-up through the API: {time.perf_counter() - started:.0f} s", flush=True)
    bulk_tenants = max(args.tenants - 1 - args.clients, 1)
    timings = await seed(owner_dsn(stack), big.tenant_id, bulk_tenants, args.big_orders,
                         max(args.orders - args.big_orders, 0))
    sizes = await counts(owner_dsn(stack))
    print(f"seeded {sizes} in {sum(timings.values()):.0f} s {timings}", flush=True)
    refresh(api, big)
    listing = await measure_list(stack, big, args.list_requests)
    plans = await explain_list(stack, big)
    listing["floor"] = await list_selection_floor(args.list_requests)
    print("list measured:", _summary(listing["server"]), "server,",
          _summary(listing["client"]), "client", flush=True)
    for shop in shops:
        refresh(api, shop)
    create = await measure_create(stack, shops, args.rounds, args.seconds)
    print("createOrder measured:", {k: v for k, v in create.items()}, flush=True)
    imported = None
    if args.import_rows:
        refresh(api, shops[0])
        imported = measure_import(shops[0], args.import_rows, args.import_timeout)
    return report(args, sizes, timings, create, listing, imported, plans)


def _summary(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms p95 {percentile(values, 95):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders in all")
    parser.add_argument("--big-orders", type=int, default=100_000,
                        help="orders of the large tenant (part of --orders)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent createOrder clients")
    parser.add_argument("--rounds", type=int, default=6, help="interleaved rounds each side")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one round")
    parser.add_argument("--list-requests", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--import-timeout", type=float, default=600,
                        help="stop waiting for the import after this many seconds")
    args = parser.parse_args()
    # A loaded machine may need longer than the tests' 40 s to start the API.
    stack_support.wait_ready = functools.partial(wait_ready, timeout=300)
    stack = create_stack()
    try:
        print(asyncio.run(run(args, stack)))
    finally:
        destroy_stack(stack)


if __name__ == "__main__":
    main()
