"""Shipping event handlers: watching orders that become Ready to Ship, and telling an
order's owner it is late to ship."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, handles
from core.outbox import OutboxEvent
from shipping import late


@handles("shipping.watch_ready_orders", "order.status_changed")
async def watch_ready_orders(actor: Actor, event: OutboxEvent) -> None:
    await late.watch_status_change(actor, event.payload, event.created_at)


@handles("shipping.notify_late_shipment", late.SHIPMENT_LATE)
async def notify_late_shipment(actor: Actor, event: OutboxEvent) -> None:
    await late.notify_owner(actor, event.payload, event.id)


HANDLERS: tuple[EventHandler, ...] = (watch_ready_orders, notify_late_shipment)
