"""Direct SQL for tests that must look beneath the API: as the owning role (a superuser in
tests, which bypasses row-level security) or as the application's own unprivileged role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from tests.support.graphql import TenantSession
from tests.support.stack import Stack, run_async

T = TypeVar("T")
APP_ROLE = "orbit_app"
APP_PASSWORD = "orbit_app"


def owner_dsn(stack: Stack, database: str | None = None) -> str:
    url = make_url(stack.owner_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def app_dsn(stack: Stack) -> str:
    """The stack's database as the application role (what `orbit serve` connects as)."""
    url = make_url(stack.owner_url).set(
        drivername="postgresql", username=APP_ROLE, password=APP_PASSWORD
    )
    return url.render_as_string(hide_password=False)


async def owner_fetch(stack: Stack, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        rows: list[asyncpg.Record] = await conn.fetch(sql, *args)
        return rows
    finally:
        await conn.close()


def owner_sql(stack: Stack, sql: str, *args: Any) -> list[asyncpg.Record]:
    """Run one statement as the owner from synchronous test code."""
    return run_async(owner_fetch(stack, sql, *args))


def owner_value(stack: Stack, sql: str, *args: Any) -> Any:
    rows = owner_sql(stack, sql, *args)
    return rows[0][0] if rows else None


def column(rows: Sequence[asyncpg.Record], name: str = "") -> list[Any]:
    return [row[name] if name else row[0] for row in rows]


def tenant_id_of(stack: Stack, session: TenantSession) -> str:
    [row] = owner_sql(stack, "SELECT id::text FROM tenants WHERE slug = $1", session.slug)
    return str(row[0])
