"""GraphQL for shipping: the Shipment node, the fields Order.shipments and
PortalOrder.shipments (added to those types by `order_fields`), creating shipments,
confirming deliveries, and the late-shipment setting."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry import relay
from strawberry.types import Info

import orders.services as orders
import shipping.services as shipping
from core import access
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from inventory import WarehouseType
from inventory.errors import InventoryErrorCode
from orders import OrderLineType, OrderType
from shipping.errors import ShippingErrorCode
from shipping.models import Shipment, ShipmentLine

if TYPE_CHECKING:
    from inventory.models import Warehouse
    from orders.models import Order, OrderLine


@strawberry.enum(name="ShipmentStatus", description="Whether a shipment has arrived.")
class ShipmentStatusEnum(Enum):
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"


def _status(shipment: Shipment) -> ShipmentStatusEnum:
    return ShipmentStatusEnum.DELIVERED if shipment.delivered_at else ShipmentStatusEnum.IN_TRANSIT


# --- loaders -------------------------------------------------------------------------------


async def _load_shipments(actor: Actor, ids: list[uuid.UUID]) -> list[list[Shipment]]:
    return await shipping.shipments_of_orders(actor, ids)


async def _load_portal_shipments(actor: Actor, ids: list[uuid.UUID]) -> list[list[Shipment]]:
    return await shipping.shipments_of_orders(actor, ids, access.PORTAL)


async def _load_lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[ShipmentLine]]:
    return await shipping.lines_of_shipments(actor, ids)


async def _load_order_lines(actor: Actor, ids: list[uuid.UUID]) -> list[OrderLine | None]:
    return await orders.order_lines_by_id(actor, ids)


async def _load_orders(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    return await orders.orders_by_id(actor, ids)


async def _load_portal_order_lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    return await orders.lines_of_orders(actor, ids)


async def _load_warehouses(actor: Actor, ids: list[uuid.UUID]) -> list[Warehouse | None]:
    return await shipping.warehouses_by_id(actor, ids)


async def _shipments(info: Info, order_id: uuid.UUID) -> list[Shipment]:
    rows: list[Shipment] = await context_of(info).loader(_load_shipments).load(order_id)
    return rows


async def _portal_shipments(info: Info, order_id: uuid.UUID) -> list[Shipment]:
    rows: list[Shipment] = await context_of(info).loader(_load_portal_shipments).load(order_id)
    return rows


async def _shipment_lines(info: Info, shipment_id: uuid.UUID) -> list[ShipmentLine]:
    rows: list[ShipmentLine] = await context_of(info).loader(_load_lines).load(shipment_id)
    return rows


# --- types ---------------------------------------------------------------------------------


@strawberry.type(name="ShipmentLine", description="How much of one order line a shipment carries.")
class ShipmentLineType:
    quantity: Decimal = strawberry.field(description="Quantity shipped in this shipment.")
    order_line_row_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The order line shipped.")
    async def order_line(self, info: Info) -> OrderLineType | None:
        line: OrderLine | None = (
            await context_of(info).loader(_load_order_lines).load(self.order_line_row_id)
        )
        return OrderLineType.of(line, line.currency) if line else None


@strawberry.type(
    name="Shipment",
    description="Goods of one order leaving one warehouse together, with carrier and tracking.",
)
class ShipmentType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(
        description="The order's number and a sequence, e.g. SO-2026-000042-S1."
    )
    status: ShipmentStatusEnum = strawberry.field(description="In transit or delivered.")
    carrier: str = strawberry.field(description="Who carries it.")
    tracking_number: str = strawberry.field(description="The carrier's tracking number.")
    note: str | None = strawberry.field(description="A note by whoever shipped it.")
    shipped_at: datetime = strawberry.field(description="When it left the warehouse.")
    delivered_at: datetime | None = strawberry.field(
        description="When it was confirmed delivered; null while in transit."
    )
    created_at: datetime = strawberry.field(description="When it was recorded.")
    row: strawberry.Private[Shipment]

    @strawberry.field(
        description="The warehouse it left; null for users who may not see warehouses."
    )
    async def warehouse(self, info: Info) -> WarehouseType | None:
        warehouse: Warehouse | None = (
            await context_of(info).loader(_load_warehouses).load(self.row.warehouse_id)
        )
        return WarehouseType.of(warehouse) if warehouse else None

    @strawberry.field(description="What it carries.")
    async def lines(self, info: Info) -> list[ShipmentLineType]:
        return [
            ShipmentLineType(quantity=line.quantity, order_line_row_id=line.order_line_id)
            for line in await _shipment_lines(info, self.row.id)
        ]

    @strawberry.field(description="The order shipped.")
    async def order(self, info: Info) -> OrderType | None:
        order: Order | None = await context_of(info).loader(_load_orders).load(self.row.order_id)
        return OrderType.of(order) if order else None

    @classmethod
    def of(cls, shipment: Shipment) -> ShipmentType:
        return from_row(cls, shipment, status=_status(shipment), row=shipment)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, shipping.shipments_by_id, cls.of, required)


@strawberry.type(
    name="PortalShipmentLine", description="A line of a shipment, as the customer sees it."
)
class PortalShipmentLineType:
    sku_code: str = strawberry.field(description="The SKU's code.")
    description: str = strawberry.field(description="What it is.")
    quantity: Decimal = strawberry.field(description="Quantity in this shipment.")


@strawberry.type(name="PortalShipment", description="A shipment of the customer's order.")
class PortalShipmentType:
    number: str = strawberry.field(description="Shipment number.")
    status: ShipmentStatusEnum = strawberry.field(description="In transit or delivered.")
    carrier: str = strawberry.field(description="Who carries it.")
    tracking_number: str = strawberry.field(description="Tracking number.")
    shipped_at: datetime = strawberry.field(description="When it left.")
    delivered_at: datetime | None = strawberry.field(description="When it arrived.")
    row: strawberry.Private[Shipment]

    @strawberry.field(description="What it carries.")
    async def lines(self, info: Info) -> list[PortalShipmentLineType]:
        order_lines: list[OrderLine] = (
            await context_of(info).loader(_load_portal_order_lines).load(self.row.order_id)
        )
        by_id = {line.id: line for line in order_lines}
        return [
            PortalShipmentLineType(
                sku_code=by_id[line.order_line_id].sku_code,
                description=by_id[line.order_line_id].description,
                quantity=line.quantity,
            )
            for line in await _shipment_lines(info, self.row.id)
            if line.order_line_id in by_id
        ]

    @classmethod
    def of(cls, shipment: Shipment) -> PortalShipmentType:
        return from_row(cls, shipment, status=_status(shipment), row=shipment)


class _OrderNode(Protocol):
    row: Order


async def _order_shipments(root: _OrderNode, info: Info) -> list[ShipmentType]:
    return [ShipmentType.of(s) for s in await _shipments(info, root.row.id)]


async def _portal_order_shipments(root: _OrderNode, info: Info) -> list[PortalShipmentType]:
    return [PortalShipmentType.of(s) for s in await _portal_shipments(info, root.row.id)]


def order_shipments_field() -> Any:
    """Order.shipments (declared in orders.schema)."""
    return strawberry.field(resolver=_order_shipments, description="Its shipments, oldest first.")


def portal_order_shipments_field() -> Any:
    """PortalOrder.shipments (declared in orders.schema)."""
    return strawberry.field(
        resolver=_portal_order_shipments,
        description="Its shipments with carrier and tracking, oldest first.",
    )


@strawberry.type(name="ShippingSettings", description="The tenant's shipping settings.")
class ShippingSettingsType:
    late_shipment_days: int = strawberry.field(
        description="An order still Ready to Ship this many days after it became ready, and "
        "not fully shipped, raises order.shipment_late once and its owner is notified."
    )


# --- inputs and payloads -------------------------------------------------------------------

ShippingError = user_error_type(
    "ShippingError",
    ShippingErrorCode,
    InventoryErrorCode,
    description="Why a shipment could not be recorded or delivered, or the settings changed.",
)


@strawberry.input(description="How much of one order line to ship.")
class ShipmentLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="Global id of the OrderLine.")
    quantity: Decimal = strawberry.field(description="More than 0, at most what remains unshipped.")


@strawberry.input(description="A shipment of part or all of a Ready to Ship order.")
class CreateShipmentInput:
    order_id: strawberry.ID = strawberry.field(description="Global id of the Order.")
    lines: list[ShipmentLineInput] = strawberry.field(description="What ships.")
    carrier: str = strawberry.field(description="Who carries it (required).")
    tracking_number: str = strawberry.field(description="Tracking number (required).")
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The warehouse it leaves; must be where the lines were reserved (the default).",
    )
    shipped_at: datetime | None = strawberry.field(
        default=None, description="When it left; default now."
    )
    note: str | None = strawberry.field(default=None, description="A note.")


@strawberry.input(description="A shipment confirmed delivered.")
class MarkShipmentDeliveredInput:
    shipment_id: strawberry.ID = strawberry.field(description="Global id of the Shipment.")
    delivered_at: datetime | None = strawberry.field(
        default=None, description="When it arrived; default now."
    )


@strawberry.input(description="Changes to the shipping settings.")
class UpdateShippingSettingsInput:
    late_shipment_days: int = strawberry.field(description="1 to 365 days.")


@strawberry.type(description="Result of createShipment and markShipmentDelivered.")
class ShipmentPayload:
    shipment: ShipmentType | None = strawberry.field(description="The shipment after the change.")
    order: OrderType | None = strawberry.field(
        description="Its order after the change (the status may have moved)."
    )
    user_errors: list[UserErrorType] = error_list_field(ShippingError)


@strawberry.type(description="Result of updateShippingSettings.")
class ShippingSettingsPayload:
    settings: ShippingSettingsType | None = strawberry.field(description="The settings now.")
    user_errors: list[UserErrorType] = error_list_field(ShippingError)


def _new_shipment(data: CreateShipmentInput) -> shipping.NewShipment:
    return shipping.NewShipment(
        order_id=decode_id(data.order_id, "Order"),
        lines=[
            shipping.NewShipmentLine(input_row_id(line.order_line_id, "OrderLine"), line.quantity)
            for line in data.lines
        ],
        carrier=data.carrier,
        tracking_number=data.tracking_number,
        warehouse_id=decode_id(data.warehouse_id, "Warehouse") if data.warehouse_id else None,
        shipped_at=data.shipped_at,
        note=data.note,
    )


def _payload(
    change: shipping.ShipmentChange | None, errors: list[UserErrorType]
) -> ShipmentPayload:
    if change is None:
        return ShipmentPayload(shipment=None, order=None, user_errors=errors)
    return ShipmentPayload(
        shipment=ShipmentType.of(change.shipment),
        order=OrderType.of(change.order),
        user_errors=errors,
    )


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(description="The shipping settings (settings:read).")
    async def shipping_settings(self, info: Info) -> ShippingSettingsType:
        actor = await context_of(info).reader()
        days = await shipping.read_late_shipment_days(actor)
        return ShippingSettingsType(late_shipment_days=days)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ship part or all of a Ready to Ship order (orders:ship) "
        "from the warehouse its lines were reserved in; the order moves to "
        "Shipped when every line has fully shipped."
    )
    async def create_shipment(self, info: Info, input: CreateShipmentInput) -> ShipmentPayload:
        data = _new_shipment(input)
        outcome = await run_mutation(info, lambda actor: shipping.create_shipment(actor, data))
        return _payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Confirm a shipment delivered (orders:deliver); a "
        "Shipped order moves to Delivered when all its shipments are."
    )
    async def mark_shipment_delivered(
        self, info: Info, input: MarkShipmentDeliveredInput
    ) -> ShipmentPayload:
        shipment_id = decode_id(input.shipment_id, "Shipment")
        outcome = await run_mutation(
            info,
            lambda actor: shipping.mark_shipment_delivered(actor, shipment_id, input.delivered_at),
        )
        return _payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change the late-shipment rule (settings:write).")
    async def update_shipping_settings(
        self, info: Info, input: UpdateShippingSettingsInput
    ) -> ShippingSettingsPayload:
        outcome = await run_mutation(
            info, lambda actor: shipping.update_late_shipment_days(actor, input.late_shipment_days)
        )
        return payload_of(
            ShippingSettingsPayload,
            outcome,
            lambda days: ShippingSettingsType(late_shipment_days=days),
        )
