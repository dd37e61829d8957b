"""Applying an approved change request to a confirmed order: re-priced lines, re-reserved
stock, new totals, one `change` history entry (order_changes authorises)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import audit.services as audit
import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
from core.context import Actor
from core.outbox import emit
from orders import rules
from orders.entry import set_totals
from orders.events import OrderChanged
from orders.history_notes import NoteCode
from orders.lifecycle import HistoryNote, record_change, release_stock
from orders.models import Order, OrderLine
from orders.reading import lines_of_order
from orders.rules import Status
from orders.validation import raise_if

# The statuses in which an order may still change: those holding stock.
CHANGEABLE_STATUSES = rules.HOLDS_STOCK


@dataclass(frozen=True)
class OrderChange:
    """What an approved change request sets. `quantities` maps line ids to new quantities;
    `paths` says where a stock error about a line points; None leaves a field as it is."""

    quantities: dict[uuid.UUID, Decimal]
    paths: dict[uuid.UUID, tuple[str, ...]]
    requested_delivery_date: date | None
    change_delivery_date: bool
    ship_to: dict[str, Any] | None
    # What changed, for the history (history_notes.ORDER_CHANGED), and the requester's reason.
    summary: dict[str, Any]
    reason: str | None
    event_details: dict[str, Any]


@dataclass(frozen=True)
class RepricedLine:
    line_id: uuid.UUID
    unit_price: Decimal
    price_source: str
    price_source_label: str
    line_total: Decimal


@dataclass(frozen=True)
class AppliedChange:
    total_before: Decimal
    total_after: Decimal
    lines: list[RepricedLine]


def _change_snapshot(order: Order, lines: list[OrderLine]) -> dict[str, Any]:
    return {
        "version": order.version,
        "total": str(order.total),
        "requestedDeliveryDate": str(order.requested_delivery_date)
        if order.requested_delivery_date
        else None,
        "shipTo": order.ship_to,
        "lines": {
            str(line.id): {
                "quantity": str(line.quantity),
                "unitPrice": str(line.unit_price),
                "priceSource": line.price_source,
            }
            for line in lines
        },
    }


async def _reprice(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    quantities: dict[uuid.UUID, Decimal],
    paths: dict[uuid.UUID, tuple[str, ...]],
) -> None:
    """New quantities priced by the engine today, as at entry; discounts and tax stay."""
    profile = await customers.customer_pricing_profile(actor, order.customer_id)
    context = await catalog.context_for(actor, profile.tier, profile.region)
    quotes = await catalog.quote_lines(
        actor,
        context,
        [catalog.QuoteLine(line.sku_id, quantities[line.id]) for line in lines],
        await catalog.today(actor),
    )
    raise_if(
        [
            error
            for line, quote in zip(lines, quotes, strict=True)
            for error in rules.check_line_fits(
                quote.unit_price.amount, quote.quantity, line.tax_rate, paths[line.id]
            )
        ]
    )
    for line, quote in zip(lines, quotes, strict=True):
        amounts = rules.line_amounts(
            quote.unit_price.amount,
            quote.quantity,
            line.discount_percent,
            line.tax_rate,
            order.currency,
        )
        line.quantity, line.unit_price = quote.quantity, quote.unit_price.amount
        line.price_source, line.price_source_label = quote.price_source, quote.price_source_label
        line.line_subtotal, line.line_discount = amounts.net, amounts.discount
        line.line_tax, line.line_total = amounts.tax, amounts.total


async def _rereserve(
    actor: Actor, order: Order, lines: list[OrderLine], paths: dict[uuid.UUID, tuple[str, ...]]
) -> None:
    """Give back the lines' stock and reserve what is left to ship of the new quantities
    (INSUFFICIENT_STOCK rolls the whole change back)."""
    await release_stock(actor, lines)
    unshipped = [line for line in lines if line.quantity > line.shipped_quantity]
    reservations = await inventory.reserve(
        actor,
        [
            inventory.ReservationRequest(
                reference_id=line.id,
                sku_id=line.sku_id,
                quantity=line.quantity - line.shipped_quantity,
                region=order.region,
                path=paths.get(line.id),
            )
            for line in unshipped
        ],
        allow_backorder=False,
    )
    for line, reservation in zip(unshipped, reservations, strict=True):
        line.reserved_quantity = reservation.reserved
        line.backordered_quantity = reservation.backordered


async def apply_change(actor: Actor, order: Order, change: OrderChange) -> AppliedChange:
    """Apply an approved change to an order locked by `lock_order_for_change`, atomically:
    re-price the changed lines, release and re-reserve their stock, recompute the totals,
    bump the version, record a `change` history entry (same status), audit and emit
    `order.changed`."""
    lines = await lines_of_order(actor, order)
    before = _change_snapshot(order, lines)
    changed = [line for line in lines if line.id in change.quantities]
    if changed:
        await _reprice(actor, order, changed, change.quantities, change.paths)
        await _rereserve(actor, order, changed, change.paths)
        set_totals(order, lines)
        raise_if(
            rules.check_totals_fit(
                rules.OrderTotals(
                    order.subtotal, order.discount_total, order.tax_total, order.total
                ),
                change.paths[changed[0].id],
            )
        )
    if change.change_delivery_date:
        order.requested_delivery_date = change.requested_delivery_date
    if change.ship_to is not None:
        order.ship_to = change.ship_to
    order.version += 1
    order.updated_at = datetime.now(UTC)
    status = Status(order.status)
    note = HistoryNote(comment=change.reason, code=NoteCode.ORDER_CHANGED, params=change.summary)
    record_change(actor, order, status, status, "change", note)
    await audit.record(
        actor,
        "orders.change",
        "order",
        order.id,
        before=before,
        after=_change_snapshot(order, lines),
    )
    await emit(
        actor,
        OrderChanged(
            order_id=order.id,
            number=order.number,
            version=order.version,
            total_before=Decimal(before["total"]),
            total=order.total,
            currency=order.currency,
            change_request_id=uuid.UUID(change.event_details["changeRequestId"]),
            quantity_changed=bool(change.event_details["quantityChanged"]),
        ),
    )
    await actor.session.flush()
    return AppliedChange(
        Decimal(before["total"]),
        order.total,
        [
            RepricedLine(
                line.id,
                line.unit_price,
                line.price_source,
                line.price_source_label,
                line.line_total,
            )
            for line in changed
        ],
    )
