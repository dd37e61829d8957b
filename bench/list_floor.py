"""The order list page's selection executed by Strawberry over plain objects: the same
fields the benchmark asks of `orders(first: 50)` (order, money, customer, three lines), with
no HTTP, database or permission work. Its time is a floor for the page's server time in
this stack: whatever Orbit does, the GraphQL execution of those ~1,650 fields remains.

As a served schema would: the schema and the page's objects are built once, and the
document is parsed and validated once (Strawberry's ParserCache and ValidationCache), so a
call costs execution alone."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.extensions import ParserCache, ValidationCache


@strawberry.type
class Money:
    amount: Decimal
    currency: str


@strawberry.type
class Customer:
    id: strawberry.ID
    name: str


@strawberry.type
class Line:
    line_no: int
    sku_code: str
    quantity: Decimal
    unit_price: Money
    line_total: Money


@strawberry.type
class Order:
    id: strawberry.ID
    number: str
    status: str
    total: Money
    created_at: datetime
    customer: Customer
    lines: list[Line]


@strawberry.type
class Edge:
    node: Order


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Connection:
    edges: list[Edge]
    page_info: PageInfo


def _money(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def _page() -> Connection:
    customer = Customer(id=strawberry.ID("Q3VzdG9tZXI6MQ=="), name="Customer 001")
    created = datetime.now(UTC)
    orders = [
        Order(
            id=strawberry.ID(f"T3JkZXI6{index}"),
            number=f"SO-2026-{index:06d}",
            status="CONFIRMED",
            total=_money("66.00"),
            created_at=created,
            customer=customer,
            lines=[
                Line(
                    line_no=n,
                    sku_code="BOLT",
                    quantity=Decimal(n),
                    unit_price=_money("10.00"),
                    line_total=_money(f"{10 * n}.00"),
                )
                for n in (1, 2, 3)
            ],
        )
        for index in range(50)
    ]
    return Connection(
        edges=[Edge(node=order) for order in orders],
        page_info=PageInfo(has_next_page=True, end_cursor="abc"),
    )


PAGE_OBJECTS = _page()


@strawberry.type
class Query:
    @strawberry.field
    async def orders(self, first: int) -> Connection:
        return PAGE_OBJECTS


# Instances, so the caches outlive a call (as a served schema's do).
EXTENSIONS: list[Any] = [ParserCache(maxsize=16), ValidationCache(maxsize=16)]
SCHEMA = strawberry.Schema(query=Query, extensions=EXTENSIONS)
PAGE = """query { orders(first: 50) { edges { node {
    id number status total { amount currency } createdAt
    customer { id name }
    lines { lineNo skuCode quantity unitPrice { amount } lineTotal { amount } }
  } } pageInfo { hasNextPage endCursor } } }"""


async def execute_page() -> None:
    result = await SCHEMA.execute(PAGE)
    assert result.errors is None and result.data is not None, result.errors
    assert len(result.data["orders"]["edges"]) == 50
