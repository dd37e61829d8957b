"""Gapless per-tenant counters (ARCHITECTURE: numbers are a tenant's row updated in the
same transaction, never a sequence): a table of (tenant_id, next_value) whose row is created
on first use; the row lock it takes makes a concurrent taker wait for this transaction, so
a rolled-back number is reused and none is skipped."""

from __future__ import annotations

from sqlalchemy import text

from core.context import Actor


class GaplessCounter:
    def __init__(self, table: str) -> None:
        self._take = text(f"""
            INSERT INTO {table} (tenant_id, next_value) VALUES (:tenant_id, 2)
            ON CONFLICT (tenant_id) DO UPDATE SET next_value = {table}.next_value + 1
            RETURNING next_value - 1""")  # noqa: S608 - a table name given by code

    async def take(self, actor: Actor) -> int:
        """The actor's tenant's next value, 1 first."""
        value = await actor.session.scalar(self._take, {"tenant_id": actor.tenant_id})
        if value is None:
            raise RuntimeError("the counter returned no value")
        return int(value)
