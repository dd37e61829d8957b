"""Shipping event handlers: watching orders that become Ready to Ship, and telling an
order's owner it is late to ship."""

from __future__ import annotations

import orders.services as orders
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from orders.events import OrderStatusChanged
from shipping import late
from shipping.events import OrderShipmentLate

READY_TO_SHIP = orders.Status.READY_TO_SHIP.value


def _enters_or_leaves_ready_to_ship(event: OutboxEvent) -> bool:
    changed = event_of(OrderStatusChanged, event)
    return READY_TO_SHIP in (changed.to, changed.from_)


@handles("shipping.watch_ready_orders", OrderStatusChanged, when=_enters_or_leaves_ready_to_ship)
async def watch_ready_orders(actor: Actor, event: OutboxEvent) -> None:
    await late.watch_status_change(actor, event_of(OrderStatusChanged, event), event.created_at)


@handles("shipping.notify_late_shipment", OrderShipmentLate)
async def notify_late_shipment(actor: Actor, event: OutboxEvent) -> None:
    await late.notify_owner(actor, event_of(OrderShipmentLate, event), event.id)


HANDLERS: tuple[EventHandler, ...] = (watch_ready_orders, notify_late_shipment)
