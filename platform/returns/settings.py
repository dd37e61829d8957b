"""The tenant's return window: reading it (returns:read, or any portal contact, who is told
how long they have) and changing it (settings:write, audited)."""

from __future__ import annotations

from datetime import UTC, datetime

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError
from returns import rules
from returns.errors import ReturnErrorCode
from returns.models import ReturnSettings


async def window_days(actor: Actor) -> int:
    """Days after delivery a return may be asked for: the tenant's, or the default."""
    row = await actor.session.get(ReturnSettings, actor.tenant_id)
    return rules.DEFAULT_WINDOW_DAYS if row is None else row.window_days


async def read_window_days(actor: Actor) -> int:
    await actor.require("returns", "read")
    return await window_days(actor)


async def update_window_days(actor: Actor, days: int) -> int:
    """Set the window (settings:write): 0 (no returns after delivery) to 3650 days."""
    await actor.require("settings", "write")
    if not 0 <= days <= rules.MAX_WINDOW_DAYS:
        raise BusinessRuleError.single(
            ReturnErrorCode.INVALID_WINDOW,
            f"The return window is 0 to {rules.MAX_WINDOW_DAYS} days.",
            "windowDays",
        )
    row = await actor.session.get(ReturnSettings, actor.tenant_id, with_for_update=True)
    before = rules.DEFAULT_WINDOW_DAYS if row is None else row.window_days
    if row is None:
        row = ReturnSettings(tenant_id=actor.tenant_id, window_days=days)
        actor.session.add(row)
    row.window_days, row.updated_at = days, datetime.now(UTC)
    await audit.record(
        actor,
        "returns.update_settings",
        "return_settings",
        actor.tenant_id,
        before={"windowDays": before},
        after={"windowDays": days},
    )
    await actor.session.flush()
    return days
