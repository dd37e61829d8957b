"""Migration 0022 gives every existing invoice its order's ship-to address: a private
database is migrated to 0021, holds invoices in the shape 0022 found, and is upgraded."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import asyncpg
import pytest
from alembic import command
from sqlalchemy.engine import make_url

from core.migrate import alembic_config, ensure_app_role, ensure_database
from core.settings import Settings
from tests.support.stack import base_database_url, run_async

LYON = {"recipient": "Ann Lee", "line1": "1 Rue Neuve", "city": "Lyon", "country": "FR"}
OSLO = {"recipient": "Ola Nordmann", "line1": "2 Storgata", "city": "Oslo", "country": "NO"}


@pytest.fixture
def database() -> Iterator[Settings]:
    """Settings of a database of its own, dropped afterwards."""
    name = f"orbit_test_migration_{uuid.uuid4().hex[:10]}"
    url = make_url(base_database_url()).set(database=name)
    settings = Settings(database_url=url.render_as_string(hide_password=False))
    run_async(ensure_database(settings))
    run_async(ensure_app_role(settings))
    try:
        yield settings
    finally:
        run_async(_sql(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin=True))


def upgrade(settings: Settings, revision: str) -> None:
    # Alembic's env.py runs its own event loop: off this thread, which may hold one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(command.upgrade, alembic_config(settings), revision).result()


async def _sql(settings: Settings, statement: str, *args: Any, admin: bool = False) -> Any:
    url = make_url(settings.database_url).set(drivername="postgresql")
    if admin:
        url = url.set(database="postgres")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        return await connection.fetch(statement, *args)
    finally:
        await connection.close()


def sql(settings: Settings, statement: str, *args: Any) -> Any:
    return run_async(_sql(settings, statement, *args))


def tenant(settings: Settings) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    sql(
        settings,
        "INSERT INTO tenants (id, slug, name, status, owner_email, time_zone, currency, locale) "
        "VALUES ($1, $2, 'Harbour', 'active', $3, 'UTC', 'EUR', 'en')",
        tenant_id,
        f"t-{tenant_id.hex[:8]}",
        f"owner-{tenant_id.hex[:8]}@example.com",
    )
    sql(
        settings,
        "INSERT INTO customers (tenant_id, id, name, status, credit_currency) "
        "VALUES ($1, $1, 'Quay Traders', 'active', 'EUR')",
        tenant_id,
    )
    return tenant_id


def order(
    settings: Settings, tenant_id: uuid.UUID, order_id: uuid.UUID, ship_to: dict[str, str] | None
) -> None:
    sql(
        settings,
        "INSERT INTO orders (tenant_id, id, number, channel, customer_id, customer_name, "
        "payment_terms_kind, priority, status, currency, subtotal, discount_total, tax_total, "
        "total, ship_to) VALUES ($1, $2, $3, 'console', $1, 'Quay Traders', 'prepaid', "
        "'normal', 'confirmed', 'EUR', 10, 0, 0, 10, $4::jsonb)",
        tenant_id,
        order_id,
        f"SO-{order_id.hex[:6]}",
        json.dumps(ship_to) if ship_to else None,
    )


def invoice(settings: Settings, tenant_id: uuid.UUID, order_id: uuid.UUID) -> uuid.UUID:
    invoice_id = uuid.uuid4()
    sql(
        settings,
        "INSERT INTO invoices (tenant_id, id, number, kind, basis, order_id, order_number, "
        "customer_id, customer_name, currency, subtotal, discount_total, tax_total, total, "
        "tax_breakdown, status, issued_on, seller) VALUES ($1, $2, $3, 'invoice', 'order', "
        "$4, 'SO-1', $1, 'Quay Traders', 'EUR', 10, 0, 0, 10, '[]', 'issued', "
        "'2026-03-01', '{}')",
        tenant_id,
        invoice_id,
        f"INV-{invoice_id.hex[:6]}",
        order_id,
    )
    return invoice_id


def ship_to_of(settings: Settings, invoice_id: uuid.UUID) -> Any:
    [row] = sql(settings, "SELECT ship_to FROM invoices WHERE id = $1", invoice_id)
    return json.loads(row["ship_to"]) if row["ship_to"] is not None else None


def test_existing_invoices_take_their_own_orders_ship_to_address(database: Settings) -> None:
    upgrade(database, "0021")
    harbour, other = tenant(database), tenant(database)
    shared_id, no_address_id = uuid.uuid4(), uuid.uuid4()
    order(database, harbour, shared_id, LYON)
    order(database, other, shared_id, OSLO)  # same order id in another tenant
    order(database, harbour, no_address_id, None)
    harbours = invoice(database, harbour, shared_id)
    others = invoice(database, other, shared_id)
    without = invoice(database, harbour, no_address_id)

    upgrade(database, "0022")

    assert ship_to_of(database, harbours) == LYON
    assert ship_to_of(database, others) == OSLO
    assert ship_to_of(database, without) is None
