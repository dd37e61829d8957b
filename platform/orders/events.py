"""Events the orders domain emits (payloads in docs/events.md). Other domains' handlers
react to them by these classes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from core.event_types import Event, event


@event("order.created")
@dataclass(frozen=True)
class OrderCreated(Event):
    order_id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    channel: str
    total: Decimal
    currency: str


@event("order.status_changed")
@dataclass(frozen=True)
class OrderStatusChanged(Event):
    """One lifecycle step: `from_` and `to` are statuses (payload keys `from` and `to`),
    `action` the action taken."""

    order_id: uuid.UUID
    number: str
    from_: str
    to: str
    action: str


@event("order.changed")
@dataclass(frozen=True)
class OrderChanged(Event):
    """An approved change request applied to a confirmed order."""

    order_id: uuid.UUID
    number: str
    version: int
    total_before: Decimal
    total: Decimal
    currency: str
    change_request_id: uuid.UUID
    quantity_changed: bool
