"""Stock changed by hand (inventory:write): goods received, corrections after a count,
damage or loss, and low-stock thresholds."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import audit.services as audit
import catalog.services as catalog
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from inventory import ledger, rules
from inventory.errors import InventoryErrorCode
from inventory.ledger import Delta, MovementKind, Reference
from inventory.models import StockLevel, StockMovement
from inventory.rules import format_quantity, raise_if
from inventory.warehouses import get_warehouse


async def _manual_target(actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID) -> StockLevel:
    """The level a staff member changes by hand: a warehouse and SKU of the tenant
    (NOT_FOUND otherwise), locked."""
    await get_warehouse(actor, warehouse_id)
    [sku] = await catalog.skus_by_id(actor, [sku_id])
    if sku is None:
        raise NotFound()
    return await ledger.lock_level(actor, warehouse_id, sku_id)


def _level_summary(level: StockLevel) -> dict[str, Any]:
    threshold = level.low_stock_threshold
    return {
        "warehouseId": str(level.warehouse_id),
        "skuId": str(level.sku_id),
        "onHand": str(level.on_hand),
        "reserved": str(level.reserved),
        "lowStockThreshold": str(threshold) if threshold is not None else None,
    }


async def _audit_manual(
    actor: Actor, action: str, level: StockLevel, before: dict[str, Any], movement: StockMovement
) -> None:
    after = {**_level_summary(level), "reason": movement.reason}
    await audit.record(actor, action, "stock_movement", movement.id, before=before, after=after)


async def receive_stock(
    actor: Actor,
    warehouse_id: uuid.UUID,
    sku_id: uuid.UUID,
    quantity: Decimal,
    reason: str,
    reference: Reference | None = None,
) -> StockLevel:
    """Goods arrived (inventory:write): on hand grows, then waiting backorders are filled."""
    await actor.require("inventory", "write")
    raise_if([*rules.check_quantity(quantity, ("quantity",)), *rules.check_reason(reason)])
    level = await _manual_target(actor, warehouse_id, sku_id)
    raise_if(rules.check_on_hand_fits(level.on_hand + quantity, ("quantity",)))
    before = _level_summary(level)
    movement = await ledger.change(
        actor,
        level,
        MovementKind.RECEIPT,
        Delta(on_hand=quantity),
        reason=reason.strip(),
        reference=reference,
    )
    await ledger.fill_backorders(actor, level)
    await _audit_manual(actor, "inventory.receive", level, before, movement)
    return level


async def adjust_stock(
    actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID, delta: Decimal, reason: str
) -> StockLevel:
    """Correct on hand by `delta` after a count, damage or loss (inventory:write). On hand
    never drops below what is reserved: release reservations first."""
    await actor.require("inventory", "write")
    raise_if([*rules.check_quantity(delta, ("delta",), signed=True), *rules.check_reason(reason)])
    level = await _manual_target(actor, warehouse_id, sku_id)
    if level.on_hand + delta < level.reserved:
        raise BusinessRuleError.single(
            InventoryErrorCode.NEGATIVE_STOCK,
            f"On hand would fall below the {format_quantity(level.reserved)} "
            f"reserved; at most {format_quantity(level.available)} can be removed "
            f"(available: {format_quantity(level.available)}).",
            "delta",
        )
    raise_if(rules.check_on_hand_fits(level.on_hand + delta, ("delta",)))
    before = _level_summary(level)
    movement = await ledger.change(
        actor, level, MovementKind.ADJUSTMENT, Delta(on_hand=delta), reason=reason.strip()
    )
    await ledger.fill_backorders(actor, level)
    await _audit_manual(actor, "inventory.adjust", level, before, movement)
    return level


async def set_low_stock_threshold(
    actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID, threshold: Decimal | None
) -> StockLevel:
    """Announce `inventory.low_stock` when available stock next drops to or below
    `threshold` (None: never). Setting it is not itself a drop, so it announces nothing."""
    await actor.require("inventory", "write")
    raise_if(rules.check_threshold(threshold))
    level = await _manual_target(actor, warehouse_id, sku_id)
    before = _level_summary(level)
    level.low_stock_threshold = threshold
    level.updated_at = ledger.utcnow()
    await audit.record(
        actor,
        "inventory.set_low_stock_threshold",
        "stock_level",
        f"{warehouse_id}:{sku_id}",
        before=before,
        after=_level_summary(level),
    )
    return level
