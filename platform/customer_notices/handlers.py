"""Customer notice handlers: an order confirmed or delivered (its status events) and each
shipment that leaves (with its carrier and tracking number) email the customer."""

from __future__ import annotations

import customer_notices.services as notices
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from orders.events import OrderStatusChanged
from shipping.events import ShipmentCreated

CONFIRMED = "confirmed"
DELIVERED = "delivered"


@handles(
    "customer_notices.order_status",
    OrderStatusChanged,
    when=lambda event: event_of(OrderStatusChanged, event).to in (CONFIRMED, DELIVERED),
)
async def email_order_status(actor: Actor, event: OutboxEvent) -> None:
    changed = event_of(OrderStatusChanged, event)
    if changed.to == CONFIRMED:
        await notices.send_order_confirmed(actor, changed.order_id, event.id)
    elif changed.to == DELIVERED:
        await notices.send_order_delivered(actor, changed.order_id, event.id)


@handles("customer_notices.shipment", ShipmentCreated)
async def email_shipment(actor: Actor, event: OutboxEvent) -> None:
    shipped = event_of(ShipmentCreated, event)
    await notices.send_order_shipped(
        actor, shipped.order_id, event.id, shipped.carrier, shipped.tracking_number
    )


HANDLERS: tuple[EventHandler, ...] = (email_order_status, email_shipment)
