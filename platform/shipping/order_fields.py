"""Shipping's fields of the GraphQL `Order` and `PortalOrder` types, added by the
composition root (orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import orders.services as orders
from core.context import Actor
from core.gql.context import context_of
from shipping.schema import order_shipments_field, portal_order_shipments_field

if TYPE_CHECKING:
    from orders.models import Order


@strawberry.type(
    name="OrderShippingProgress",
    description="How much of an order has shipped: the quantities of all its lines summed.",
)
class OrderShippingProgressType:
    ordered: Decimal = strawberry.field(description="Quantity ordered over all lines.")
    shipped: Decimal = strawberry.field(description="Quantity shipped so far over all lines.")
    partial: bool = strawberry.field(
        description="Some, but not all, has shipped (a partial shipment)."
    )

    @classmethod
    def of(cls, ordered: Decimal, shipped: Decimal) -> OrderShippingProgressType:
        return cls(
            ordered=ordered.normalize(), shipped=shipped.normalize(), partial=0 < shipped < ordered
        )


class _OrderNode(Protocol):
    row: Order


async def _load_quantities(actor: Actor, ids: list[uuid.UUID]) -> list[tuple[Decimal, Decimal]]:
    return await orders.quantities_of_orders(actor, ids)


async def _shipping_progress(root: _OrderNode, info: Info) -> OrderShippingProgressType:
    ordered, shipped = await context_of(info).loader(_load_quantities).load(root.row.id)
    return OrderShippingProgressType.of(ordered, shipped)


def _shipping_progress_field() -> Any:
    return strawberry.field(
        resolver=_shipping_progress,
        description="Shipped against ordered quantity, e.g. 4 of 10 (lists load it in one "
        "batch for all their orders).",
    )


ORDER_FIELDS: dict[str, StrawberryField] = {
    "shipments": order_shipments_field(),
    "shipping_progress": _shipping_progress_field(),
}
# PortalOrder.shipments comes right after its lines.
PORTAL_ORDER_FIELDS: dict[str, StrawberryField] = {"shipments": portal_order_shipments_field()}
