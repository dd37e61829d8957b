"""Approvals' field of the GraphQL `Order` type, and the `order` fields of approvals' own
types, both added by the composition root (orbit.schema): orders' schema need not know this
domain, nor approvals' schema orders'."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from approvals.schema import (
    ApprovalRequestType,
    ApprovalStepType,
    DecideApprovalPayload,
    load_orders,
    load_requests,
    order_approval,
)
from core.gql.context import context_of

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


FieldsOf = tuple[type, dict[str, StrawberryField], str | None]


def fields_typed_by_orders(order_type: Any) -> list[FieldsOf]:
    """The `order` field of approvals' types, typed as orders' `Order` (`order_type`, with
    its `of`): (the type, its fields, the field they follow: none, they come last)."""

    async def order(info: Info, order_id: uuid.UUID) -> Any:
        found = await context_of(info).loader(load_orders).load(order_id)
        return order_type.of(found) if found else None

    async def step_order(root: ApprovalStepType, info: Info) -> Any:
        request = await context_of(info).loader(load_requests).load(root.row.request_id)
        return await order(info, request.order_id) if request else None

    async def request_order(root: ApprovalRequestType, info: Info) -> Any:
        return await order(info, root.row.order_id)

    async def decided_order(root: DecideApprovalPayload, info: Info) -> Any:
        return await order(info, root.request.row.order_id) if root.request else None

    def field(resolver: Any, description: str) -> StrawberryField:
        order_field: StrawberryField = strawberry.field(
            resolver=resolver, description=description, graphql_type=order_type | None
        )
        return order_field

    in_scope = "The order; null when out of your data scope."
    return [
        (ApprovalStepType, {"order": field(step_order, in_scope)}, None),
        (ApprovalRequestType, {"order": field(request_order, in_scope)}, None),
        (
            DecideApprovalPayload,
            {"order": field(decided_order, "The order after the decision.")},
            None,
        ),
    ]
