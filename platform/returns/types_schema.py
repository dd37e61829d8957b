"""GraphQL types of returns for staff and integrators: the Return node with its lines,
inspections and resolution preview, the tenant's return settings and the returns report,
and the enums and error type they share with the portal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
import orders.services as orders
import returns.services as returns
from catalog import SkuType
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import (
    id_of,
    optional_id_of,
    resolve_by_ids,
    user_error_type,
)
from customers import CustomerType
from files import StoredFileType
from files.errors import FileErrorCode
from inventory import WarehouseType
from orders import OrderLineType, OrderType
from returns.errors import ReturnErrorCode
from returns.label_pdf import label_url
from returns.models import Return, ReturnInspection, ReturnLine
from returns.photo_schema import line_photos
from returns.rules import (
    Disposition,
    Grade,
    ReturnChannel,
    ReturnReason,
    ReturnStatus,
    ReturnWish,
)

strawberry.enum(
    ReturnStatus,
    name="ReturnStatus",
    description="Where a return stands: REQUESTED -> AWAITING_RETURN (approved) or DECLINED; "
    "AWAITING_RETURN -> RECEIVED (goods in quarantine) -> INSPECTED (all received goods "
    "inspected) -> RESOLVED -> CLOSED; CANCELLED only before anything was received.",
)
strawberry.enum(ReturnReason, name="ReturnReason", description="Why an item is returned.")
strawberry.enum(
    ReturnWish, name="ReturnWish", description="What the customer wishes: refund or exchange."
)
strawberry.enum(ReturnChannel, name="ReturnChannel", description="Where a return was asked for.")
strawberry.enum(Grade, name="ReturnGrade", description="The condition found at inspection.")
strawberry.enum(
    Disposition,
    name="ReturnDisposition",
    description="What happens to inspected goods: RESTOCK (back into available stock), "
    "RESTOCK_SECOND_GRADE (into a chosen second-grade SKU's stock), REPAIR or SCRAP (no "
    "sellable stock added).",
)
ReturnError = user_error_type(
    "ReturnError",
    ReturnErrorCode,
    FileErrorCode,
    description="Why a return was not asked for or changed.",
)


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[ReturnLine]]:
    return await returns.lines_of_returns(actor, ids)


async def _inspections(actor: Actor, ids: list[uuid.UUID]) -> list[list[ReturnInspection]]:
    return await returns.inspections_of_lines(actor, ids)


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


async def _orders(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.orders_by_id(actor, ids)


async def _order_lines(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.order_lines_by_id(actor, ids)


async def _warehouses(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await inventory.warehouses_by_id(actor, ids)


async def _skus(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await catalog.visible_skus_by_id(actor, ids)


async def _returns_of_orders(actor: Actor, ids: list[uuid.UUID]) -> list[list[Return]]:
    return await returns.returns_of_orders(actor, ids)


@strawberry.type(
    name="ReturnInspection", description="One inspection of part of a received return line."
)
class ReturnInspectionType:
    id: strawberry.ID = strawberry.field(description="The inspection's id.")
    quantity: Decimal = strawberry.field(description="How much was inspected.")
    grade: Grade = strawberry.field(description="The condition found.")
    disposition: Disposition = strawberry.field(description="What happened to the goods.")
    note: str | None = strawberry.field(description="The inspector's note.")
    created_at: datetime = strawberry.field(description="When it was inspected.")
    row: strawberry.Private[ReturnInspection]

    @classmethod
    def of(cls, row: ReturnInspection) -> ReturnInspectionType:
        return cls(
            id=strawberry.ID(str(row.id)),
            quantity=row.quantity,
            grade=Grade(row.grade),
            disposition=Disposition(row.disposition),
            note=row.note,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="The warehouse the goods were stocked in (restock only).")
    async def warehouse(self, info: Info) -> WarehouseType | None:
        if self.row.warehouse_id is None:
            return None
        found = await context_of(info).loader(_warehouses).load(self.row.warehouse_id)
        return WarehouseType.of(found) if found else None

    @strawberry.field(description="The SKU the goods were stocked as (restock only).")
    async def stocked_sku(self, info: Info) -> SkuType | None:
        if self.row.stocked_sku_id is None:
            return None
        found = await context_of(info).loader(_skus).load(self.row.stocked_sku_id)
        return SkuType.of(found) if found else None


@strawberry.type(name="ReturnLine", description="One order line's part of a return.")
class ReturnLineType:
    id: strawberry.ID = strawberry.field(
        description="Global id: name it when receiving or inspecting."
    )
    line_no: int = strawberry.field(description="Position in the return, from 1.")
    sku_code: str = strawberry.field(description="The SKU's code at order time.")
    description: str = strawberry.field(description="The SKU's name at order time.")
    quantity: Decimal = strawberry.field(description="How much the customer sends back.")
    reason: ReturnReason = strawberry.field(description="Why.")
    comment: str | None = strawberry.field(description="The customer's or staff's words.")
    unit_price: MoneyType = strawberry.field(description="The unit price paid (order line).")
    received_quantity: Decimal = strawberry.field(description="How much has arrived.")
    inspected_quantity: Decimal = strawberry.field(description="How much has been inspected.")
    quarantined_quantity: Decimal = strawberry.field(
        description="Arrived and not yet inspected: on hand at the warehouse, in no stock level."
    )
    refund_amount: MoneyType | None = strawberry.field(
        description="This line's share of the refund granted at resolution (null before)."
    )
    row: strawberry.Private[ReturnLine]

    @classmethod
    def of(cls, row: ReturnLine) -> ReturnLineType:
        return cls(
            id=id_of("ReturnLine", row.id),
            line_no=row.line_no,
            sku_code=row.sku_code,
            description=row.description,
            quantity=row.quantity,
            reason=ReturnReason(row.reason),
            comment=row.comment,
            unit_price=MoneyType.from_amount(row.unit_price, row.currency),
            received_quantity=row.received_quantity,
            inspected_quantity=row.inspected_quantity,
            quarantined_quantity=row.received_quantity - row.inspected_quantity,
            refund_amount=_money(row.refund_amount, row.currency),
            row=row,
        )

    @strawberry.field(description="The order line returned (null without orders:read).")
    async def order_line(self, info: Info) -> OrderLineType | None:
        found = await context_of(info).loader(_order_lines).load(self.row.order_line_id)
        return OrderLineType.of(found, self.row.currency) if found else None

    @strawberry.field(description="Photos of the items sent with the request.")
    async def photos(self, info: Info) -> list[StoredFileType]:
        return await line_photos(info, self.row.id)

    @strawberry.field(description="Its inspections, oldest first.")
    async def inspections(self, info: Info) -> list[ReturnInspectionType]:
        rows = await context_of(info).loader(_inspections).load(self.row.id)
        return [ReturnInspectionType.of(row) for row in rows]


def _money(amount: Decimal | None, currency: str) -> MoneyType | None:
    return None if amount is None else MoneyType.from_amount(amount, currency)


@strawberry.type(
    name="ReturnLineResolution", description="What one line would grant at resolution."
)
class LineResolutionType:
    return_line_id: strawberry.ID = strawberry.field(description="Global id of the ReturnLine.")
    sku_code: str = strawberry.field(description="The SKU's code.")
    passed_quantity: Decimal = strawberry.field(
        description="Inspected as restock or second-grade restock."
    )
    refund: MoneyType = strawberry.field(
        description="Passed quantity at the unit price paid (tax included), capped at what "
        "was paid for the line less earlier returns' refunds of it."
    )


@strawberry.type(
    name="ReturnResolutionPreview",
    description="What resolving an inspected return would grant, shown before confirming.",
)
class ResolutionPreviewType:
    refund_amount: MoneyType = strawberry.field(description="The refund, if resolved by refund.")
    passed_quantity: Decimal = strawberry.field(
        description="Everything that passed inspection: what an exchange would reship."
    )
    lines: list[LineResolutionType] = strawberry.field(description="Per line.")

    @classmethod
    def of(cls, plan: returns.ResolutionPlan) -> ResolutionPreviewType:
        return cls(
            refund_amount=MoneyType.from_amount(plan.refund_total, plan.currency),
            passed_quantity=plan.passed_total,
            lines=[
                LineResolutionType(
                    return_line_id=id_of("ReturnLine", x.line.id),
                    sku_code=x.line.sku_code,
                    passed_quantity=x.passed,
                    refund=MoneyType.from_amount(x.refund, plan.currency),
                )
                for x in plan.lines
            ],
        )


@strawberry.type(name="Return", description="A return (RMA) of items of a delivered order.")
class ReturnType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. RMA-000042.")
    status: ReturnStatus = strawberry.field(description="Where it stands.")
    wish: ReturnWish = strawberry.field(description="Refund or exchange.")
    channel: ReturnChannel = strawberry.field(description="Where it was asked for.")
    decline_reason: str | None = strawberry.field(description="Why it was declined.")
    ticket_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Ticket it came from, if any."
    )
    created_at: datetime = strawberry.field(description="When it was asked for.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    approved_at: datetime | None = strawberry.field(description="When it was approved.")
    declined_at: datetime | None = strawberry.field(description="When it was declined.")
    received_at: datetime | None = strawberry.field(description="When goods first arrived.")
    inspected_at: datetime | None = strawberry.field(
        description="When every received quantity had been inspected."
    )
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    resolution: ReturnWish | None = strawberry.field(
        description="How it was resolved: REFUND or EXCHANGE (null before resolution)."
    )
    refund_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Refund its resolution requested, if any."
    )
    approval_request_id: strawberry.ID | None = strawberry.field(
        description="Global id of the ApprovalRequest opened because its value was above "
        "the approval threshold, if any."
    )
    label_url: str | None = strawberry.field(
        description="Where the return label PDF is downloaded (once approved; null before)."
    )
    row: strawberry.Private[Return]

    @classmethod
    def of(cls, row: Return) -> ReturnType:
        return cls(
            id=str(row.id),
            number=row.number,
            status=ReturnStatus(row.status),
            wish=ReturnWish(row.wish),
            channel=ReturnChannel(row.channel),
            decline_reason=row.decline_reason,
            ticket_id=optional_id_of("Ticket", row.ticket_id),
            created_at=row.created_at,
            updated_at=row.updated_at,
            approved_at=row.approved_at,
            declined_at=row.declined_at,
            received_at=row.received_at,
            inspected_at=row.inspected_at,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            cancelled_at=row.cancelled_at,
            resolution=ReturnWish(row.resolution) if row.resolution else None,
            refund_id=optional_id_of("Refund", row.refund_id),
            approval_request_id=optional_id_of("ApprovalRequest", row.approval_request_id),
            label_url=label_url(row),
            row=row,
        )

    @strawberry.field(
        description="The refund granted at resolution: what passed inspection at the price "
        "paid, tax included (null before resolution or when resolved by exchange)."
    )
    async def refund_amount(self, info: Info) -> MoneyType | None:
        if self.row.refund_amount is None:
            return None
        lines = await context_of(info).loader(_lines).load(self.row.id)
        return _money(self.row.refund_amount, lines[0].currency if lines else "")

    @strawberry.field(
        description="The reship order its exchange created (null without one or without "
        "orders:read)."
    )
    async def exchange_order(self, info: Info) -> OrderType | None:
        if self.row.exchange_order_id is None:
            return None
        found = await context_of(info).loader(_orders).load(self.row.exchange_order_id)
        return OrderType.of(found) if found else None

    @strawberry.field(
        description="What resolving it now would grant, per line (only while INSPECTED; "
        "null otherwise or without orders:read)."
    )
    async def resolution_preview(self, info: Info) -> ResolutionPreviewType | None:
        if self.row.status != ReturnStatus.INSPECTED.value:
            return None
        actor = await context_of(info).reader()
        try:
            plan = await returns.preview_resolution(actor, self.row.id)
        except (BusinessRuleError, NotFound):
            return None
        return ResolutionPreviewType.of(plan)

    @strawberry.field(description="The customer (null when out of your scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @strawberry.field(description="The order returned from (null without orders:read).")
    async def order(self, info: Info) -> OrderType | None:
        found = await context_of(info).loader(_orders).load(self.row.order_id)
        return OrderType.of(found) if found else None

    @strawberry.field(description="The lines, by line number.")
    async def lines(self, info: Info) -> list[ReturnLineType]:
        rows = await context_of(info).loader(_lines).load(self.row.id)
        return [ReturnLineType.of(row) for row in rows]

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, returns.returns_by_id, cls.of, required)


async def returns_of_order(info: Info, order_id: uuid.UUID) -> list[ReturnType]:
    """Order.returns (empty without returns:read)."""
    rows = await context_of(info).loader(_returns_of_orders).load(order_id)
    return [ReturnType.of(row) for row in rows]


@strawberry.type(name="ReturnAddress", description="Where returned goods are sent.")
class ReturnAddressType:
    name: str | None = strawberry.field(description="Company or department.")
    line1: str | None = strawberry.field(description="Street and number.")
    line2: str | None = strawberry.field(description="More of the street address.")
    city: str | None = strawberry.field(description="City.")
    region: str | None = strawberry.field(description="State, province or region.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    country: str | None = strawberry.field(description="Country.")
    phone: str | None = strawberry.field(description="Phone for the carrier.")

    @classmethod
    def of(cls, value: dict[str, str] | None) -> ReturnAddressType | None:
        if not value:
            return None
        return cls(
            name=value.get("name"),
            line1=value.get("line1"),
            line2=value.get("line2"),
            city=value.get("city"),
            region=value.get("region"),
            postal_code=value.get("postalCode"),
            country=value.get("country"),
            phone=value.get("phone"),
        )


@strawberry.input(description="Where returned goods are sent; blank parts are left out.")
class ReturnAddressInput:
    name: str | None = strawberry.field(default=None, description="Company or department.")
    line1: str | None = strawberry.field(default=None, description="Street and number.")
    line2: str | None = strawberry.field(default=None, description="More of the street.")
    city: str | None = strawberry.field(default=None, description="City.")
    region: str | None = strawberry.field(default=None, description="State or province.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    country: str | None = strawberry.field(default=None, description="Country.")
    phone: str | None = strawberry.field(default=None, description="Phone for the carrier.")

    def to_dict(self) -> dict[str, str]:
        values = {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postalCode": self.postal_code,
            "country": self.country,
            "phone": self.phone,
        }
        return {k: v for k, v in values.items() if v}


@strawberry.type(name="ReturnSettings", description="The tenant's rules for returns.")
class ReturnSettingsType:
    window_days: int = strawberry.field(
        description="Days after delivery a return may be asked for."
    )
    approval_threshold: Decimal | None = strawberry.field(
        description="A return whose requested value (tax included) is above this amount is "
        "approved through an approval request, not directly (null: always directly)."
    )
    return_address: ReturnAddressType | None = strawberry.field(
        description="Where returns are sent, printed on labels (null: the seller's address)."
    )


@strawberry.type(name="ReturnRateByProduct", description="One product's returns in a period.")
class ProductRateType:
    sku_code: str = strawberry.field(description="The SKU's code.")
    delivered_quantity: Decimal = strawberry.field(
        description="Shipped on orders that became Delivered in the period."
    )
    returned_quantity: Decimal = strawberry.field(
        description="Asked back by returns of the period (not declined or cancelled)."
    )
    return_rate: Decimal | None = strawberry.field(
        description="Returned per delivered, to four places (null when none was delivered)."
    )


@strawberry.type(name="ReturnsByReason", description="Returns of a period for one reason.")
class ReasonCountType:
    reason: ReturnReason = strawberry.field(description="The reason.")
    count: int = strawberry.field(description="Return lines giving it.")
    quantity: Decimal = strawberry.field(description="Their quantity.")


@strawberry.type(name="ReturnsReport", description="Return figures of a period.")
class ReturnsReportType:
    by_product: list[ProductRateType] = strawberry.field(description="Per SKU, by code.")
    by_reason: list[ReasonCountType] = strawberry.field(description="Per reason.")

    @classmethod
    def of(cls, found: returns.ReturnsReport) -> ReturnsReportType:
        return cls(
            by_product=[
                ProductRateType(
                    sku_code=p.sku_code,
                    delivered_quantity=p.delivered,
                    returned_quantity=p.returned,
                    return_rate=p.rate,
                )
                for p in found.by_product
            ],
            by_reason=[
                ReasonCountType(reason=ReturnReason(r.reason), count=r.count, quantity=r.quantity)
                for r in found.by_reason
            ],
        )
