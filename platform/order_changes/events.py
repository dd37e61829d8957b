"""The events order change requests emit: requested, decided and withdrawn."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@dataclass(frozen=True)
class OrderChangeEvent(Event):
    """What every change-request event carries: the request, its order, who asked, the
    order's owner and whether quantities change."""

    change_request_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    status: str
    requested_by: uuid.UUID | None
    owner_id: uuid.UUID | None
    quantity_changed: bool


@event("order_change.requested")
@dataclass(frozen=True)
class OrderChangeRequested(OrderChangeEvent):
    """Someone asked to change a confirmed order."""


@event("order_change.withdrawn")
@dataclass(frozen=True)
class OrderChangeWithdrawn(OrderChangeEvent):
    """The requester took their open request back."""


@event("order_change.decided")
@dataclass(frozen=True)
class OrderChangeDecided(OrderChangeEvent):
    """An approver approved (and applied) or rejected the request."""

    decision: str
    note: str | None
    total_changed: bool
