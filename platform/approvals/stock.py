"""What an open approval's order would be short of if it were approved now: the lines the
warehouse rule cannot fill, each with the most one warehouse has. Approvers see it before
they decide (the last approval reserves the stock); it is a hint, stock may move."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import inventory.services as inventory
import orders.services as orders
from approvals.models import ApprovalRequest
from approvals.rules import RequestStatus
from core.context import Actor


@dataclass(frozen=True)
class ShortLine:
    line_no: int
    sku_code: str
    requested: Decimal
    available: Decimal
    warehouse_code: str | None


async def shortfalls_of_requests(
    actor: Actor, requests: list[ApprovalRequest]
) -> list[list[ShortLine]]:
    """Per request, its order's short lines (none once the request is decided, or when the
    order is out of the caller's scope). A batch: three reads whatever the number."""
    open_order_ids = [r.order_id for r in requests if r.status == RequestStatus.PENDING.value]
    found = await orders.orders_by_id(actor, open_order_ids)
    reached = [order for order in found if order is not None]
    lines = await orders.lines_of_orders(actor, [order.id for order in reached])
    placements = await inventory.preview_placements(
        actor,
        [
            [
                inventory.ReservationRequest(
                    reference_id=line.id,
                    sku_id=line.sku_id,
                    quantity=line.quantity,
                    region=order.region,
                )
                for line in order_lines
            ]
            for order, order_lines in zip(reached, lines, strict=True)
        ],
    )
    by_order: dict[uuid.UUID, list[ShortLine]] = {}
    for order, order_lines, placed in zip(reached, lines, placements, strict=True):
        by_order[order.id] = [
            ShortLine(
                line_no=line.line_no,
                sku_code=line.sku_code,
                requested=line.quantity.normalize(),
                available=max(placement.available, Decimal(0)).normalize(),
                warehouse_code=placement.warehouse_code,
            )
            for line, placement in zip(order_lines, placed, strict=True)
            if not placement.fills
        ]
    return [by_order.get(request.order_id, []) for request in requests]
