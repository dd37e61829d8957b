"""The tenant's order settings: the number format of new orders and the discount caps per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select

import audit.services as audit
from core.context import Actor
from core.errors import UserError
from orders import rules
from orders.models import OrderSettings
from orders.validation import raise_if


@dataclass(frozen=True)
class SettingsChanges:
    number_format: str | None = None
    # (role key, percent) in the order the client sent them: errors name their index.
    discount_caps: list[tuple[str, Decimal]] | None = None


@dataclass(frozen=True)
class EffectiveSettings:
    number_format: str
    discount_caps: dict[str, Decimal]


# --- settings ------------------------------------------------------------------------------

# Read on every order entry: built once, plain values rather than the entity.
_SETTINGS = select(OrderSettings.number_format, OrderSettings.discount_caps).where(
    OrderSettings.tenant_id == bindparam("tenant_id")
)


async def order_settings(actor: Actor) -> EffectiveSettings:
    """The tenant's number format and discount caps (the defaults until changed)."""
    row = (await actor.session.execute(_SETTINGS, {"tenant_id": actor.tenant_id})).first()
    if row is None:
        return EffectiveSettings(rules.DEFAULT_NUMBER_FORMAT, dict(rules.DEFAULT_DISCOUNT_CAPS))
    return EffectiveSettings(
        row.number_format, {k: Decimal(v) for k, v in row.discount_caps.items()}
    )


async def read_order_settings(actor: Actor) -> EffectiveSettings:
    """`order_settings` for someone who may read orders (orders:read)."""
    await actor.require("orders", "read")
    return await order_settings(actor)


def _check_caps(caps: list[tuple[str, Decimal]]) -> list[UserError]:
    return [
        error
        for index, (_, cap) in enumerate(caps)
        for error in rules.check_discount_cap(cap, ("discountCaps", str(index), "percent"))
    ]


async def update_order_settings(actor: Actor, changes: SettingsChanges) -> EffectiveSettings:
    """Change the number format (new numbers only) or the discount caps (settings:write)."""
    await actor.require("settings", "write")
    current = await order_settings(actor)
    number_format = (
        changes.number_format if changes.number_format is not None else current.number_format
    )
    raise_if([*rules.check_number_format(number_format), *_check_caps(changes.discount_caps or [])])
    caps = (
        dict(changes.discount_caps) if changes.discount_caps is not None else current.discount_caps
    )
    row = await actor.session.get(OrderSettings, actor.tenant_id, with_for_update=True)
    if row is None:
        row = OrderSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.number_format = number_format
    row.discount_caps = {role: str(cap) for role, cap in caps.items()}
    row.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "orders.update_settings",
        "order_settings",
        actor.tenant_id,
        before=_settings_summary(current),
        after=_settings_summary(EffectiveSettings(number_format, caps)),
    )
    await actor.session.flush()
    return EffectiveSettings(number_format, caps)


def _settings_summary(settings: EffectiveSettings) -> dict[str, Any]:
    return {
        "numberFormat": settings.number_format,
        "discountCaps": {k: str(v) for k, v in settings.discount_caps.items()},
    }
