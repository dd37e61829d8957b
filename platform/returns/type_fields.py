"""Returns' field of the GraphQL `Order` type, added by the composition root
(orbit.schema), so orders' schema needs to know nothing of this domain."""

from __future__ import annotations

import uuid
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from returns.schema import ReturnType, returns_of_order


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


async def _order_returns(root: _Node, info: Info) -> list[ReturnType]:
    return await returns_of_order(info, root.row.id)


ORDER_FIELDS: dict[str, StrawberryField] = {
    "returns": strawberry.field(
        resolver=_order_returns,
        description="Returns of the order, newest first (empty without returns:read).",
    )
}
