"""The subscription plans recurring lines name, as subscriptions describes them: a plan is
priced as its SKU per billing period."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import subscriptions.services as subscriptions
from core.context import Actor


@dataclass(frozen=True)
class Plan:
    """What a quote needs of a plan."""

    id: uuid.UUID
    code: str
    name: str
    sku_id: uuid.UUID
    billing_period: str
    active: bool


async def plans_by_id(actor: Actor, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Plan]:
    """The tenant's plans among `ids` (missing ones left out)."""
    found = await subscriptions.plans_by_id(actor, ids)
    return {
        plan_id: Plan(
            plan.id, plan.code, plan.name, plan.sku_id, plan.billing_period.value, plan.active
        )
        for plan_id, plan in found.items()
    }
