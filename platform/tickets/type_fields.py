"""Tickets' fields of the GraphQL `Order` and `Customer` types, added by the composition
root (orbit.schema), so neither orders' nor customers' schema needs to know this domain."""

from __future__ import annotations

import uuid
from typing import Annotated, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import tickets.services as tickets
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.pagination import Page
from tickets.schema import TicketType, tickets_of_order


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


class _CustomerNode(Protocol):
    id: str


async def _order_tickets(root: _Node, info: Info) -> list[TicketType]:
    return await tickets_of_order(info, root.row.id)


async def _customer_tickets(
    root: _CustomerNode,
    info: Info,
    first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
    after: Annotated[
        str | None, strawberry.argument(description="Cursor: the page after it.")
    ] = None,
) -> Connection[TicketType]:
    actor = await context_of(info).reader()
    if not await actor.can("tickets", "read"):
        return to_connection(Page(rows=[], has_next_page=False, cursors=[]), TicketType.of)
    flt = tickets.TicketFilter(customer_id=uuid.UUID(str(root.id)))
    return to_connection(await tickets.list_tickets(actor, flt, first, after), TicketType.of)


ORDER_FIELDS: dict[str, StrawberryField] = {
    "tickets": strawberry.field(
        resolver=_order_tickets,
        description="Support tickets about the order, newest first (empty without tickets:read).",
    )
}
CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "tickets": strawberry.field(
        resolver=_customer_tickets,
        description="The customer's support tickets, newest first (empty without tickets:read).",
    )
}
