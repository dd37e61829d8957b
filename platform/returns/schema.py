"""GraphQL for staff and integrators: the Return node with its lines and inspections, the
returns list, the tenant's return window, and asking for, approving, declining, receiving,
inspecting, resolving, closing and cancelling returns."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

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
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    id_of,
    input_row_id,
    optional_id_of,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from customers import CustomerType
from files import StoredFileType, upload_ids
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


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="Which returns to list; every filter given must match.")
class ReturnFilterInput:
    statuses: list[ReturnStatus] | None = strawberry.field(
        default=None, description="Only returns in one of these statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those of this Order."
    )


@strawberry.input(description="One order line to return.")
class ReturnLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="Global id of the OrderLine.")
    quantity: Decimal = strawberry.field(description="How much to return.")
    reason: ReturnReason = strawberry.field(description="Why.")
    comment: str | None = strawberry.field(default=None, description="In the customer's words.")
    photo_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Image uploads (ids answered by POST /files, purpose return_photo) "
        "showing the items.",
    )


@strawberry.input(description="A return asked for by staff or an integrator.")
class CreateReturnInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    order_id: strawberry.ID = strawberry.field(description="The customer's delivered Order.")
    wish: ReturnWish = strawberry.field(description="Refund or exchange.")
    lines: list[ReturnLineInput] = strawberry.field(description="What comes back.")
    ticket_id: strawberry.ID | None = strawberry.field(
        default=None, description="The customer's Ticket it comes from (tickets:read)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Repeat the call with the same key and input to get the same return.",
    )


@strawberry.input(description="Why a return is declined.")
class DeclineReturnInput:
    return_id: strawberry.ID = strawberry.field(description="Global id of the Return.")
    reason: str = strawberry.field(description="Why (the customer is told).")


@strawberry.input(description="How much of one return line arrived.")
class ReceiveReturnLineInput:
    return_line_id: strawberry.ID = strawberry.field(description="Global id of the ReturnLine.")
    quantity: Decimal = strawberry.field(description="How much arrived now.")


@strawberry.input(description="Goods of a return that arrived.")
class ReceiveReturnInput:
    return_id: strawberry.ID = strawberry.field(description="Global id of the Return.")
    lines: list[ReceiveReturnLineInput] = strawberry.field(description="What arrived, per line.")


@strawberry.input(description="The inspection of part or all of a received return line.")
class InspectReturnLineInput:
    return_line_id: strawberry.ID = strawberry.field(description="Global id of the ReturnLine.")
    quantity: Decimal = strawberry.field(description="How much is inspected.")
    grade: Grade = strawberry.field(description="The condition found.")
    disposition: Disposition = strawberry.field(description="What happens to the goods.")
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Warehouse to restock into; default: the one the line shipped from.",
    )
    second_grade_sku_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Sku second-grade goods are stocked as (required then)."
    )
    note: str | None = strawberry.field(default=None, description="The inspector's note.")


@strawberry.type(description="Result of a return mutation.")
class ReturnPayload:
    return_: ReturnType | None = strawberry.field(
        name="return", description="The return after the mutation."
    )
    user_errors: list[UserErrorType] = error_list_field(ReturnError)


@strawberry.type(description="Result of updateReturnSettings.")
class ReturnSettingsPayload:
    settings: ReturnSettingsType | None = strawberry.field(description="The settings as saved.")
    user_errors: list[UserErrorType] = error_list_field(ReturnError)


def _filter(flt: ReturnFilterInput | None) -> returns.ReturnFilter:
    if flt is None:
        return returns.ReturnFilter()
    return returns.ReturnFilter(
        statuses=tuple(flt.statuses or ()),
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        order_id=optional_input_row_id(flt.order_id, "Order"),
    )


def _new_return(data: CreateReturnInput) -> returns.NewReturn:
    return returns.NewReturn(
        customer_id=input_row_id(data.customer_id, "Customer"),
        order_id=input_row_id(data.order_id, "Order"),
        wish=data.wish,
        lines=tuple(
            returns.NewReturnLine(
                order_line_id=input_row_id(line.order_line_id, "OrderLine"),
                quantity=line.quantity,
                reason=line.reason,
                comment=line.comment,
                photo_ids=upload_ids(line.photo_ids),
            )
            for line in data.lines
        ),
        ticket_id=optional_input_row_id(data.ticket_id, "Ticket"),
        idempotency_key=(data.idempotency_key or "").strip() or None,
    )


def _inspection(data: InspectReturnLineInput) -> returns.Inspection:
    return returns.Inspection(
        return_line_id=decode_id(data.return_line_id, "ReturnLine"),
        quantity=data.quantity,
        grade=data.grade,
        disposition=data.disposition,
        warehouse_id=optional_input_row_id(data.warehouse_id, "Warehouse"),
        second_grade_sku_id=optional_input_row_id(data.second_grade_sku_id, "Sku"),
        note=data.note,
    )


def _settings(found: returns.ReturnRules) -> ReturnSettingsType:
    return ReturnSettingsType(
        window_days=found.window_days,
        approval_threshold=found.approval_threshold,
        return_address=ReturnAddressType.of(found.return_address),
    )


ReturnIdArgument = Annotated[
    strawberry.ID, strawberry.argument(description="Global id of the Return.")
]


async def _move(info: Info, return_id: strawberry.ID, move: Any) -> ReturnPayload:
    row_id = decode_id(return_id, "Return")
    outcome = await run_mutation(info, lambda actor: move(actor, row_id))
    return payload_of(ReturnPayload, outcome, ReturnType.of)


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Returns of customers in your data scope, newest first (returns:read)."
    )
    async def returns(
        self,
        info: Info,
        filter: Annotated[
            ReturnFilterInput | None, strawberry.argument(description="Which returns.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[ReturnType]:
        actor = await context_of(info).reader()
        page = await returns.list_returns(actor, _filter(filter), first, after)
        return to_connection(page, ReturnType.of)

    @strawberry.field(
        name="return", description="One return by its global id; null when out of reach."
    )
    async def return_(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the Return.")],
    ) -> ReturnType | None:
        try:
            row_id = decode_id(id, "Return")
        except NotFound:
            return None
        [found] = await returns.returns_by_id(await context_of(info).reader(), [row_id])
        return ReturnType.of(found) if found else None

    @strawberry.field(description="One return by its number (RMA-000042); null when out of reach.")
    async def return_by_number(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The return's number.")],
    ) -> ReturnType | None:
        found = await returns.return_by_number(await context_of(info).reader(), number)
        return ReturnType.of(found) if found else None

    @strawberry.field(
        description="Return figures of [from, to) (returns:read and orders:read): return "
        "rate per product (returned / delivered quantity) and returns per reason."
    )
    async def returns_report(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start (included).")
        ],
        to: Annotated[datetime, strawberry.argument(description="End (excluded).")],
    ) -> ReturnsReportType:
        actor = await context_of(info).reader()
        return ReturnsReportType.of(await returns.returns_report(actor, from_, to))

    @strawberry.field(description="The tenant's return settings (returns:read).")
    async def return_settings(self, info: Info) -> ReturnSettingsType:
        return _settings(await returns.read_return_rules(await context_of(info).reader()))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ask for a return of a customer's delivered order (returns:write): no more "
        "per line than delivered less what other returns already ask for, within the return "
        "window, of returnable products only."
    )
    async def create_return(self, info: Info, input: CreateReturnInput) -> ReturnPayload:
        data = _new_return(input)
        outcome = await run_mutation(info, lambda actor: returns.create_return(actor, data))
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Approve a requested return (returns:approve): it then awaits the goods. "
        "Above the tenant's approval threshold it opens an approval request instead (the "
        "return stays REQUESTED, approvalRequestId set; again: APPROVAL_PENDING); deciding "
        "that request approves or declines the return."
    )
    async def approve_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.approve_return)

    @strawberry.mutation(description="Decline a requested return, saying why (returns:approve).")
    async def decline_return(self, info: Info, input: DeclineReturnInput) -> ReturnPayload:
        row_id = decode_id(input.return_id, "Return")
        outcome = await run_mutation(
            info, lambda actor: returns.decline_return(actor, row_id, input.reason)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Record goods of an approved return that arrived, all or part "
        "(returns:write or returns:inspect). They wait in quarantine: no stock moves "
        "until inspection."
    )
    async def receive_return(self, info: Info, input: ReceiveReturnInput) -> ReturnPayload:
        row_id = decode_id(input.return_id, "Return")
        receipts = [
            returns.Receipt(input_row_id(line.return_line_id, "ReturnLine"), line.quantity)
            for line in input.lines
        ]
        outcome = await run_mutation(
            info, lambda actor: returns.receive_return(actor, row_id, receipts)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Inspect part or all of a received return line (returns:inspect): grade "
        "and disposition. Restocking writes one stock receipt (also inventory:write); "
        "repair and scrap move no stock."
    )
    async def inspect_return_line(self, info: Info, input: InspectReturnLineInput) -> ReturnPayload:
        data = _inspection(input)
        outcome = await run_mutation(info, lambda actor: returns.inspect_return_line(actor, data))
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Resolve an inspected return (returns:write) by refund or exchange "
        "(default: the customer's wish). A refund grants what passed inspection (restocked "
        "goods) at the price paid, tax included, as a refund request (reason RETURN) on the "
        "order's payment, executed by finance with its credit note; an exchange enters a "
        "zero-priced reship order (channel EXCHANGE) of the passed goods. With nothing "
        "passed, the return resolves with a zero refund or no exchange order. A return "
        "resolves once: again is ALREADY_RESOLVED."
    )
    async def resolve_return(
        self,
        info: Info,
        return_id: ReturnIdArgument,
        resolution: Annotated[
            ReturnWish | None,
            strawberry.argument(description="REFUND or EXCHANGE; default: the customer's wish."),
        ] = None,
    ) -> ReturnPayload:
        row_id = decode_id(return_id, "Return")
        outcome = await run_mutation(
            info, lambda actor: returns.resolve_return(actor, row_id, resolution)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(description="Close a resolved return (returns:write).")
    async def close_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.close_return)

    @strawberry.mutation(
        description="Cancel a return before anything was received (returns:write)."
    )
    async def cancel_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.cancel_return)

    @strawberry.mutation(
        description="Set the return window, in days after delivery, and (when given) the "
        "approval threshold and the returns address (settings:write). An argument left out "
        "keeps its value; null clears it."
    )
    async def update_return_settings(
        self,
        info: Info,
        window_days: Annotated[
            int, strawberry.argument(description="Days after delivery, 0 to 3650.")
        ],
        approval_threshold: Annotated[
            Decimal | None,
            strawberry.argument(description="Approval above this requested value; null: none."),
        ] = strawberry.UNSET,
        return_address: Annotated[
            ReturnAddressInput | None,
            strawberry.argument(description="Where returns go; null: the seller's address."),
        ] = strawberry.UNSET,
    ) -> ReturnSettingsPayload:
        async def update(actor: Actor) -> returns.ReturnRules:
            current = await returns.return_rules(actor)
            threshold = (
                current.approval_threshold
                if approval_threshold is strawberry.UNSET
                else approval_threshold
            )
            address = (
                current.return_address
                if return_address is strawberry.UNSET
                else (return_address.to_dict() if return_address else None)
            )
            return await returns.update_return_rules(
                actor, returns.ReturnRules(window_days, threshold, address)
            )

        outcome = await run_mutation(info, update)
        return payload_of(ReturnSettingsPayload, outcome, _settings)
