"""What invoicing reads of an order and its shipments, asked only through orders' and
shipping's public services and kept as plain snapshots, so payments never depends on their
tables."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import orders.services as orders
import shipping.services as shipping
from core.context import Actor
from core.errors import NotFound
from payments.invoice_math import SourceLine

if TYPE_CHECKING:
    from orders.models import Order


@dataclass(frozen=True)
class OrderFacts:
    """An order as an invoice bills it."""

    id: uuid.UUID
    number: str
    status: str
    customer_id: uuid.UUID
    customer_name: str
    currency: str
    bill_to: dict[str, Any] | None
    ship_to: dict[str, Any] | None
    amount_paid: Decimal


@dataclass(frozen=True)
class ShipmentFacts:
    """A shipment as an invoice bills it: what left, in which order."""

    id: uuid.UUID
    number: str
    seq: int
    shipped_at: datetime | None


def _facts(order: Order) -> OrderFacts:
    return OrderFacts(
        id=order.id,
        number=order.number,
        status=order.status,
        customer_id=order.customer_id,
        customer_name=order.customer_name,
        currency=order.currency,
        bill_to=order.bill_to,
        ship_to=order.ship_to,
        amount_paid=order.amount_paid,
    )


async def visible_order(actor: Actor, order_id: uuid.UUID) -> OrderFacts | None:
    """The order when the caller may read it (orders:read and the data scope), else None."""
    try:
        return _facts(await orders.get_order(actor, order_id))
    except NotFound:
        return None


async def lock_order(actor: Actor, order_id: uuid.UUID) -> OrderFacts | None:
    """The order with its row locked (the lock order every money writer keeps: the order,
    then what belongs to it); None when it does not exist."""
    locked = await orders.lock_orders_for_payment(actor, [order_id])
    return _facts(locked[order_id]) if order_id in locked else None


async def order_for_system(actor: Actor, order_id: uuid.UUID) -> OrderFacts | None:
    """The order as it stands in this transaction, for work no permission applies to."""
    found = await orders.orders_for_system(actor, [order_id])
    return _facts(found[0]) if found else None


async def order_lines(actor: Actor, order_id: uuid.UUID) -> list[SourceLine]:
    """The order's lines by line number, with the amounts invoices bill."""
    [lines] = await orders.lines_of_orders(actor, [order_id])
    return [
        SourceLine(
            order_line_id=line.id,
            sku_code=line.sku_code,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax_rate,
            subtotal=line.line_subtotal + line.line_discount,
            discount=line.line_discount,
            tax=line.line_tax,
            total=line.line_total,
        )
        for line in lines
    ]


async def shipments_of_order(actor: Actor, order_id: uuid.UUID) -> list[ShipmentFacts]:
    """The order's shipments, oldest first."""
    [shipments] = await shipping.shipments_of_orders(actor, [order_id])
    return [ShipmentFacts(s.id, s.number, s.seq, s.shipped_at) for s in shipments]


async def shipped_quantities(
    actor: Actor, shipment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[uuid.UUID | None, Decimal]]:
    """Per shipment, the quantity it carried of each order line."""
    quantities: dict[uuid.UUID, dict[uuid.UUID | None, Decimal]] = {}
    ids = list(shipment_ids)
    for shipment_id, lines in zip(ids, await shipping.lines_of_shipments(actor, ids), strict=True):
        carried: dict[uuid.UUID | None, Decimal] = defaultdict(Decimal)
        for line in lines:
            carried[line.order_line_id] += line.quantity
        quantities[shipment_id] = carried
    return quantities
