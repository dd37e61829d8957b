"""Events the shipping domain emits (payloads in docs/events.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.event_types import Event, event


@event("shipment.created")
@dataclass(frozen=True)
class ShipmentCreated(Event):
    """A shipment left its warehouse; `lines` are {orderLineId, quantity}."""

    shipment_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    warehouse_id: uuid.UUID
    carrier: str
    tracking_number: str
    shipped_at: datetime
    lines: list[dict[str, Any]]


@event("shipment.delivered")
@dataclass(frozen=True)
class ShipmentDelivered(Event):
    shipment_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    delivered_at: datetime


@event("order.shipment_late")
@dataclass(frozen=True)
class OrderShipmentLate(Event):
    """An order still Ready to Ship `late_shipment_days` after `ready_since`."""

    order_id: uuid.UUID
    number: str
    owner_id: uuid.UUID | None
    ready_since: datetime
    late_shipment_days: int
