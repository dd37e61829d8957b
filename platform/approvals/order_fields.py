"""Approvals' field of the GraphQL `Order` type, added by the composition root
(orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from approvals.schema import ApprovalRequestType, order_approval

if TYPE_CHECKING:
    from orders.models import Order


class _OrderNode(Protocol):
    row: Order


async def _approval(root: _OrderNode, info: Info) -> ApprovalRequestType | None:
    return await order_approval(info, root.row.id)


ORDER_FIELDS: dict[str, StrawberryField] = {
    "approval": strawberry.field(
        resolver=_approval,
        description="The order's latest approval request and its steps; null "
        "when no approval rule held it.",
    )
}
