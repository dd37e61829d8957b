"""Inventory event handlers: low-stock notices."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, handles
from core.outbox import OutboxEvent
from inventory import alerts
from inventory.ledger import LOW_STOCK


@handles("inventory.low_stock_notice", LOW_STOCK)
async def notify_low_stock(actor: Actor, event: OutboxEvent) -> None:
    await alerts.notify_low_stock(actor, event.payload, event.id)


HANDLERS: tuple[EventHandler, ...] = (notify_low_stock,)
