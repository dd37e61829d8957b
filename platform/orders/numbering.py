"""Gapless order numbers: one counter row per tenant and series, incremented in the
transaction that creates the order. The row stays locked until that transaction ends, so a
concurrent creation waits for it; a rollback gives the number back. Never a sequence (a
sequence keeps the numbers of rolled-back transactions and leaves gaps)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from core.context import Actor
from orders import rules

_NEXT = text("""
    INSERT INTO order_number_counters (tenant_id, series, next_value)
    VALUES (:tenant_id, :series, 2)
    ON CONFLICT (tenant_id, series)
    DO UPDATE SET next_value = order_number_counters.next_value + 1
    RETURNING next_value - 1""")


async def allocate_number(actor: Actor, number_format: str, on: date) -> str:
    """The next number of the tenant's series for `on`'s year, formatted."""
    seq = await actor.session.scalar(
        _NEXT, {"tenant_id": actor.tenant_id, "series": rules.number_series(number_format, on.year)}
    )
    assert seq is not None
    return rules.format_number(number_format, on.year, int(seq))
