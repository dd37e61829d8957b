"""Shipping use cases: shipping part or all of a Ready to Ship order from the warehouse its
lines were reserved in, confirming deliveries, reading shipments, and the tenant's shipping
settings. This domain owns shipping an order: it records the shipments and moves the order
to Shipped when every line has fully shipped and to Delivered when every shipment is
delivered (through orders' lifecycle functions), and it carries out the SHIP and
MARK_DELIVERED actions' effects for orders (`ship_remaining`, `deliver_remaining`, handed
to orders by the composition root).

Locking: the order row first (orders.lock_order_to_ship), then stock rows in (warehouse,
SKU) order through inventory.consume, so concurrent shipments queue on the order and never
deadlock on stock; the shipped quantities are read after the order lock, so two shipments
of the same lines can never both pass the remaining-quantity check.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

import audit.services as audit
import inventory.services as inventory
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.outbox import emit
from shipping import rules
from shipping.errors import ShippingErrorCode
from shipping.events import ShipmentCreated, ShipmentDelivered
from shipping.models import (
    DEFAULT_LATE_SHIPMENT_DAYS,
    Shipment,
    ShipmentDeadline,
    ShipmentLine,
    ShippingSettings,
)

if TYPE_CHECKING:
    from inventory.models import Warehouse
    from orders.models import Order, OrderLine

ACTIVE_RESERVATION = "active"
# Clocks of clients and servers differ a little; a time this far ahead is still "now".
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class NewShipmentLine:
    order_line_id: uuid.UUID | None
    quantity: Decimal | None


@dataclass(frozen=True)
class NewShipment:
    order_id: uuid.UUID
    lines: list[NewShipmentLine]
    carrier: str | None
    tracking_number: str | None
    warehouse_id: uuid.UUID | None = None
    shipped_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Pick:
    """One order line a shipment carries: where it was in the input, and how much."""

    index: int
    line: OrderLine
    quantity: Decimal


@dataclass(frozen=True)
class _Parcel:
    """What travels with a shipment besides its lines."""

    carrier: str
    tracking_number: str
    shipped_at: datetime
    note: str | None


@dataclass(frozen=True)
class ShipmentChange:
    """A shipment after a change, and its order (whose status may have moved)."""

    shipment: Shipment
    order: Order


def utcnow() -> datetime:
    return datetime.now(UTC)


def raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _remaining(line: OrderLine) -> rules.Remaining:
    return rules.Remaining(str(line.id), line.quantity, line.shipped_quantity)


# --- creating ------------------------------------------------------------------------------


def _check_header(data: NewShipment) -> list[UserError]:
    errors = [
        *rules.check_text(
            data.carrier, "carrier", ShippingErrorCode.CARRIER_REQUIRED, "Name the carrier."
        ),
        *rules.check_text(
            data.tracking_number,
            "trackingNumber",
            ShippingErrorCode.TRACKING_REQUIRED,
            "Enter the tracking number.",
        ),
        *rules.check_note(data.note),
    ]
    if not data.lines:
        errors.append(
            UserError(ShippingErrorCode.EMPTY_SHIPMENT, "Ship at least one line.", ("lines",))
        )
    if data.shipped_at is not None and data.shipped_at > utcnow() + CLOCK_SKEW:
        errors.append(
            UserError(
                ShippingErrorCode.INVALID_SHIPPED_AT,
                "A shipment cannot ship in the future.",
                ("shippedAt",),
            )
        )
    errors.extend(rules.check_duplicates([str(line.order_line_id) for line in data.lines]))
    return errors


def _picks(data: NewShipment, lines: list[OrderLine]) -> tuple[list[_Pick], list[UserError]]:
    by_id = {line.id: line for line in lines}
    picks: list[_Pick] = []
    errors: list[UserError] = []
    for index, item in enumerate(data.lines):
        line = by_id.get(item.order_line_id) if item.order_line_id else None
        if line is None:
            errors.append(
                UserError(
                    ShippingErrorCode.UNKNOWN_ORDER_LINE,
                    "Not a line of this order.",
                    ("lines", str(index), "orderLineId"),
                )
            )
        elif item.quantity is None:
            errors.append(
                UserError(
                    ShippingErrorCode.REQUIRED,
                    "Enter the quantity to ship.",
                    ("lines", str(index), "quantity"),
                )
            )
        else:
            line_errors = rules.check_quantity(item.quantity, _remaining(line), index)
            errors.extend(line_errors)
            if not line_errors:
                picks.append(_Pick(index, line, item.quantity))
    return picks, errors


async def _warehouse_of(actor: Actor, pick: _Pick) -> uuid.UUID:
    """The warehouse holding the line's active reservation (NOT_RESERVED when none)."""
    active = [
        r
        for r in await inventory.reservations_of(actor, pick.line.id)
        if r.status == ACTIVE_RESERVATION
    ]
    if not active:
        raise BusinessRuleError(
            UserError(
                ShippingErrorCode.NOT_RESERVED,
                "Nothing is reserved for this line, so it cannot ship.",
                ("lines", str(pick.index), "quantity"),
            )
        )
    return active[0].warehouse_id


async def _by_warehouse(actor: Actor, picks: list[_Pick]) -> dict[uuid.UUID, list[_Pick]]:
    grouped: dict[uuid.UUID, list[_Pick]] = {}
    for pick in picks:
        grouped.setdefault(await _warehouse_of(actor, pick), []).append(pick)
    return grouped


def _one_warehouse(grouped: dict[uuid.UUID, list[_Pick]], wanted: uuid.UUID | None) -> uuid.UUID:
    if len(grouped) > 1:
        raise BusinessRuleError.single(
            ShippingErrorCode.MIXED_WAREHOUSES,
            "These lines were reserved in different warehouses; ship "
            "each warehouse's lines in a shipment of their own.",
            "lines",
        )
    [warehouse_id] = grouped
    if wanted is not None and wanted != warehouse_id:
        raise BusinessRuleError.single(
            ShippingErrorCode.WRONG_WAREHOUSE,
            "These lines were reserved in another warehouse; they ship from there.",
            "warehouseId",
        )
    return warehouse_id


def _not_ready(order: Order) -> BusinessRuleError:
    status = order.status.replace("_", " ")
    return BusinessRuleError.single(
        ShippingErrorCode.ORDER_NOT_READY_TO_SHIP,
        f"Order {order.number} is {status}; only orders that are ready to ship can ship.",
        "orderId",
    )


async def create_shipment(actor: Actor, data: NewShipment) -> ShipmentChange:
    """Ship part or all of a Ready to Ship order (orders:ship) from the warehouse its lines
    were reserved in; the order moves to Shipped when every line has fully shipped."""
    await actor.require("orders", "ship")
    order = await orders.lock_order_to_ship(actor, data.order_id)
    if order.status != orders.Status.READY_TO_SHIP.value:
        raise _not_ready(order)
    lines = await orders.lines_of_order(actor, order)
    picks, errors = _picks(data, lines)
    raise_if([*_check_header(data), *errors])
    warehouse_id = _one_warehouse(await _by_warehouse(actor, picks), data.warehouse_id)
    carrier, tracking = _clean(data.carrier) or "", _clean(data.tracking_number) or ""
    shipped_at = data.shipped_at or utcnow()
    shipment = await _record(
        actor, order, warehouse_id, picks, _Parcel(carrier, tracking, shipped_at, _clean(data.note))
    )
    if rules.fully_shipped([_remaining(line) for line in lines]):
        await orders.record_fully_shipped(actor, order, lines, carrier, tracking, shipped_at)
    await actor.session.flush()
    return ShipmentChange(shipment, order)


async def ship_remaining(actor: Actor, order: Order, lines: list[OrderLine]) -> None:
    """The SHIP action's effect: whatever remains unshipped leaves in one shipment per
    warehouse, with the carrier and tracking set on the order. The caller locked the order
    and holds orders:ship. Warehouses go in id order, lines by SKU: the stock lock order."""
    picks = [
        _Pick(index, line, line.quantity - line.shipped_quantity)
        for index, line in enumerate(lines)
        if line.quantity > line.shipped_quantity
    ]
    if not picks:
        return
    parcel = _Parcel(
        order.carrier or "", order.tracking_number or "", order.shipped_at or utcnow(), None
    )
    grouped = await _by_warehouse(actor, picks)
    for warehouse_id in sorted(grouped):
        await _record(actor, order, warehouse_id, grouped[warehouse_id], parcel)


async def _next_seq(actor: Actor, order: Order) -> int:
    """The order's next shipment number; the order row is locked, so no two shipments of
    one order can take the same."""
    current = await actor.session.scalar(
        select(func.max(Shipment.seq)).where(
            Shipment.tenant_id == actor.tenant_id, Shipment.order_id == order.id
        )
    )
    return int(current or 0) + 1


async def _consume(actor: Actor, picks: list[_Pick]) -> None:
    for pick in sorted(picks, key=lambda p: (p.line.sku_id, p.line.line_no)):
        try:
            reservation = await inventory.consume(actor, pick.line.id, pick.quantity)
        except BusinessRuleError as error:
            raise BusinessRuleError(
                *(
                    UserError(e.code, e.message, ("lines", str(pick.index), "quantity"))
                    for e in error.errors
                )
            ) from error
        pick.line.shipped_quantity += pick.quantity
        pick.line.reserved_quantity = reservation.reserved


async def _record(
    actor: Actor, order: Order, warehouse_id: uuid.UUID, picks: list[_Pick], parcel: _Parcel
) -> Shipment:
    """Deduct the stock, write the shipment and its lines, audit and announce it."""
    await _consume(actor, picks)
    principal = actor.principal
    seq = await _next_seq(actor, order)
    shipment = Shipment(
        tenant_id=actor.tenant_id,
        id=new_id(),
        order_id=order.id,
        seq=seq,
        number=rules.shipment_number(order.number, seq),
        warehouse_id=warehouse_id,
        carrier=parcel.carrier,
        tracking_number=parcel.tracking_number,
        note=parcel.note,
        shipped_at=parcel.shipped_at,
        delivered_at=None,
        created_by_kind=principal.kind.value if principal else None,
        created_by_id=principal.subject_id if principal else None,
    )
    actor.session.add(shipment)
    await actor.session.flush()
    actor.session.add_all(
        [
            ShipmentLine(
                tenant_id=actor.tenant_id,
                id=new_id(),
                shipment_id=shipment.id,
                order_line_id=pick.line.id,
                quantity=pick.quantity,
            )
            for pick in picks
        ]
    )
    summary = _summary(shipment, picks)
    await audit.record(actor, "shipping.create_shipment", "shipment", shipment.id, after=summary)
    await emit(
        actor,
        ShipmentCreated(
            shipment_id=shipment.id,
            order_id=order.id,
            number=shipment.number,
            warehouse_id=shipment.warehouse_id,
            carrier=shipment.carrier,
            tracking_number=shipment.tracking_number,
            shipped_at=shipment.shipped_at,
            lines=summary["lines"],
        ),
    )
    return shipment


def _summary(shipment: Shipment, picks: list[_Pick]) -> dict[str, Any]:
    return {
        "number": shipment.number,
        "warehouseId": str(shipment.warehouse_id),
        "carrier": shipment.carrier,
        "trackingNumber": shipment.tracking_number,
        "shippedAt": shipment.shipped_at.isoformat(),
        "lines": [{"orderLineId": str(p.line.id), "quantity": str(p.quantity)} for p in picks],
    }


# --- delivering ----------------------------------------------------------------------------


async def _locked_shipment(actor: Actor, shipment_id: uuid.UUID) -> tuple[Order, Shipment]:
    """The shipment of an order in the caller's scope, order locked first (NOT_FOUND)."""
    unlocked = await actor.session.get(Shipment, (actor.tenant_id, shipment_id))
    if unlocked is None:
        raise NotFound()
    order = await orders.lock_order_to_ship(actor, unlocked.order_id)
    shipment = await actor.session.scalar(
        select(Shipment)
        .where(Shipment.tenant_id == actor.tenant_id, Shipment.id == shipment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if shipment is None:
        raise NotFound()
    return order, shipment


def _check_delivered_at(shipment: Shipment, delivered_at: datetime) -> list[UserError]:
    if shipment.delivered_at is not None:
        return [
            UserError(
                ShippingErrorCode.ALREADY_DELIVERED,
                f"Shipment {shipment.number} was already delivered.",
                ("shipmentId",),
            )
        ]
    if delivered_at > utcnow() + CLOCK_SKEW or delivered_at < shipment.shipped_at:
        return [
            UserError(
                ShippingErrorCode.INVALID_DELIVERED_AT,
                "Delivery happens after the shipment shipped and not in the future.",
                ("deliveredAt",),
            )
        ]
    return []


async def _deliver(actor: Actor, shipment: Shipment, delivered_at: datetime) -> None:
    shipment.delivered_at = delivered_at
    await audit.record(
        actor,
        "shipping.mark_delivered",
        "shipment",
        shipment.id,
        before={"deliveredAt": None},
        after={"deliveredAt": delivered_at.isoformat()},
    )
    await emit(
        actor,
        ShipmentDelivered(
            shipment_id=shipment.id,
            order_id=shipment.order_id,
            number=shipment.number,
            delivered_at=delivered_at,
        ),
    )


async def mark_shipment_delivered(
    actor: Actor, shipment_id: uuid.UUID, delivered_at: datetime | None = None
) -> ShipmentChange:
    """Confirm one shipment delivered (orders:deliver); a Shipped order whose shipments are
    all delivered moves to Delivered."""
    await actor.require("orders", "deliver")
    order, shipment = await _locked_shipment(actor, shipment_id)
    when = delivered_at or utcnow()
    raise_if(_check_delivered_at(shipment, when))
    await _deliver(actor, shipment, when)
    await actor.session.flush()
    if order.status == orders.Status.SHIPPED.value and not await _undelivered(actor, order):
        await orders.record_delivered(actor, order, await orders.lines_of_order(actor, order))
    await actor.session.flush()
    return ShipmentChange(shipment, order)


async def _undelivered(actor: Actor, order: Order) -> list[Shipment]:
    return list(
        (
            await actor.session.scalars(
                select(Shipment)
                .where(
                    Shipment.tenant_id == actor.tenant_id,
                    Shipment.order_id == order.id,
                    Shipment.delivered_at.is_(None),
                )
                .order_by(Shipment.seq)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).all()
    )


async def deliver_remaining(actor: Actor, order: Order, lines: list[OrderLine]) -> None:
    """The MARK_DELIVERED action's effect: every shipment not yet delivered is delivered
    now (`lines`, the order's, are not needed: deliveries go by shipment). The caller
    locked the order and holds orders:deliver."""
    now = utcnow()
    for shipment in await _undelivered(actor, order):
        await _deliver(actor, shipment, max(now, shipment.shipped_at))


# --- reading -------------------------------------------------------------------------------


async def shipments_of_orders(
    actor: Actor, order_ids: list[uuid.UUID], action: str = "read"
) -> list[list[Shipment]]:
    """Shipments of the orders the caller may `action` (orders:read; access.PORTAL for a
    portal contact's own orders), oldest first (a DataLoader batch)."""
    rows = (
        await actor.session.scalars(
            select(Shipment)
            .where(
                Shipment.tenant_id == actor.tenant_id,
                Shipment.order_id.in_(order_ids),
                Shipment.order_id.in_(await orders.visible_order_ids(actor, action)),
            )
            .order_by(Shipment.order_id, Shipment.seq)
        )
    ).all()
    grouped: dict[uuid.UUID, list[Shipment]] = {i: [] for i in order_ids}
    for shipment in rows:
        grouped[shipment.order_id].append(shipment)
    return [grouped[i] for i in order_ids]


async def lines_of_shipments(
    actor: Actor, shipment_ids: list[uuid.UUID]
) -> list[list[ShipmentLine]]:
    """Lines of shipments the caller already reached (a batch)."""
    rows = (
        await actor.session.scalars(
            select(ShipmentLine)
            .where(
                ShipmentLine.tenant_id == actor.tenant_id,
                ShipmentLine.shipment_id.in_(shipment_ids),
            )
            .order_by(ShipmentLine.shipment_id, ShipmentLine.id)
        )
    ).all()
    grouped: dict[uuid.UUID, list[ShipmentLine]] = {i: [] for i in shipment_ids}
    for line in rows:
        grouped[line.shipment_id].append(line)
    return [grouped[i] for i in shipment_ids]


async def shipments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Shipment | None]:
    """Shipments of orders in the caller's scope (orders:read), for node lookups."""
    rows = (
        await actor.session.scalars(
            select(Shipment).where(Shipment.tenant_id == actor.tenant_id, Shipment.id.in_(ids))
        )
    ).all()
    order_ids = list({s.order_id for s in rows})
    visible = {o.id for o in await orders.orders_by_id(actor, order_ids) if o is not None}
    found = {s.id: s for s in rows if s.order_id in visible}
    return [found.get(i) for i in ids]


async def warehouses_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Warehouse | None]:
    """The warehouses shipments left, for those who may see warehouses (warehouses:read or
    inventory:read); None for the others (e.g. sales)."""
    if not (await actor.can("warehouses", "read") or await actor.can("inventory", "read")):
        return [None] * len(ids)
    return await inventory.warehouses_by_id(actor, ids)


# --- settings ------------------------------------------------------------------------------


async def late_shipment_days(actor: Actor) -> int:
    """After how many days in Ready to Ship an order counts as late (the default until set)."""
    row = await actor.session.get(ShippingSettings, actor.tenant_id)
    return row.late_shipment_days if row is not None else DEFAULT_LATE_SHIPMENT_DAYS


async def read_late_shipment_days(actor: Actor) -> int:
    await actor.require("settings", "read")
    return await late_shipment_days(actor)


async def update_late_shipment_days(actor: Actor, days: int) -> int:
    """Change the late-shipment rule (settings:write); orders already waiting are judged by
    the new number of days."""
    await actor.require("settings", "write")
    raise_if(rules.check_late_days(days))
    before = await late_shipment_days(actor)
    row = await actor.session.get(ShippingSettings, actor.tenant_id, with_for_update=True)
    if row is None:
        row = ShippingSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.late_shipment_days = days
    row.updated_at = utcnow()
    await actor.session.execute(
        update(ShipmentDeadline)
        .where(ShipmentDeadline.tenant_id == actor.tenant_id)
        .values(due_at=ShipmentDeadline.ready_at + timedelta(days=days))
    )
    await audit.record(
        actor,
        "shipping.update_settings",
        "shipping_settings",
        actor.tenant_id,
        before={"lateShipmentDays": before},
        after={"lateShipmentDays": days},
    )
    await actor.session.flush()
    return days
