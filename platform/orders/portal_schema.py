"""GraphQL for the portal's read-only view of its customer's orders (PortalOrder); shipping
adds PortalOrder.shipments and the portal its timeline (orbit.schema)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry.types import Info

import orders.services as orders
from core import access
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import from_row
from orders.models import Order
from orders.rules import Status
from orders.schema_types import (
    OrderAddressType,
    OrderPaymentStatusEnum,
    TaxRateTotalType,
    history_of,
    lines_of,
    money,
    percent,
    tax_totals_by_rate,
)


@strawberry.type(name="PortalOrderLine", description="A line of one of the customer's orders.")
class PortalOrderLineType:
    sku_code: str = strawberry.field(description="The product's code.")
    description: str = strawberry.field(description="The product's name.")
    quantity: Decimal = strawberry.field(description="Quantity ordered.")
    unit_price: MoneyType = strawberry.field(description="Unit price.")
    discount_percent: Decimal = strawberry.field(description="Discount, percent.")
    tax_rate: Decimal = strawberry.field(description="Tax rate as a fraction (0.13 = 13 %).")
    line_subtotal: MoneyType = strawberry.field(
        description="Net: price x quantity less the discount, before tax."
    )
    line_total: MoneyType = strawberry.field(description="Net plus tax (tax included).")
    shipped_quantity: Decimal = strawberry.field(description="Shipped so far.")


@strawberry.type(name="PortalOrderStep", description="A step of an order's progress.")
class PortalOrderStepType:
    status: Status = strawberry.field(description="The status reached.")
    reached_at: datetime = strawberry.field(description="When.")


@strawberry.type(
    name="PortalOrder", description="One of the customer's orders, as the customer sees it."
)
class PortalOrderType:
    id: strawberry.ID = strawberry.field(description="Pass it to portalOrder.")
    number: str = strawberry.field(description="Order number.")
    status: Status = strawberry.field(description="Lifecycle status.")
    requested_delivery_date: date | None = strawberry.field(description="Requested delivery.")
    total: MoneyType = strawberry.field(description="Total with tax: subtotal - discounts + tax.")
    discount_total: MoneyType = strawberry.field(description="Sum of the line discounts.")
    tax_total: MoneyType = strawberry.field(description="Tax, the sum of taxByRate.")
    ship_to: OrderAddressType | None = strawberry.field(description="Where it goes.")
    carrier: str | None = strawberry.field(description="Carrier, once shipped.")
    tracking_number: str | None = strawberry.field(description="Tracking, once shipped.")
    created_at: datetime = strawberry.field(description="When it was placed.")
    row: strawberry.Private[Order]

    @strawberry.field(description="The lines.")
    async def lines(self, info: Info) -> list[PortalOrderLineType]:
        currency = self.row.currency
        return [
            PortalOrderLineType(
                sku_code=line.sku_code,
                description=line.description,
                quantity=line.quantity,
                unit_price=money(line.unit_price, currency),
                discount_percent=percent(line.discount_percent),
                tax_rate=percent(line.tax_rate),
                line_subtotal=money(line.line_subtotal, currency),
                line_total=money(line.line_total, currency),
                shipped_quantity=line.shipped_quantity,
            )
            for line in await lines_of(info, self.row.id)
        ]

    @strawberry.field(description="The progress so far, oldest first.")
    async def progress(self, info: Info) -> list[PortalOrderStepType]:
        return [
            PortalOrderStepType(status=Status(c.to_status), reached_at=c.created_at)
            for c in await history_of(info, self.row.id)
        ]

    @strawberry.field(description="Total of the lines before discounts and tax.")
    def subtotal(self) -> MoneyType:
        return money(self.row.subtotal, self.row.currency)

    @strawberry.field(
        description="The tax per rate, highest first (e.g. 13 %: 12.30); they add up to taxTotal."
    )
    async def tax_by_rate(self, info: Info) -> list[TaxRateTotalType]:
        return await tax_totals_by_rate(info, self.row)

    @strawberry.field(description="How far the order is paid.")
    def payment_status(self) -> OrderPaymentStatusEnum:
        return OrderPaymentStatusEnum(self.row.payment_status)

    @strawberry.field(description="What is still to be paid (0 once paid).")
    def amount_due(self) -> MoneyType:
        return money(max(self.row.total - self.row.amount_paid, Decimal(0)), self.row.currency)

    @strawberry.field(description="Where the invoice goes.")
    def bill_to(self) -> OrderAddressType | None:
        return OrderAddressType.of(self.row.bill_to)

    @classmethod
    def of(cls, order: Order) -> PortalOrderType:
        return from_row(
            cls,
            order,
            status=Status(order.status),
            total=money(order.total, order.currency),
            discount_total=money(order.discount_total, order.currency),
            tax_total=money(order.tax_total, order.currency),
            ship_to=OrderAddressType.of(order.ship_to),
            row=order,
        )


@strawberry.type
class Query:
    @strawberry.field(description="The portal customer's orders, newest first (portal only).")
    async def portal_orders(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PortalOrderType]:
        actor = await context_of(info).reader()
        page = await orders.list_orders(
            actor, orders.OrderFilter(), first, after, action=access.PORTAL
        )
        return to_connection(page, PortalOrderType.of)

    @strawberry.field(description="One of the portal customer's orders (portal only).")
    async def portal_order(self, info: Info, id: strawberry.ID) -> PortalOrderType:
        try:
            order_id = uuid.UUID(str(id))
        except ValueError as error:
            raise NotFound() from error
        actor = await context_of(info).reader()
        return PortalOrderType.of(await orders.get_order(actor, order_id, access.PORTAL))
