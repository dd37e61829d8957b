"""Inventory event handlers: low-stock notices."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from inventory import alerts
from inventory.events import LowStock


@handles("inventory.low_stock_notice", LowStock)
async def notify_low_stock(actor: Actor, event: OutboxEvent) -> None:
    await alerts.notify_low_stock(actor, event_of(LowStock, event), event.id)


HANDLERS: tuple[EventHandler, ...] = (notify_low_stock,)
