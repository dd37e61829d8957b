"""The subscription plans recurring lines name, as subscriptions describes them: a plan is
priced as its SKU per billing period."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

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
    return {}
