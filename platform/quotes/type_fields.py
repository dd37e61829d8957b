"""Quotes' field of the GraphQL `Order` type, added by the composition root (orbit.schema),
so orders' schema needs to know nothing of quotes."""

from __future__ import annotations

import uuid
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from quotes.types_schema import QuoteType, quote_of_order


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


async def _quote(root: _Node, info: Info) -> QuoteType | None:
    return await quote_of_order(info, root.row.id)


ORDER_FIELDS: dict[str, StrawberryField] = {
    "quote": strawberry.field(
        resolver=_quote,
        description="For an order of an accepted quote (channel QUOTE): the quote (null "
        "otherwise or without quotes:read).",
    ),
}
