"""The statements `createOrder` sends (3 lines, submitted, confirmed), as captured from the API
with PostgreSQL statement logging (`log_statement = all` on a private database, one order):
the same SQL text, the same parameters and the same count, sent here on plain asyncpg (or,
through `Statements`, on SQLAlchemy's session: create_order_sqlalchemy.py). The bare-stack
floor (floor_app.py), the raw-asyncpg baseline and the SQLAlchemy side all run
`create_order`.

No Orbit code: the rows it needs are read back from these statements' own results, and the
pricing is the plain case the benchmark's shops use (list price, the product's tax rate, a
price-book offer when one applies).

Event rows go to shadow tables (`bench_event_queue`, `bench_outbox_events`: same columns,
indexes, foreign keys and row-level security as the real ones, see `create_shadow_tables`)
that the Orbit worker does not read, so the floor leaves it no work and no failures.

Captured 2026-12-06 (13 statements). Recapture when createOrder's statements change (the
benchmark prints both counts): `ALTER DATABASE <db> SET log_statement = 'all'` on a
benchmark stack's database, restart its API, create one order and copy the statements
between BEGIN and COMMIT from PostgreSQL's log.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Protocol

import asyncpg

EVENT_QUEUE = "bench_event_queue"
OUTBOX = "bench_outbox_events"
SHADOWED = {EVENT_QUEUE: "event_queue", OUTBOX: "outbox_events"}
CENT = Decimal("0.01")

BIND_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
PRINCIPAL = """SELECT users.status, users.email, tenants.status AS status_1
FROM users JOIN tenants ON tenants.id = users.tenant_id
WHERE users.tenant_id = $1::UUID AND users.id = $2::UUID"""
ORDER_SETTINGS = """SELECT order_settings.number_format, order_settings.discount_caps
FROM order_settings
WHERE order_settings.tenant_id = $1::UUID"""
CUSTOMER = """SELECT customers.name, customers.status, customers.owner_id, \
customers.department_id, customers.tier, customers.region, customers.phone, customers.email, \
customers.external_ref, customers.notes, customers.payment_terms_kind, \
customers.payment_net_days, customers.payment_plan, customers.credit_limit, \
customers.credit_currency, customers.tenant_id, customers.id, customers.created_at, \
tenants.currency, tenants.time_zone, customer_addresses.customer_id, customer_addresses.kind, \
customer_addresses.label, customer_addresses.recipient, customer_addresses.phone AS phone_1, \
customer_addresses.line1, customer_addresses.line2, customer_addresses.city, \
customer_addresses.region AS region_1, customer_addresses.postal_code, \
customer_addresses.country, customer_addresses.is_default, \
customer_addresses.tenant_id AS tenant_id_1, customer_addresses.id AS id_1, \
customer_addresses.created_at AS created_at_1
FROM customers JOIN tenants ON tenants.id = customers.tenant_id LEFT OUTER JOIN \
customer_addresses ON customer_addresses.tenant_id = customers.tenant_id AND \
customer_addresses.customer_id = customers.id AND (customer_addresses.is_default IS true OR \
customer_addresses.id IN (NULL) AND (1 != 1))
WHERE customers.tenant_id = $1::UUID AND customers.id IN ($2::UUID)"""
NUMBER = """INSERT INTO order_number_counters (tenant_id, series, next_value)
VALUES ($1, $2, 2)
ON CONFLICT (tenant_id, series)
DO UPDATE SET next_value = order_number_counters.next_value + 1
RETURNING next_value - 1"""
APPROVAL_SETTINGS = """SELECT approval_settings.tenant_id, approval_settings.credit_check, \
approval_settings.discount_threshold, approval_settings.amount_thresholds, \
approval_settings.forbid_self_approval, approval_settings.reminder_after_hours, \
approval_settings.updated_at
FROM approval_settings
WHERE approval_settings.tenant_id = $1::UUID"""
RESERVE = """
WITH wanted AS (
    SELECT * FROM unnest(CAST($1 AS uuid[]), CAST($2 AS uuid[]),
                         CAST($3 AS text[]), CAST($4 AS uuid[]),
                         CAST($5 AS uuid[]), CAST($6 AS uuid[]),
                         CAST($7 AS numeric[]), CAST($8 AS numeric[]),
                         CAST($9 AS numeric[]))
        AS w(id, movement_id, reference_type, reference_id, warehouse_id, sku_id, quantity,
             reserved, backordered)
), levels AS (
    UPDATE stock_levels AS level
    SET reserved = level.reserved + total.reserved,
        backordered = level.backordered + total.backordered,
        updated_at = CAST($10 AS timestamptz)
    FROM (SELECT warehouse_id, sku_id, sum(reserved) AS reserved,
                 sum(backordered) AS backordered
          FROM wanted GROUP BY warehouse_id, sku_id) AS total
    WHERE level.tenant_id = CAST($11 AS uuid)
      AND level.warehouse_id = total.warehouse_id AND level.sku_id = total.sku_id
    RETURNING level.sku_id
), movements AS (
    INSERT INTO stock_movements (tenant_id, id, warehouse_id, sku_id, kind, on_hand_delta,
                                 reserved_delta, backordered_delta, reference_type,
                                 reference_id, actor_kind, actor_id)
    SELECT CAST($11 AS uuid), movement_id, warehouse_id, sku_id, 'reservation', 0,
           reserved, backordered, reference_type, reference_id,
           CAST($12 AS varchar), CAST($13 AS uuid)
    FROM wanted
    RETURNING id
)
INSERT INTO stock_reservations (tenant_id, id, reference_type, reference_id, warehouse_id,
                                sku_id, quantity, reserved, backordered, consumed, status,
                                updated_at)
SELECT CAST($11 AS uuid), id, reference_type, reference_id, warehouse_id, sku_id,
       quantity, reserved, backordered, 0, 'active', CAST($10 AS timestamptz)
FROM wanted"""
# The order, its lines and its status history in one statement (orders/writing.py).
WRITE_ORDER = """\
WITH new_order AS (INSERT INTO orders (number, channel, external_ref, customer_id, \
customer_name, owner_id, department_id, region, payment_terms_kind, payment_net_days, \
payment_plan, ship_to, bill_to, requested_delivery_date, priority, rank, tags, notes, status, \
currency, subtotal, discount_total, tax_total, total, payment_status, amount_paid, \
amount_refunded, carrier, tracking_number, shipped_at, version, idempotency_key, request_hash, \
created_by_kind, created_by_id, updated_at, tenant_id, id) VALUES (CAST($1 AS varchar), \
CAST($2 AS varchar), CAST($3 AS varchar), CAST($4 AS uuid), CAST($5 AS varchar), CAST($6 AS \
uuid), CAST($7 AS uuid), CAST($8 AS varchar), CAST($9 AS varchar), CAST($10 AS integer), \
CAST($11 AS jsonb), CAST($12 AS jsonb), CAST($13 AS jsonb), CAST($14 AS date), CAST($15 AS \
varchar), CAST($16 AS bigint), CAST($17 AS varchar[]), CAST($18 AS text), CAST($19 AS \
varchar), CAST($20 AS varchar), CAST($21 AS numeric), CAST($22 AS numeric), CAST($23 AS \
numeric), CAST($24 AS numeric), CAST($25 AS varchar), CAST($26 AS numeric), CAST($27 AS \
numeric), CAST($28 AS varchar), CAST($29 AS varchar), CAST($30 AS timestamp with time zone), \
CAST($31 AS integer), CAST($32 AS varchar), CAST($33 AS varchar), CAST($34 AS varchar), \
CAST($35 AS uuid), coalesce(CAST($36 AS timestamp with time zone), now()), CAST($37 AS uuid), \
CAST($38 AS uuid)) RETURNING *), new_lines AS (INSERT INTO order_lines (order_id, line_no, \
sku_id, sku_code, currency, description, quantity, unit_price, price_source, \
price_source_label, discount_percent, tax_rate, line_subtotal, line_discount, line_tax, \
line_total, reserved_quantity, backordered_quantity, shipped_quantity, tenant_id, id) SELECT \
r.order_id, r.line_no, r.sku_id, r.sku_code, r.currency, r.description, r.quantity, \
r.unit_price, r.price_source, r.price_source_label, r.discount_percent, r.tax_rate, \
r.line_subtotal, r.line_discount, r.line_tax, r.line_total, r.reserved_quantity, \
r.backordered_quantity, r.shipped_quantity, r.tenant_id, r.id FROM unnest(CAST($39 AS uuid[]), \
CAST($40 AS integer[]), CAST($41 AS uuid[]), CAST($42 AS varchar[]), CAST($43 AS varchar[]), \
CAST($44 AS varchar[]), CAST($45 AS numeric[]), CAST($46 AS numeric[]), CAST($47 AS \
varchar[]), CAST($48 AS varchar[]), CAST($49 AS numeric[]), CAST($50 AS numeric[]), CAST($51 \
AS numeric[]), CAST($52 AS numeric[]), CAST($53 AS numeric[]), CAST($54 AS numeric[]), \
CAST($55 AS numeric[]), CAST($56 AS numeric[]), CAST($57 AS numeric[]), CAST($58 AS uuid[]), \
CAST($59 AS uuid[])) AS r(order_id, line_no, sku_id, sku_code, currency, description, \
quantity, unit_price, price_source, price_source_label, discount_percent, tax_rate, \
line_subtotal, line_discount, line_tax, line_total, reserved_quantity, backordered_quantity, \
shipped_quantity, tenant_id, id)), new_history AS (INSERT INTO order_status_history (order_id, \
from_status, to_status, action, actor_kind, actor_id, actor_label, note, note_code, \
note_params, tenant_id, id) SELECT r.order_id, r.from_status, r.to_status, r.action, \
r.actor_kind, r.actor_id, r.actor_label, r.note, r.note_code, CAST(r.note_params AS jsonb), \
r.tenant_id, r.id FROM unnest(CAST($60 AS uuid[]), CAST($61 AS varchar[]), CAST($62 AS \
varchar[]), CAST($63 AS varchar[]), CAST($64 AS varchar[]), CAST($65 AS uuid[]), CAST($66 AS \
varchar[]), CAST($67 AS text[]), CAST($68 AS varchar[]), CAST($69 AS text[]), CAST($70 AS \
uuid[]), CAST($71 AS uuid[])) AS r(order_id, from_status, to_status, action, actor_kind, \
actor_id, actor_label, note, note_code, note_params, tenant_id, id)) SELECT * FROM new_order"""


# The statement builders below join fixed table names and numbered placeholders only.


def _values(row_count: int, casts: list[str]) -> str:
    """`($1::A, $2::B), ($3::A, $4::B)…` as SQLAlchemy renders a multi-row INSERT."""
    rows = []
    for row in range(row_count):
        first = row * len(casts) + 1
        rows.append("(" + ", ".join(f"${first + i}::{cast}" for i, cast in enumerate(casts)) + ")")
    return ", ".join(rows)


SKUS_WITH_OFFERS = """SELECT skus.product_id, skus.code, skus.name, skus.option_value_ids, \
skus.cost, skus.list_price, skus.min_order_quantity, skus.pack_size, skus.active, skus.tenant_id, \
skus.id, skus.created_at, anon_1.sku_id, anon_1.id AS id_1, anon_1.name AS name_1, anon_1.kind, \
anon_1.priority, anon_1.min_quantity, anon_1.unit_price, products_1.code AS code_1, \
products_1.name AS name_2, products_1.description, products_1.attributes, products_1.unit, \
products_1.tax_rate, products_1.base_price, products_1.base_cost, products_1.active AS active_1, \
products_1.has_options, products_1.tenant_id AS tenant_id_1, products_1.id AS id_2, \
products_1.created_at AS created_at_1
FROM skus LEFT OUTER JOIN (SELECT price_book_entries.sku_id AS sku_id, price_books.id AS id, \
price_books.name AS name, price_books.kind AS kind, price_books.priority AS priority, \
price_book_entries.min_quantity AS min_quantity, price_book_entries.unit_price AS unit_price
FROM price_book_entries JOIN price_books ON price_books.tenant_id = price_book_entries.tenant_id \
AND price_books.id = price_book_entries.price_book_id
WHERE price_book_entries.tenant_id = $1::UUID AND price_book_entries.sku_id = ANY ($2::UUID[]) \
AND price_books.active IS true AND (price_books.valid_from IS NULL OR price_books.valid_from <= \
$3::DATE) AND (price_books.valid_to IS NULL OR price_books.valid_to >= $3::DATE) AND \
(price_books.customer_tier IS NULL OR lower(price_books.customer_tier) = $4) AND \
(price_books.region IS NULL OR lower(price_books.region) = $5)) AS anon_1 ON anon_1.sku_id = \
skus.id JOIN products AS products_1 ON products_1.id = skus.product_id AND products_1.tenant_id = \
skus.tenant_id
WHERE skus.tenant_id = $1::UUID AND skus.id = ANY ($2::UUID[])"""
LOCK_STOCK = """SELECT stock_levels.tenant_id, stock_levels.warehouse_id, stock_levels.sku_id, \
stock_levels.on_hand, stock_levels.reserved, stock_levels.backordered, \
stock_levels.low_stock_threshold, stock_levels.updated_at, warehouses.code, warehouses.name, \
warehouses.regions, warehouses.priority, warehouses.active, warehouses.tenant_id AS tenant_id_1, \
warehouses.id, warehouses.created_at
FROM stock_levels JOIN warehouses ON warehouses.tenant_id = stock_levels.tenant_id AND \
warehouses.id = stock_levels.warehouse_id
WHERE stock_levels.tenant_id = $1::UUID AND stock_levels.sku_id = ANY ($2::UUID[]) AND \
warehouses.active IS true ORDER BY stock_levels.warehouse_id, stock_levels.sku_id FOR UPDATE OF \
stock_levels"""


@cache
def audit_rows(count: int) -> str:
    casts = [
        "VARCHAR",
        "UUID",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "JSONB",
        "VARCHAR",
        "UUID",
        "UUID",
    ]
    return (
        "INSERT INTO audit_log (actor_kind, actor_id, actor_label, action, target_type, "  # noqa: S608
        "target_id, changes, request_id, tenant_id, id) VALUES "
        f"{_values(count, casts)} RETURNING audit_log.tenant_id, audit_log.id"
    )


@cache
def event_queue_rows(count: int) -> str:
    return (
        f"INSERT INTO {EVENT_QUEUE} (event_id, tenant_id) VALUES "  # noqa: S608
        f"{_values(count, ['UUID', 'UUID'])} RETURNING {EVENT_QUEUE}.event_id"
    )


@cache
def outbox_rows(count: int) -> str:
    casts = ["VARCHAR", "JSONB", "VARCHAR", "UUID", "UUID", "UUID"]
    return (
        f"INSERT INTO {OUTBOX} (type, payload, actor_kind, actor_id, tenant_id, id) VALUES "  # noqa: S608
        f"{_values(count, casts)} RETURNING {OUTBOX}.tenant_id, {OUTBOX}.id"
    )


# Statements per order: binding, principal, order settings, customer, SKUs with offers,
# number, approval settings, stock lock, reservation, the order with its lines and status
# history, audit, outbox, event queue.
STATEMENTS_PER_ORDER = 13

Row = Mapping[str, Any]


class Statements(Protocol):
    """Where the statements go: an asyncpg connection, or SQLAlchemy's async session
    (create_order_sqlalchemy.py). Statements are asyncpg's text, `$n` parameters."""

    def transaction(self) -> AbstractAsyncContextManager[Any]: ...
    async def execute(self, sql: str, *args: Any) -> Any: ...
    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]: ...
    async def fetchrow(self, sql: str, *args: Any) -> Row | None: ...
    async def fetchval(self, sql: str, *args: Any) -> Any: ...


def uuid7() -> uuid.UUID:
    """A time-ordered id as Orbit's (RFC 9562 version 7): new rows land at the end of the
    primary-key index, as the API's do."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=value)


class OrderRefused(Exception):
    """What the floor answers as a user error: unknown customer or SKU, principal gone."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(code)
        self.field, self.code = field, code


@dataclass(frozen=True)
class OrderRequest:
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    customer_id: uuid.UUID
    lines: list[tuple[uuid.UUID, Decimal]]
    request_id: str = "bench"


@dataclass(frozen=True)
class CreatedOrder:
    id: uuid.UUID
    number: str
    status: str


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _unit_price(sku: Row, quantity: Decimal) -> tuple[Decimal, str, str]:
    offers = [sku] if sku["unit_price"] is not None and sku["min_quantity"] <= quantity else []
    if offers:
        return sku["unit_price"], "price_book", sku["name_1"]
    price = sku["list_price"] if sku["list_price"] is not None else sku["base_price"]
    return price, "list", "List price"


def _address(row: Row) -> str | None:
    if row["id_1"] is None:
        return None
    return json.dumps(
        {
            "city": row["city"],
            "label": row["label"],
            "line1": row["line1"],
            "line2": row["line2"],
            "phone": row["phone_1"],
            "region": row["region_1"],
            "country": row["country"],
            "recipient": row["recipient"],
            "postalCode": row["postal_code"],
        }
    )


@dataclass
class _Line:
    id: uuid.UUID
    no: int
    sku: Row
    quantity: Decimal
    unit_price: Decimal
    source: str
    label: str
    subtotal: Decimal
    tax: Decimal

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


def _priced_lines(request: OrderRequest, skus: Sequence[Row]) -> list[_Line]:
    by_id = {row["id"]: row for row in skus}
    lines = []
    for number, (sku_id, quantity) in enumerate(request.lines, start=1):
        sku = by_id.get(sku_id)
        if sku is None or not sku["active"]:
            raise OrderRefused(f"lines.{number - 1}.skuId", "SKU_NOT_FOUND")
        price, source, label = _unit_price(sku, quantity)
        subtotal = _money(price * quantity)
        lines.append(
            _Line(
                uuid7(),
                number,
                sku,
                quantity,
                price,
                source,
                label,
                subtotal,
                _money(subtotal * sku["tax_rate"]),
            )
        )
    return lines


def _warehouses(levels: Sequence[Row], lines: list[_Line]) -> list[uuid.UUID]:
    chosen = []
    for line in lines:
        for level in levels:
            available = level["on_hand"] - level["reserved"]
            if level["sku_id"] == line.sku["id"] and available >= line.quantity:
                chosen.append(level["warehouse_id"])
                break
        else:
            raise OrderRefused("lines", "INSUFFICIENT_STOCK")
    return chosen


async def create_order(conn: Statements, request: OrderRequest) -> CreatedOrder:
    """createOrder's statements for one submitted order, in one transaction."""
    tenant, actor, count = request.tenant_id, request.user_id, len(request.lines)
    sku_ids = [sku_id for sku_id, _ in request.lines]
    today, now = date.today(), datetime.now(UTC)
    async with conn.transaction():
        await conn.execute(BIND_TENANT, str(tenant))
        principal = await conn.fetchrow(PRINCIPAL, tenant, actor)
        if principal is None or principal["status"] != "active":
            raise OrderRefused("", "UNAUTHENTICATED")
        await conn.fetchrow(ORDER_SETTINGS, tenant)
        customer = await conn.fetch(CUSTOMER, tenant, request.customer_id)
        if not customer:
            raise OrderRefused("customerId", "CUSTOMER_NOT_FOUND")
        profile = customer[0]
        skus = await conn.fetch(SKUS_WITH_OFFERS, tenant, sku_ids, today, "standard", None)
        lines = _priced_lines(request, skus)
        sequence = await conn.fetchval(NUMBER, tenant, str(today.year))
        number = f"SO-{today.year}-{sequence:06d}"
        await conn.fetchrow(APPROVAL_SETTINGS, tenant)
        levels = await conn.fetch(LOCK_STOCK, tenant, sku_ids)
        warehouses = _warehouses(levels, lines)
        quantities = [line.quantity for line in lines]
        await conn.execute(
            RESERVE,
            [uuid7() for _ in lines],
            [uuid7() for _ in lines],
            ["order_line"] * count,
            [line.id for line in lines],
            warehouses,
            sku_ids,
            quantities,
            quantities,
            [Decimal(0)] * count,
            now,
            tenant,
            "staff",
            actor,
        )
        order_id = uuid7()
        subtotal = sum((line.subtotal for line in lines), Decimal(0))
        tax = sum((line.tax for line in lines), Decimal(0))
        currency = profile["currency"]
        await _write(conn, request, profile, order_id, number, lines, subtotal, tax, currency, now)
    return CreatedOrder(order_id, number, "confirmed")


async def _write(
    conn: Statements,
    request: OrderRequest,
    profile: Row,
    order_id: uuid.UUID,
    number: str,
    lines: list[_Line],
    subtotal: Decimal,
    tax: Decimal,
    currency: str,
    now: datetime,
) -> None:
    tenant, actor, label = request.tenant_id, request.user_id, "bench"
    total = subtotal + tax
    steps = STEPS
    audit: list[Any] = []
    changes = [
        {
            "total": {"to": str(total), "from": None},
            "number": {"to": number, "from": None},
            "status": {"to": "draft", "from": None},
            "channel": {"to": "api", "from": None},
            "currency": {"to": currency, "from": None},
            "customerId": {"to": str(request.customer_id), "from": None},
        },
        {"status": {"to": "submitted", "from": "draft"}},
        {"status": {"to": "confirmed", "from": "submitted"}},
    ]
    for (_, _, action), change in zip(steps, changes, strict=True):
        audit += [
            "staff",
            actor,
            label,
            f"orders.{action}",
            "order",
            str(order_id),
            json.dumps(change),
            request.request_id,
            tenant,
            uuid7(),
        ]
    await _insert_order(conn, request, profile, order_id, number, lines, (subtotal, tax), now)
    await conn.execute(audit_rows(3), *audit)
    event_ids = [uuid7() for _ in steps]
    payloads: list[dict[str, str | None]] = [
        {
            "total": str(total),
            "number": number,
            "channel": "api",
            "orderId": str(order_id),
            "currency": currency,
            "customerId": str(request.customer_id),
        }
    ]
    payloads += [
        {"to": to, "from": was, "action": action, "number": number, "orderId": str(order_id)}
        for to, was, action in steps[1:]
    ]
    types = ["order.created", "order.status_changed", "order.status_changed"]
    outbox: list[Any] = []
    for event_id, kind, payload in zip(event_ids, types, payloads, strict=True):
        outbox += [kind, json.dumps(payload), "staff", actor, tenant, event_id]
    await conn.execute(outbox_rows(3), *outbox)
    await conn.execute(event_queue_rows(3), *[v for e in event_ids for v in (e, tenant)])


STEPS = [
    ("draft", None, "create"),
    ("submitted", "draft", "submit"),
    ("confirmed", "submitted", "confirm"),
]


async def _insert_order(
    conn: Statements,
    request: OrderRequest,
    profile: Row,
    order_id: uuid.UUID,
    number: str,
    lines: list[_Line],
    amounts: tuple[Decimal, Decimal],
    now: datetime,
) -> None:
    tenant, actor, currency = request.tenant_id, request.user_id, profile["currency"]
    subtotal, tax = amounts
    order = [
        number, "api", None, request.customer_id, profile["name"], actor, None, None,
        profile["payment_terms_kind"], profile["payment_net_days"], None, _address(profile),
        None, None, "normal", 0, [], None, "confirmed", currency, subtotal, Decimal(0), tax,
        subtotal + tax, "unpaid", Decimal(0), Decimal(0), None, None, None, 3, None, None,
        "staff", actor, now, tenant, order_id,
    ]  # fmt: skip
    count, zero = len(lines), [Decimal(0)] * len(lines)
    line_columns = [
        [order_id] * count, [line.no for line in lines], [line.sku["id"] for line in lines],
        [line.sku["code"] for line in lines], [currency] * count,
        [line.sku["name_2"] for line in lines], [line.quantity for line in lines],
        [line.unit_price for line in lines], [line.source for line in lines],
        [line.label for line in lines], zero, [line.sku["tax_rate"] for line in lines],
        [line.subtotal for line in lines], zero, [line.tax for line in lines],
        [line.total for line in lines], [line.quantity for line in lines], zero, zero,
        [tenant] * count, [line.id for line in lines],
    ]  # fmt: skip
    history_columns = [
        [order_id] * 3, [was for _, was, _ in STEPS], [to for to, _, _ in STEPS],
        [action for _, _, action in STEPS], ["staff"] * 3, [actor] * 3, ["bench"] * 3,
        [None] * 3, [None] * 3, [None] * 3, [tenant] * 3, [uuid7() for _ in STEPS],
    ]  # fmt: skip
    await conn.fetch(WRITE_ORDER, *order, *line_columns, *history_columns)


async def create_shadow_tables(conn: asyncpg.Connection, app_role: str) -> None:
    """The event tables' twins for the floor (run as the database owner): same columns,
    defaults, indexes, foreign keys, row-level security policies and grants."""
    for shadow, source in SHADOWED.items():
        await conn.execute(f"DROP TABLE IF EXISTS {shadow}")
        await conn.execute(f"CREATE TABLE {shadow} (LIKE {source} INCLUDING ALL)")
        foreign_keys = await conn.fetch(
            "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint "
            "WHERE conrelid = $1::regclass AND contype = 'f'",
            source,
        )
        for key in foreign_keys:
            await conn.execute(f"ALTER TABLE {shadow} ADD {key['definition']}")
        policies = await conn.fetch(
            "SELECT policyname, permissive, roles, cmd, qual, with_check FROM pg_policies "
            "WHERE schemaname = 'public' AND tablename = $1",
            source,
        )
        for policy in policies:
            using = f" USING ({policy['qual']})" if policy["qual"] else ""
            check = f" WITH CHECK ({policy['with_check']})" if policy["with_check"] else ""
            await conn.execute(
                f"CREATE POLICY {policy['policyname']} ON {shadow} AS {policy['permissive']} "
                f"FOR {policy['cmd']} TO {', '.join(policy['roles'])}{using}{check}"
            )
        security = await conn.fetchrow(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass",
            source,
        )
        if security["relrowsecurity"]:
            await conn.execute(f"ALTER TABLE {shadow} ENABLE ROW LEVEL SECURITY")
        if security["relforcerowsecurity"]:
            await conn.execute(f"ALTER TABLE {shadow} FORCE ROW LEVEL SECURITY")
        await conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {shadow} TO {app_role}")
