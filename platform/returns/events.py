"""The events returns emit: one per step of a return's life."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from core.event_types import Event, event


@dataclass(frozen=True)
class ReturnEvent(Event):
    """What every return event carries: the return, its number, customer and order."""

    return_id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    order_id: uuid.UUID


@event("return.requested")
@dataclass(frozen=True)
class ReturnRequested(ReturnEvent):
    """A customer (portal) or staff asked to return items of a delivered order."""

    wish: str
    channel: str


@event("return.approved")
@dataclass(frozen=True)
class ReturnApproved(ReturnEvent):
    """The return was approved: the customer may send the goods back."""


@event("return.declined")
@dataclass(frozen=True)
class ReturnDeclined(ReturnEvent):
    """The return was declined, with a reason."""

    reason: str


@event("return.received")
@dataclass(frozen=True)
class ReturnReceived(ReturnEvent):
    """Goods of the return arrived (all or part); they wait in quarantine for inspection."""

    quantity: Decimal


@event("return.line_inspected")
@dataclass(frozen=True)
class ReturnLineInspected(ReturnEvent):
    """Part of a received line was inspected: its grade, disposition and quantity."""

    return_line_id: uuid.UUID
    quantity: Decimal
    grade: str
    disposition: str


@event("return.inspected")
@dataclass(frozen=True)
class ReturnInspected(ReturnEvent):
    """Every received quantity of the return has been inspected."""


@event("return.resolved")
@dataclass(frozen=True)
class ReturnResolved(ReturnEvent):
    """Staff marked the return resolved."""


@event("return.closed")
@dataclass(frozen=True)
class ReturnClosed(ReturnEvent):
    """The return was closed."""


@event("return.cancelled")
@dataclass(frozen=True)
class ReturnCancelled(ReturnEvent):
    """The return was cancelled before anything was received."""
