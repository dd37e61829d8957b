"""The tenant's refund rules: four-eyes refunds (on unless the tenant turns them off), under
which whoever requested a refund cannot execute it. Read by anyone who reads refunds,
changed by who may change the tenant's settings (settings:write, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import audit.services as audit
from core.context import Actor
from payments.models import RefundSettings

DEFAULT_FOUR_EYES = True


@dataclass(frozen=True)
class RefundRules:
    four_eyes: bool


async def effective_rules(actor: Actor) -> RefundRules:
    """The tenant's rules, or the defaults until an admin changes them."""
    row = await actor.session.get(RefundSettings, actor.tenant_id)
    return RefundRules(four_eyes=DEFAULT_FOUR_EYES if row is None else row.four_eyes)


async def read_rules(actor: Actor) -> RefundRules:
    """The rules as the people who ask for and pay out refunds see them (refunds:read)."""
    await actor.require("refunds", "read")
    return await effective_rules(actor)


async def update_rules(actor: Actor, four_eyes: bool) -> RefundRules:
    """Turn four-eyes refunds on or off (settings:write)."""
    await actor.require("settings", "write")
    row = await actor.session.get(RefundSettings, actor.tenant_id, with_for_update=True)
    before = RefundRules(four_eyes=DEFAULT_FOUR_EYES if row is None else row.four_eyes)
    if row is None:
        row = RefundSettings(tenant_id=actor.tenant_id, four_eyes=four_eyes)
        actor.session.add(row)
    row.four_eyes = four_eyes
    row.updated_at = datetime.now(UTC)
    await actor.session.flush()
    await audit.record(
        actor,
        "refunds.update_settings",
        "refund_settings",
        actor.tenant_id,
        before={"fourEyes": before.four_eyes},
        after={"fourEyes": four_eyes},
    )
    return RefundRules(four_eyes=four_eyes)
