"""The orders benchmark (issue 12): a private Orbit stack, a bulk-seeded database, then in
one run, each figure beside its floor:

  * createOrder (3 lines, submitted: pricing, approval rules, stock reservation, audit,
    outbox) over GraphQL, against the bare-stack app (floor_app.py: Litestar + Strawberry +
    asyncpg sending createOrder's statements, no Orbit code), against the same statements on
    raw asyncpg in-process and against them through SQLAlchemy's async session in-process
    (create_order_sqlalchemy.py: what the stack's SQLAlchemy adds to them), in interleaved
    rounds with the same clients and the same number of server processes. Per side:
    throughput, server CPU per order (the serving process tree, from /proc), Orbit worker
    CPU per order and PostgreSQL CPU per order (the database's backends, from /proc).
    Measured twice: with the worker paused (SIGSTOP), then relaying everything (sustained:
    whether the outbox backlog grows, and outbox → handler start p95 from the relay's own
    timestamps: from the event's transaction start and, when the server has
    track_commit_timestamp on, from its commit); then outbox → handler start again with
    fewer clients (--relay-clients), createOrder rounds back to back;
  * the console's order list (the generated `OrdersList` document read from frontend/src/gql)
    at 25 and 50 orders, and the integrator page (50 orders with lines and customer) against
    Strawberry executing the same selection over prebuilt objects (list_floor.py): p95
    server time (the API's own access-log duration), with the EXPLAIN of the statements;
  * statements per createOrder and per list page (the API's orbit_db_statements_total);
  * a 10,000-row order import through startImport, from upload to the job's finish.

The last line printed is one JSON object with every figure by name.

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
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import httpx
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from create_order_sql import (  # noqa: E402
    STATEMENTS_PER_ORDER,
    create_shadow_tables,
)
from create_rounds import (  # noqa: E402
    SIDES,
    Client,
    Phase,
    Processes,
    Round,
    Sides,
    graphql_action,
    raw_action,
    sqlalchemy_action,
)
from orders_seed import counts, seed  # noqa: E402
from proc_cpu import pause, resume, tree_cpu_seconds  # noqa: E402
from tests.support import stack as stack_support  # noqa: E402
from tests.support.catalog import create_product  # noqa: E402
from tests.support.database import APP_ROLE, app_dsn, owner_dsn  # noqa: E402
from tests.support.graphql import LOG_IN, GraphQLClient, TenantSession, sign_up  # noqa: E402
from tests.support.inventory import create_warehouse, receive  # noqa: E402
from tests.support.metrics import statements_so_far  # noqa: E402
from tests.support.stack import (  # noqa: E402
    Stack,
    create_stack,
    destroy_stack,
    free_port,
    wait_ready,
)

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
CONSOLE_OPERATION = "OrdersList"
GENERATED_DOCUMENTS = REPO / "frontend" / "src" / "gql" / "gql.ts"
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
        product = create_product(
            session, code, f"Product {code}", "10.00", cost="6.00", taxRate="0.1"
        )
        sku_ids.append(product["skus"][0]["id"])
        codes.append(code)
        receive(session, warehouse, sku_ids[-1], STOCK)
    customer_ids = []
    for index in range(customers):
        payload = session.client.data(
            CREATE_CUSTOMER,
            {
                "input": {
                    "name": f"Customer {index:03d}",
                    "externalRef": f"C-{index}",
                    "addresses": [
                        {
                            "kind": "SHIP_TO",
                            "recipient": "Dock 4",
                            "line1": "1 Harbour Rd",
                            "city": "Bremen",
                            "country": "de",
                        }
                    ],
                }
            },
        )["createCustomer"]
        assert payload["userErrors"] == [], payload["userErrors"]
        customer_ids.append(payload["customer"]["id"])
    viewer = session.client.data("query { viewer { user { id } } tenant { id } }")
    return Shop(
        session,
        raw_id(viewer["tenant"]["id"]),
        raw_id(viewer["viewer"]["user"]["id"]),
        customer_ids[0],
        sku_ids,
        codes,
    )


def refresh(api: GraphQLClient, shop: Shop) -> None:
    """Log in again: a long phase may outlive the access token."""
    payload = api.data(
        LOG_IN,
        {
            "input": {
                "tenantSlug": shop.session.slug,
                "email": shop.session.email,
                "password": shop.session.password,
            }
        },
    )["logIn"]
    assert payload["userErrors"] == [], payload["userErrors"]
    shop.session.access_token = payload["accessToken"]
    shop.session.client = api.as_(payload["accessToken"])


def client_of(shop: Shop) -> Client:
    return Client(
        shop.tenant_id,
        shop.user_id,
        shop.customer_id,
        shop.sku_ids,
        raw_id(shop.customer_id),
        [raw_id(s) for s in shop.sku_ids],
        shop.session.access_token,
    )


# --- the servers -----------------------------------------------------------------------------


def start_profile(pid: int, path: str) -> subprocess.Popen[bytes]:
    """py-spy recording `pid` and its children (the API's processes) in raw format."""
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--pid", str(pid), "--subprocesses", "-r", "200"]
    return subprocess.Popen([*command, "--format", "raw", "-o", path], stdout=subprocess.DEVNULL)  # noqa: S603


def serve_supports_workers() -> bool:
    command = [stack_support.ORBIT, "serve", "--help"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)  # noqa: S603
    return "--workers" in result.stdout


def restart_api(stack: Stack, workers: int) -> int:
    """The API again with `workers` processes (when `orbit serve` takes --workers); how many
    it runs."""
    supported = serve_supports_workers()
    if not supported and workers != 1:
        print(
            f"orbit serve has no --workers yet: the API runs 1 process, not {workers}", flush=True
        )
    stack.stop("api")
    port = free_port()
    extra = ["--workers", str(workers)] if supported else []
    stack.start("api", "serve", "--host", "127.0.0.1", "--port", str(port), *extra)
    stack.base_url = f"http://127.0.0.1:{port}"
    wait_ready(stack.base_url, stack.processes["api"], stack.logs / "api.log", timeout=300)
    return workers if supported else 1


def start_floor(stack: Stack, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = stack.start(
        "floor",
        str(REPO / "bench" / "floor_app.py"),
        "--dsn",
        app_dsn(stack),
        "--port",
        str(port),
        "--workers",
        str(workers),
        program=sys.executable,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((stack.logs / "floor.log").read_text()[-3000:])
        try:
            if httpx.post(f"{url}/graphql", json={"query": "{ ready }"}, timeout=2).is_success:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the floor app did not start:\n{(stack.logs / 'floor.log').read_text()}")


# --- the relay -------------------------------------------------------------------------------


async def backlog(stack: Stack) -> int:
    """Events with work left for the worker."""
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM event_queue"))
    finally:
        await conn.close()


@dataclass
class Drain:
    seconds: float
    worker_cpu: float
    drained: bool


async def drain(stack: Stack, limit_seconds: float) -> Drain:
    """Wait until the worker has relayed every event; how long it took and its CPU."""
    worker = stack.processes["worker"].pid
    cpu_before, started = tree_cpu_seconds(worker), time.perf_counter()
    left = await backlog(stack)
    while left and time.perf_counter() - started < limit_seconds:
        await asyncio.sleep(0.25)
        left = await backlog(stack)
    return Drain(time.perf_counter() - started, tree_cpu_seconds(worker) - cpu_before, left == 0)


RELAY_TIMES = """
SELECT extract(epoch FROM min(d.next_attempt_at) - e.created_at) * 1000 AS start_ms,
       extract(epoch FROM max(d.completed_at) - e.created_at) * 1000 AS done_ms,
       {committed} AS committed_start_ms
FROM outbox_events e JOIN event_deliveries d ON d.tenant_id = e.tenant_id AND d.event_id = e.id
WHERE e.tenant_id = ANY($1::uuid[]) AND e.created_at >= $2 AND e.created_at < $3
GROUP BY e.tenant_id, e.id, e.created_at
HAVING bool_and(d.status = 'done' AND d.attempts = 1)"""
# With track_commit_timestamp on, the event's commit is known too: from the commit (when
# the worker can first see the event) rather than from its transaction's start.
FROM_COMMIT = "extract(epoch FROM min(d.next_attempt_at) - pg_xact_commit_timestamp(e.xmin)) * 1000"


async def relay_times(
    stack: Stack, tenants: list[uuid.UUID], rounds: list[Round]
) -> dict[str, list[float]]:
    """Outbox → handler start and → handler done, per event written in the given rounds:
    the event's created_at against its delivery rows (written when the worker claims the
    event, next_attempt_at defaulting to that moment; completed_at when done)."""
    conn = await asyncpg.connect(owner_dsn(stack))
    starts: list[float] = []
    dones: list[float] = []
    from_commit: list[float] = []
    tracked = await conn.fetchval("SHOW track_commit_timestamp") == "on"
    query = RELAY_TIMES.format(committed=FROM_COMMIT if tracked else "NULL::float8")
    try:
        for measured in rounds:
            rows = await conn.fetch(query, tenants, measured.started_at, measured.ended_at)
            starts += [float(r["start_ms"]) for r in rows]
            dones += [float(r["done_ms"]) for r in rows]
            from_commit += [float(r["committed_start_ms"]) for r in rows if tracked]
    except asyncpg.PostgresError as error:  # the relay's tables changed shape
        print(f"relay timestamps unreadable: {error}", flush=True)
    finally:
        await conn.close()
    return {"start": starts, "done": dones, "start_from_commit": from_commit}


# --- createOrder -----------------------------------------------------------------------------


async def measure_create(
    args: argparse.Namespace, stack: Stack, api: GraphQLClient, shops: list[Shop], api_workers: int
) -> dict[str, Any]:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        await create_shadow_tables(conn, APP_ROLE)
    finally:
        await conn.close()
    floor, floor_url = start_floor(stack, api_workers)
    try:
        return await _measure_create(args, stack, api, shops, floor.pid, floor_url)
    finally:
        stack.stop("floor")


async def _measure_create(
    args: argparse.Namespace,
    stack: Stack,
    api: GraphQLClient,
    shops: list[Shop],
    floor_pid: int,
    floor_url: str,
) -> dict[str, Any]:
    for shop in shops:
        refresh(api, shop)
    clients = [client_of(shop) for shop in shops]
    connections = [await asyncpg.connect(app_dsn(stack)) for _ in clients]
    engine = create_async_engine(
        make_url(app_dsn(stack)).set(drivername="postgresql+asyncpg"),
        pool_size=len(clients),
        max_overflow=0,
    )
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    processes = Processes(
        stack.processes["api"].pid,
        floor_pid,
        stack.processes["worker"].pid,
        owner_dsn(stack),
        str(make_url(stack.owner_url).database),
    )
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        actions = {
            "orbit": [
                graphql_action(
                    session,
                    f"{stack.base_url}/graphql",
                    CREATE_ORDER,
                    CREATE_OPERATION,
                    c.variables(),
                    {"Authorization": f"Bearer {c.token}"},
                )
                for c in clients
            ],
            "floor": [
                graphql_action(
                    session,
                    f"{floor_url}/graphql",
                    CREATE_ORDER,
                    CREATE_OPERATION,
                    c.variables(),
                    {"X-Tenant-Id": str(c.tenant_id), "X-User-Id": str(c.user_id)},
                )
                for c in clients
            ],
            "raw": [
                raw_action(conn, c.request()) for conn, c in zip(connections, clients, strict=True)
            ],
            "sqlalchemy": [sqlalchemy_action(sessions, c.request()) for c in clients],
        }
        sides = Sides(processes, actions)
        for side in actions:  # warm every side (connections, caches)
            await sides.round(side, 2)
        await drain(stack, args.drain_timeout)
        orders_before = await _order_count(stack)
        statements_before = statements_so_far(GraphQLClient(stack.base_url), CREATE_OPERATION)

        pause(processes.worker_pid)
        try:
            paused = await sides.phase(args.rounds, args.seconds)
        finally:
            resume(processes.worker_pid)
        statements = statements_so_far(GraphQLClient(stack.base_url), CREATE_OPERATION)
        backlog_drain = await drain(stack, args.drain_timeout)
        print(
            f"worker paused: {_rates(paused)}; backlog relayed in {backlog_drain.seconds:.1f} s",
            flush=True,
        )

        backlogs: list[int] = []

        async def note_backlog(measured: Round) -> None:
            if measured.side == "orbit":
                backlogs.append(await backlog(stack))

        relaying = await sides.phase(args.rounds, args.seconds, after_round=note_backlog)
        relaying_backlog = await backlog(stack)
        relaying_drain = await drain(stack, args.drain_timeout)
        print(
            f"worker relaying: {_rates(relaying)}; backlog after each createOrder round "
            f"{backlogs}, relayed in {relaying_drain.seconds:.1f} s",
            flush=True,
        )
        created = await _order_count(stack) - orders_before
        by_clients = await relay_by_clients(args, stack, sides, clients)
    for conn in connections:
        await conn.close()
    await engine.dispose()
    expected = sum(r.done for r in paused.rounds + relaying.rounds)
    if created != expected:
        print(f"WARNING: {created} orders written, {expected} requests completed", flush=True)
    times = await relay_times(stack, [c.tenant_id for c in clients], relaying.of("orbit"))
    return {
        "paused": paused,
        "relaying": relaying,
        "backlog_drain": backlog_drain,
        "relaying_drain": relaying_drain,
        "backlogs": backlogs,
        "relaying_backlog": relaying_backlog,
        "relay": times,
        "relay_by_clients": by_clients,
        "statements_per_order": (statements - statements_before) / max(paused.done("orbit"), 1),
    }


async def relay_by_clients(
    args: argparse.Namespace, stack: Stack, sides: Sides, clients: list[Client]
) -> dict[str, dict[str, float | None]]:
    """Outbox → handler start with fewer createOrder clients (createOrder rounds only, the
    worker relaying): where the machine's throughput is already reached, more clients add
    only waiting, in the API's queue and the relay's alike."""
    curve: dict[str, dict[str, float | None]] = {}
    for count in args.relay_clients:
        fewer = Sides(sides.processes, {"orbit": sides.actions["orbit"][:count]})
        rounds = [await fewer.round("orbit", args.seconds) for _ in range(args.rounds)]
        await drain(stack, args.drain_timeout)
        times = await relay_times(stack, [c.tenant_id for c in clients[:count]], rounds)
        curve[str(count)] = {
            "createOrder_per_s": _round(
                sum(r.done for r in rounds) / sum(r.seconds for r in rounds), 1
            ),
            "relay_p95_ms": _round(percentile(times["start"], 95), 1),
            "relay_from_commit_p95_ms": _p95_if_any(times["start_from_commit"]),
        }
        print(f"relaying with {count} client(s): {curve[str(count)]}", flush=True)
    return curve


def _rates(phase: Phase) -> str:
    return ", ".join(f"{side} {phase.rate(side):.1f}/s" for side in SIDES)


async def _order_count(stack: Stack) -> int:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM orders WHERE number NOT LIKE 'BK-%'"))
    finally:
        await conn.close()


# --- the order list --------------------------------------------------------------------------


def _p95_if_any(values: list[float]) -> float | None:
    """p95, or None when nothing was measured (the server does not track commit times)."""
    return _round(percentile(values, 95), 1) if values else None


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def console_document() -> str:
    """The console's order list query as generated by codegen (frontend/src/gql/gql.ts)."""
    text = GENERATED_DOCUMENTS.read_text()
    match = re.search(
        r'^\s*("(?:[^"\\]|\\.)*query OrdersList\((?:[^"\\]|\\.)*"):', text, re.MULTILINE
    )
    if match is None:
        raise RuntimeError(f"no OrdersList document in {GENERATED_DOCUMENTS}")
    document: str = json.loads(match.group(1))
    return document


def server_durations(stack: Stack, tenant_id: uuid.UUID, since: str) -> list[float]:
    """The API's own request durations (its access log) for the tenant since `since`."""
    durations = []
    for line in (stack.logs / "api.log").read_text(errors="replace").splitlines():
        if str(tenant_id) not in line or '"http.request"' not in line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:  # another process's line interleaved with this one
            continue
        if (
            entry.get("tenant_id") == str(tenant_id)
            and entry.get("path") == "/graphql"
            and entry.get("timestamp", "") >= since
        ):
            durations.append(float(entry["duration_ms"]))
    return durations


async def time_requests(
    stack: Stack, big: Shop, body: dict[str, Any], requests: int, check: Any
) -> dict[str, Any]:
    """`requests` sequential requests (after 20 to warm): client and server times, and the
    statements per request."""
    headers = {"Authorization": f"Bearer {big.session.access_token}"}
    operation = body["operationName"]
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60) as client:
        for _ in range(20):
            await client.post("/graphql", json=body, headers=headers)
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        before = statements_so_far(GraphQLClient(stack.base_url), operation)
        client_ms = []
        for _ in range(requests):
            started = time.perf_counter()
            response = await client.post("/graphql", json=body, headers=headers)
            client_ms.append((time.perf_counter() - started) * 1000)
            result = response.json()
            assert not result.get("errors"), result["errors"]
            check(result["data"])
        statements = statements_so_far(GraphQLClient(stack.base_url), operation) - before
    await asyncio.sleep(0.5)  # let the access log lines land
    server_ms = server_durations(stack, big.tenant_id, since)[-requests:]
    return {"client": client_ms, "server": server_ms, "statements": statements / requests}


async def measure_list(stack: Stack, big: Shop, requests: int) -> dict[str, Any]:
    console = console_document()
    results: dict[str, Any] = {}
    for size in (25, 50):
        body = {
            "query": console,
            "operationName": CONSOLE_OPERATION,
            "variables": {"first": size, "filter": {}, "orderBy": "NEWEST"},
        }

        def full_page(data: dict[str, Any], size: int = size) -> None:
            assert len(data["orders"]["edges"]) == size

        results[f"console_{size}"] = await time_requests(stack, big, body, requests, full_page)

    def integrator_page(data: dict[str, Any]) -> None:
        edges = data["orders"]["edges"]
        assert len(edges) == 50 and all(len(e["node"]["lines"]) == 3 for e in edges)

    body = {
        "query": LIST_PAGE,
        "variables": {"status": "CONFIRMED"},
        "operationName": LIST_OPERATION,
    }
    results["integrator"] = await time_requests(stack, big, body, requests, integrator_page)
    return results


async def list_selection_floor(requests: int) -> list[float]:
    """What executing the integrator page's selection costs in Strawberry alone: the same
    fields over 50 prebuilt orders of 3 lines, document cached, no HTTP, no database."""
    from list_floor import execute_page

    for _ in range(20):
        await execute_page()
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        await execute_page()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


LIST_STATEMENTS = [
    (
        "console page (newest, no filter, 25 + 1)",
        "SELECT * FROM orders WHERE orders.tenant_id = $1 AND orders.customer_id IN (SELECT"
        " customers.id FROM customers WHERE customers.tenant_id = $1)"
        " ORDER BY orders.created_at DESC, orders.id DESC LIMIT 26",
    ),
    (
        "integrator page (confirmed, 50 + 1)",
        "SELECT * FROM orders WHERE orders.tenant_id = $1 AND orders.customer_id IN (SELECT"
        " customers.id FROM customers WHERE customers.tenant_id = $1) AND orders.status ="
        " 'confirmed' ORDER BY orders.created_at DESC, orders.id DESC LIMIT 51",
    ),
    (
        "lines of the page",
        "SELECT * FROM order_lines WHERE tenant_id = $1 AND order_id IN (SELECT id FROM orders"
        " WHERE tenant_id = $1 AND status = 'confirmed' ORDER BY created_at DESC, id DESC"
        " LIMIT 50) ORDER BY order_id, line_no",
    ),
    (
        "customers of the page",
        "SELECT * FROM customers WHERE tenant_id = $1 AND id IN (SELECT customer_id FROM orders"
        " WHERE tenant_id = $1 AND status = 'confirmed' ORDER BY created_at DESC, id DESC"
        " LIMIT 50)",
    ),
]


async def explain_list(stack: Stack, big: Shop) -> str:
    """EXPLAIN ANALYZE of the list statements' shapes as the API sends them (application
    role, tenant bound, row-level security on)."""
    conn = await asyncpg.connect(app_dsn(stack))
    plans = []
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(big.tenant_id))
            for name, sql in LIST_STATEMENTS:
                rows = await conn.fetch(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", big.tenant_id)
                plans.append(f"-- {name}\n" + "\n".join(r[0] for r in rows))
    finally:
        await conn.close()
    return "\n\n".join(plans)


# --- the import ------------------------------------------------------------------------------


def import_csv(shop: Shop, rows: int, lines_per_order: int = 2) -> str:
    header = "external_ref,customer_ref,sku,quantity"
    body = [
        f"IMP-{index // lines_per_order:06d},C-0,{shop.sku_codes[index % lines_per_order]},1"
        for index in range(rows)
    ]
    return "\n".join([header, *body]) + "\n"


def measure_import(shop: Shop, rows: int, timeout: float) -> dict[str, Any]:
    content = base64.b64encode(import_csv(shop, rows).encode()).decode()
    started = time.perf_counter()
    payload = shop.session.client.data(
        START_IMPORT,
        {
            "input": {
                "kind": "ORDERS",
                "fileName": "bench-orders.csv",
                "contentBase64": content,
                "dryRun": False,
                "mode": "ALL_OR_NOTHING",
            }
        },
    )["startImport"]
    assert payload["userErrors"] == [], payload["userErrors"]
    job_id = payload["importJob"]["id"]
    while True:
        job = shop.session.client.data(IMPORT_JOB, {"id": job_id})["importJob"]
        if job["status"] in ("COMPLETED", "FAILED") or time.perf_counter() - started > timeout:
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    server = running = None
    if job["startedAt"] and job["finishedAt"]:
        finished = datetime.fromisoformat(job["finishedAt"])
        server = (finished - datetime.fromisoformat(job["createdAt"])).total_seconds()
        running = (finished - datetime.fromisoformat(job["startedAt"])).total_seconds()
    return {"job": job, "wall_seconds": wall, "server_seconds": server, "running_seconds": running}


# --- the report ------------------------------------------------------------------------------


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None or value != value else round(value, digits)


def figures(
    create: dict[str, Any],
    listing: dict[str, Any],
    imported: dict[str, Any] | None,
    api_workers: int,
) -> dict[str, Any]:
    """Every figure by name, for the JSON line."""
    paused: Phase = create["paused"]
    relaying: Phase = create["relaying"]
    orbit, floor, raw = (paused.rate(s) for s in ("orbit", "floor", "raw"))
    relay_drain = create["backlog_drain"]
    relayed_orders = paused.done("orbit")
    relay_rate = relayed_orders / relay_drain.seconds if relay_drain.seconds else None
    events = relaying.done("orbit")
    integrator = percentile(listing["integrator"]["server"], 95)
    strawberry_floor = percentile(listing["floor"], 95)
    api_cpu, floor_cpu, raw_cpu, sqlalchemy_cpu = (
        paused.per_request_ms(side, "server_cpu") for side in SIDES
    )
    # The floor as it would be with the statements through SQLAlchemy: its CPU plus what
    # SQLAlchemy adds to the same statements in-process.
    floor_with_sqlalchemy = floor_cpu + sqlalchemy_cpu - raw_cpu
    return {
        "api_workers": api_workers,
        "createOrder_per_s": _round(orbit, 1),
        "floor_per_s": _round(floor, 1),
        "raw_asyncpg_per_s": _round(raw, 1),
        "createOrder_vs_floor": _round(orbit / floor, 3),
        "createOrder_vs_raw": _round(orbit / raw, 3),
        "floor_vs_raw": _round(floor / raw, 3),
        "sqlalchemy_per_s": _round(paused.rate("sqlalchemy"), 1),
        "sqlalchemy_vs_raw": _round(paused.rate("sqlalchemy") / raw, 3),
        "api_cpu_ms_per_order": _round(api_cpu),
        "floor_cpu_ms_per_order": _round(floor_cpu),
        "raw_cpu_ms_per_order": _round(raw_cpu),
        "sqlalchemy_cpu_ms_per_order": _round(sqlalchemy_cpu),
        "floor_with_sqlalchemy_cpu_ms_per_order": _round(floor_with_sqlalchemy),
        "createOrder_vs_floor_with_sqlalchemy_cpu": _round(floor_with_sqlalchemy / api_cpu, 3),
        "worker_cpu_ms_per_order": _round(1000 * relay_drain.worker_cpu / max(relayed_orders, 1)),
        "pg_cpu_ms_per_order": _round(paused.per_request_ms("orbit", "pg_cpu")),
        "floor_pg_cpu_ms_per_order": _round(paused.per_request_ms("floor", "pg_cpu")),
        "raw_pg_cpu_ms_per_order": _round(paused.per_request_ms("raw", "pg_cpu")),
        "relay_orders_per_s": _round(relay_rate, 1),
        "createOrder_relaying_per_s": _round(relaying.rate("orbit"), 1),
        "floor_relaying_per_s": _round(relaying.rate("floor"), 1),
        "raw_asyncpg_relaying_per_s": _round(relaying.rate("raw"), 1),
        "api_cpu_ms_per_order_relaying": _round(relaying.per_request_ms("orbit", "server_cpu")),
        "pg_cpu_ms_per_order_relaying": _round(relaying.per_request_ms("orbit", "pg_cpu")),
        "worker_cpu_ms_per_order_relaying": _round(
            1000
            * (sum(r.worker_cpu for r in relaying.rounds) + create["relaying_drain"].worker_cpu)
            / max(events, 1)
        ),
        "outbox_backlog_after_rounds": create["backlogs"],
        "outbox_backlog_grows": _backlog_grows(create["backlogs"]),
        "api_outruns_relay": relay_rate is not None and relaying.rate("orbit") > relay_rate,
        "createOrder_sustained_per_s": _round(min(relaying.rate("orbit"), relay_rate or 0.0), 1),
        "relay_drain_after_rounds_s": _round(create["relaying_drain"].seconds),
        "relay_p95_ms": _round(percentile(create["relay"]["start"], 95), 1),
        "relay_done_p95_ms": _round(percentile(create["relay"]["done"], 95), 1),
        "relay_from_commit_p95_ms": _p95_if_any(create["relay"]["start_from_commit"]),
        "relay_events_measured": len(create["relay"]["start"]),
        "relay_by_clients": create["relay_by_clients"],
        "console_list_p95_ms": {
            "25": _round(percentile(listing["console_25"]["server"], 95), 1),
            "50": _round(percentile(listing["console_50"]["server"], 95), 1),
        },
        "integrator_list_p95_ms": _round(integrator, 1),
        "strawberry_floor_p95_ms": _round(strawberry_floor, 1),
        "integrator_list_vs_strawberry_floor": _round(integrator / strawberry_floor),
        "statements_per_create_order": _round(create["statements_per_order"], 1),
        "floor_statements_per_order": STATEMENTS_PER_ORDER,
        "statements_per_list_page": {
            "console_25": _round(listing["console_25"]["statements"], 1),
            "console_50": _round(listing["console_50"]["statements"], 1),
            "integrator_50": _round(listing["integrator"]["statements"], 1),
        },
        "import_10k_s": _round(imported["server_seconds"]) if imported else None,
    }


def _backlog_grows(backlogs: list[int]) -> bool:
    """Whether the queue grew from one createOrder round to the next (the API outran the
    relay) rather than being worked off in the other sides' rounds between them."""
    return len(backlogs) > 1 and backlogs[-1] > backlogs[0]


def _phase_rows(name: str, phase: Phase) -> list[tuple[str, str]]:
    rows = []
    for side, label in (
        ("orbit", "Orbit createOrder"),
        ("floor", "bare-stack floor"),
        ("raw", "raw asyncpg"),
        ("sqlalchemy", "the same statements through SQLAlchemy's session"),
    ):
        rates = ", ".join(f"{r.rate:.0f}" for r in phase.of(side))
        rows.append(
            (
                f"{label}, {name}",
                (
                    f"{phase.rate(side):.1f}/s median ({rates}); server CPU "
                    f"{phase.per_request_ms(side, 'server_cpu'):.2f} ms, PostgreSQL CPU "
                    f"{phase.per_request_ms(side, 'pg_cpu'):.2f} ms, worker CPU "
                    f"{phase.per_request_ms(side, 'worker_cpu'):.2f} ms per order"
                ),
            )
        )
    return rows


def _from_commit(p95: float | None) -> str:
    return "n/a (track_commit_timestamp is off)" if p95 is None else f"{p95} ms"


def _p(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 95):.1f} ms"


def report(
    args: argparse.Namespace,
    sizes: dict[str, int],
    seconds_seeding: float,
    create: dict[str, Any],
    listing: dict[str, Any],
    numbers: dict[str, Any],
    plans: str,
) -> str:
    rows = [
        (
            "Seeded",
            f"{sizes['tenants']:,} tenants, {sizes['orders']:,} orders, "
            f"{sizes['order_lines']:,} lines (large tenant: {args.big_orders:,}); "
            f"seeding {seconds_seeding:.0f} s",
        ),
        (
            "Clients, API processes",
            f"{args.clients} concurrent clients, "
            f"{numbers['api_workers']} API (and floor) process(es)",
        ),
        *_phase_rows("worker paused", create["paused"]),
        *_phase_rows("worker relaying", create["relaying"]),
        (
            "Ratios (worker paused)",
            f"createOrder {numbers['createOrder_vs_floor']}x the floor, "
            f"{numbers['createOrder_vs_raw']}x raw asyncpg; floor "
            f"{numbers['floor_vs_raw']}x raw asyncpg; the statements through SQLAlchemy "
            f"{numbers['sqlalchemy_vs_raw']}x raw asyncpg",
        ),
        (
            "The floor with SQLAlchemy's cost (CPU per order)",
            f"{numbers['floor_with_sqlalchemy_cpu_ms_per_order']} ms (floor + SQLAlchemy - raw): "
            f"createOrder {numbers['createOrder_vs_floor_with_sqlalchemy_cpu']}x it",
        ),
        (
            "Worker relaying the paused rounds' backlog",
            (
                f"{create['backlog_drain'].seconds:.1f} s for {create['paused'].done('orbit')} "
                f"orders ({numbers['relay_orders_per_s']} orders/s), worker CPU "
                f"{numbers['worker_cpu_ms_per_order']} ms per order"
            ),
        ),
        (
            "Outbox backlog after each createOrder round (relaying)",
            (
                f"{create['backlogs']} events; grows: {numbers['outbox_backlog_grows']}; relayed "
                f"{numbers['relay_drain_after_rounds_s']} s after the last round; the API outruns "
                f"the relay: {numbers['api_outruns_relay']}; sustained createOrder "
                f"{numbers['createOrder_sustained_per_s']}/s"
            ),
        ),
        (
            "Outbox → handler start / done (relaying)",
            (
                f"p95 {numbers['relay_p95_ms']} / {numbers['relay_done_p95_ms']} ms over "
                f"{numbers['relay_events_measured']} events, from the transaction's start; "
                f"start from the commit p95 {_from_commit(numbers['relay_from_commit_p95_ms'])}"
            ),
        ),
        *(
            (
                f"Outbox → handler start p95 with {count} client(s)",
                (
                    f"{curve['relay_p95_ms']} ms from the transaction's start, "
                    f"{_from_commit(curve['relay_from_commit_p95_ms'])} from the commit; "
                    f"createOrder {curve['createOrder_per_s']}/s"
                ),
            )
            for count, curve in numbers["relay_by_clients"].items()
        ),
        (
            "SQL statements per createOrder",
            f"{numbers['statements_per_create_order']} (floor: {STATEMENTS_PER_ORDER})",
        ),
    ]
    for key, label in (
        ("console_25", "Console list, 25 orders"),
        ("console_50", "Console list, 50 orders"),
        ("integrator", "Integrator page, 50 orders with lines"),
    ):
        measured = listing[key]
        rows.append(
            (
                f"{label}, server time",
                f"{_p(measured['server'])}; client "
                f"{_p(measured['client'])}; {measured['statements']:.1f} statements",
            )
        )
    rows.append(("Strawberry alone, the integrator selection", _p(listing["floor"])))
    imported = numbers["import_10k_s"]
    rows.append(
        (
            f"{args.import_rows:,}-row order import",
            "skipped" if imported is None else f"{imported} s from upload to finish",
        )
    )
    width = max(len(name) for name, _ in rows)
    table = "\n".join(f"| {name:<{width}} | {value} |" for name, value in rows)
    return (
        f"| {'Measure':<{width}} | Result |\n|{'-' * (width + 2)}|--------|\n{table}\n\n"
        f"EXPLAIN (ANALYZE) of the list statements in the large tenant:\n\n```\n{plans}\n```"
    )


# --- the run ---------------------------------------------------------------------------------


async def run(args: argparse.Namespace, stack: Stack) -> tuple[str, dict[str, Any]]:
    api_workers = restart_api(stack, args.api_workers)
    api = GraphQLClient(stack.base_url)
    started = time.perf_counter()
    big = open_shop(api, "Bench Large", customers=5)
    shops = [open_shop(api, f"Bench Writer {i}", customers=1) for i in range(args.clients)]
    print(f"set-up through the API: {time.perf_counter() - started:.0f} s", flush=True)
    bulk_tenants = max(args.tenants - 1 - args.clients, 1)
    timings = await seed(
        owner_dsn(stack),
        big.tenant_id,
        bulk_tenants,
        args.big_orders,
        max(args.orders - args.big_orders, 0),
    )
    sizes = await counts(owner_dsn(stack))
    print(f"seeded {sizes} in {sum(timings.values()):.0f} s {timings}", flush=True)
    refresh(api, big)
    spy = (
        start_profile(stack.processes["api"].pid, args.profile_lists)
        if args.profile_lists
        else None
    )
    listing = await measure_list(stack, big, args.list_requests)
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        spy.wait(timeout=120)
    plans = await explain_list(stack, big)
    listing["floor"] = await list_selection_floor(args.list_requests)
    print(
        "lists measured:",
        {k: _p(v["server"]) for k, v in listing.items() if k != "floor"},
        "strawberry alone:",
        _p(listing["floor"]),
        flush=True,
    )
    if args.lists_only:
        return "", {k: _p(v["server"]) for k, v in listing.items() if k != "floor"} | {
            "strawberry_floor": _p(listing["floor"])
        }
    create = await measure_create(args, stack, api, shops, api_workers)
    imported = None
    if args.import_rows:
        refresh(api, shops[0])
        imported = measure_import(shops[0], args.import_rows, args.import_timeout)
    numbers = figures(create, listing, imported, api_workers)
    return report(args, sizes, sum(timings.values()), create, listing, numbers, plans), numbers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders in all")
    parser.add_argument(
        "--big-orders",
        type=int,
        default=100_000,
        help="orders of the large tenant (part of --orders)",
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent createOrder clients")
    parser.add_argument(
        "--relay-clients",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=[1, 2, 4],
        help="fewer clients to measure outbox → handler start with too (comma-separated; "
        "'' for none)",
    )
    parser.add_argument(
        "--api-workers",
        type=int,
        default=1,
        help="API processes (orbit serve --workers); the floor app runs as many",
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="interleaved rounds per side in each phase"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one round")
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=600,
        help="longest wait for the worker to relay a backlog",
    )
    parser.add_argument("--list-requests", type=int, default=300)
    parser.add_argument(
        "--lists-only", action="store_true", help="measure the lists only (no createOrder, import)"
    )
    parser.add_argument(
        "--profile-lists", help="py-spy (raw format) of the API while the lists are measured"
    )
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument(
        "--import-timeout",
        type=float,
        default=600,
        help="stop waiting for the import after this many seconds",
    )
    args = parser.parse_args()
    # A loaded machine may need longer than the tests' 40 s to start the API.
    stack_support.wait_ready = functools.partial(wait_ready, timeout=300)
    stack = create_stack()
    try:
        table, numbers = asyncio.run(run(args, stack))
    finally:
        destroy_stack(stack)
    print(table)
    print(json.dumps(numbers))


if __name__ == "__main__":
    main()
