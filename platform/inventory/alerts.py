"""Low-stock alerts: the in-app notice staff who manage stock (inventory:write) receive
when a SKU's available stock in a warehouse drops to its threshold."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid

import catalog.services as catalog
import identity.services as identity
import notifications.services as notifications
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from inventory import rules
from inventory.events import LowStock
from inventory.warehouses import warehouse_names
from notifications import RenderedNotice, is_chinese

LOW_STOCK_KIND = "inventory_low_stock"


def low_stock_notice(
    locale: str | None, *, sku_code: str, warehouse_name: str, available: str, threshold: str
) -> RenderedNotice:
    if is_chinese(locale):
        return RenderedNotice(
            title=f"{sku_code} 在 {warehouse_name} 库存不足",
            body=f"{warehouse_name} 的 {sku_code} 可用库存为 {available}，"
            f"已降至预警值 {threshold} 或以下。",
        )
    return RenderedNotice(
        title=f"Low stock: {sku_code} in {warehouse_name}",
        body=f"Available stock of {sku_code} in {warehouse_name} is {available}, at or below "
        f"its threshold of {threshold}.",
    )


async def _sku_code(actor: Actor, sku_id: uuid.UUID) -> str:
    [sku] = await catalog.skus_by_id(actor, [sku_id])
    return sku.code if sku is not None else str(sku_id)


async def notify_low_stock(actor: Actor, low: LowStock, event_id: uuid.UUID) -> int:
    """Notify every active staff user holding inventory:write, once per event; returns how
    many notices were added."""
    recipient_ids = await rbac.staff_holding(actor, "inventory", "write")
    recipients = [
        u
        for u in await identity.users_by_id(actor, recipient_ids)
        if u is not None and u.status == "active"
    ]
    if not recipients:
        return 0
    tenant = await tenants.current_tenant(actor)
    names = await warehouse_names(actor, [low.warehouse_id])
    facts = {
        "sku_code": await _sku_code(actor, low.sku_id),
        "warehouse_name": names.get(low.warehouse_id, str(low.warehouse_id)),
        "available": rules.format_quantity(low.available),
        "threshold": rules.format_quantity(low.threshold),
    }
    added = 0
    for user in recipients:
        notice = low_stock_notice(user.locale or tenant.locale, **facts)
        added += await notifications.notify(actor, user.id, LOW_STOCK_KIND, notice, event_id)
    return added
