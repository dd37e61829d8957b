"""Returns' fields of the GraphQL `Order` and `StockLevel` types, added by the composition
root (orbit.schema), so neither orders' nor inventory's schema needs to know this domain."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import returns.services as returns
from core.context import Actor
from core.gql.context import context_of
from returns.models import Return
from returns.types_schema import ReturnType, returns_of_order


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


class _Level(Protocol):
    warehouse_id: uuid.UUID
    sku_row_id: uuid.UUID


async def _quarantine(
    actor: Actor, keys: list[tuple[uuid.UUID, uuid.UUID]]
) -> list[Decimal | None]:
    return await returns.quarantined_quantities(actor, keys)


async def _quarantined(root: _Level, info: Info) -> Decimal | None:
    return await context_of(info).loader(_quarantine).load((root.warehouse_id, root.sku_row_id))


async def _order_returns(root: _Node, info: Info) -> list[ReturnType]:
    return await returns_of_order(info, root.row.id)


async def _exchange_returns(actor: Actor, ids: list[uuid.UUID]) -> list[Return | None]:
    return await returns.returns_of_exchange_orders(actor, ids)


async def _exchange_for(root: _Node, info: Info) -> ReturnType | None:
    found = await context_of(info).loader(_exchange_returns).load(root.row.id)
    return ReturnType.of(found) if found else None


ORDER_FIELDS: dict[str, StrawberryField] = {
    "returns": strawberry.field(
        resolver=_order_returns,
        description="Returns of the order, newest first (empty without returns:read).",
    ),
    "exchange_for_return": strawberry.field(
        resolver=_exchange_for,
        description="For an exchange order (channel EXCHANGE): the return whose resolution "
        "entered it, and through it the original order (null otherwise or without "
        "returns:read).",
    ),
}
STOCK_LEVEL_FIELDS: dict[str, StrawberryField] = {
    "quarantined": strawberry.field(
        resolver=_quarantined,
        description="Returned goods received here and not yet inspected: on hand in fact, "
        "in neither onHand nor available until inspection (null without returns:read).",
    )
}
