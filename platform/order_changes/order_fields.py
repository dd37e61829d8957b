"""Order changes' field of the GraphQL `Order` type, added by the composition root
(orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from order_changes.schema import OrderChangeRequestType, change_requests_of_order

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
