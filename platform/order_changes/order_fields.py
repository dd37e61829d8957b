"""Order changes' field of the GraphQL `Order` type, and the fields of `OrderChangeRequest`
typed by orders' schema (its order, its ship-to addresses), all added by the composition
root (orbit.schema): orders' schema need not know this domain, nor this domain's schema
orders'."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from core.gql.context import context_of
from order_changes.schema import OrderChangeRequestType, change_requests_of_order, load_orders

if TYPE_CHECKING:
    from orders.models import Order


class _OrderNode(Protocol):
    row: Order


async def _change_requests(root: _OrderNode, info: Info) -> list[OrderChangeRequestType]:
    return await change_requests_of_order(info, root.row.id)


ORDER_FIELDS: dict[str, StrawberryField] = {
    "change_requests": strawberry.field(
        resolver=_change_requests,
        description="Change requests of the order, newest first "
        "(empty without order_changes:read).",
    )
}


FieldsOf = tuple[type, dict[str, StrawberryField], str | None]


def fields_typed_by_orders(order_type: Any, address_type: Any) -> list[FieldsOf]:
    """`OrderChangeRequest`'s fields typed as orders' `Order` and `OrderAddress` (the types
    given, each with its `of`): (the type, its fields, the field they follow)."""

    def ship_to_before(root: OrderChangeRequestType) -> Any:
        ship_to = root.row.changes.get("shipTo")
        return address_type.of(ship_to["before"]) if ship_to else None

    def ship_to_after(root: OrderChangeRequestType) -> Any:
        ship_to = root.row.changes.get("shipTo")
        return address_type.of(ship_to["after"]) if ship_to else None

    async def order(root: OrderChangeRequestType, info: Info) -> Any:
        loader = context_of(info).loader(load_orders)
        found = await loader.load(root.row.order_id)
        return order_type.of(found) if found else None

    def field(resolver: Any, graphql_type: Any, description: str) -> StrawberryField:
        typed: StrawberryField = strawberry.field(
            resolver=resolver, description=description, graphql_type=graphql_type | None
        )
        return typed

    addresses = {
        "ship_to_before": field(
            ship_to_before, address_type, "Ship-to address when requested (when changed)."
        ),
        "ship_to_after": field(
            ship_to_after, address_type, "Ship-to address asked for (when changed)."
        ),
    }
    the_order = {"order": field(order, order_type, "The order; null when out of your data scope.")}
    return [
        (OrderChangeRequestType, addresses, "ship_to_changed"),
        (OrderChangeRequestType, the_order, "decision_note"),
    ]
