"""Global search (the console header's search box): one query that asks each domain for its
own matches (orders by number, external reference or customer name; customers by name,
phone or email; products by name or SKU; invoices by number) and returns them grouped by
kind. Each domain's list applies the caller's permission and data scope itself; a kind the
caller may not read comes back as null, so a user without invoices:read sees no invoice.

It lives in the composition root because its result is typed by four domains' schemas."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry.types import Info

import catalog.services as catalog
import customers.services as customers
import orders.services as orders
from catalog.schema_types import ProductType
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, Forbidden
from core.gql.context import context_of
from customers import CustomerType
from orders.schema_types import OrderType
from payments import invoices
from payments.invoices_schema import InvoiceType

DEFAULT_PER_KIND = 5
MAX_PER_KIND = 20
MIN_TERM_LENGTH = 2

Row = TypeVar("Row")


@strawberry.type(name="SearchResults", description="What a global search found, by kind.")
class SearchResultsType:
    orders: list[OrderType] | None = strawberry.field(
        description="Orders whose number, external reference or customer name matches "
        "(null without orders:read)."
    )
    customers: list[CustomerType] | None = strawberry.field(
        description="Customers whose name, phone, email or contact matches "
        "(null without customers:read)."
    )
    products: list[ProductType] | None = strawberry.field(
        description="Products whose name, code or SKU code matches (null without products:read)."
    )
    invoices: list[InvoiceType] | None = strawberry.field(
        description="Invoices and credit notes whose number matches (null without invoices:read)."
    )


async def _readable(find: Callable[[], Awaitable[list[Row]]]) -> list[Row] | None:
    """The rows `find` returns, or None when the caller may not read that kind."""
    try:
        return await find()
    except Forbidden:
        return None


async def _search(actor: Actor, text: str, first: int) -> SearchResultsType:
    async def found_orders() -> list[OrderType]:
        page = await orders.list_orders(actor, orders.OrderFilter(search=text), first, None)
        return [OrderType.of(row) for row in page.rows]

    async def found_customers() -> list[CustomerType]:
        page = await customers.list_customers(actor, text, first, None)
        return [CustomerType.of(row) for row in page.rows]

    async def found_products() -> list[ProductType]:
        page = await catalog.list_products(actor, text, None, first, None)
        return [ProductType.of(row) for row in page.rows]

    async def found_invoices() -> list[InvoiceType]:
        flt = invoices.InvoiceFilter(number=text)
        page = await invoices.list_invoices(actor, flt, first, None)
        return [InvoiceType.of(row) for row in page.rows]

    return SearchResultsType(
        orders=await _readable(found_orders),
        customers=await _readable(found_customers),
        products=await _readable(found_products),
        invoices=await _readable(found_invoices),
    )


def _checked_first(first: int | None) -> int:
    if first is None:
        return DEFAULT_PER_KIND
    if not 1 <= first <= MAX_PER_KIND:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_PAGE_SIZE, f"Ask for 1 to {MAX_PER_KIND} per kind.", "first"
        )
    return first


def _nothing() -> SearchResultsType:
    return SearchResultsType(orders=[], customers=[], products=[], invoices=[])


@strawberry.type
class Query:
    @strawberry.field(
        description="Search orders, customers, products and invoices at once (the console's "
        "header search): up to `first` (default 5, at most 20) of each kind, within your "
        "permissions and data scope."
    )
    async def search(self, info: Info, text: str, first: int | None = None) -> SearchResultsType:
        # A shorter term would match nearly every row.
        per_kind = _checked_first(first)
        term = text.strip()
        if len(term) < MIN_TERM_LENGTH:
            return _nothing()
        return await _search(await context_of(info).reader(), term, per_kind)
