"""Return figures of a period (returns:read and orders:read), for the reports to chart:
per product, what came back against what was delivered, and per reason, how many lines
and how much. A return counts in the period it was asked for, a delivery in the period
the order became Delivered; declined and cancelled returns do not count."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, select

import orders.services as orders
from core.context import Actor
from returns import rules
from returns.models import Return, ReturnLine


@dataclass(frozen=True)
class ProductRate:
    sku_id: uuid.UUID
    sku_code: str
    delivered: Decimal
    returned: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Returned per delivered, to four places (None when nothing was delivered)."""
        if self.delivered <= 0:
            return None
        return (self.returned / self.delivered).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    count: int
    quantity: Decimal


@dataclass(frozen=True)
class ReturnsReport:
    by_product: list[ProductRate]
    by_reason: list[ReasonCount]


def _counted(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [
        Return.created_at >= start,
        Return.created_at < end,
        Return.status.not_in([s.value for s in rules.NOT_COUNTED]),
    ]


async def returns_report(actor: Actor, start: datetime, end: datetime) -> ReturnsReport:
    await actor.require("returns", "read")
    delivered = await orders.delivered_quantities_by_sku(actor, start, end)
    joined = (
        select(ReturnLine)
        .join(
            Return, (Return.tenant_id == ReturnLine.tenant_id) & (Return.id == ReturnLine.return_id)
        )
        .where(ReturnLine.tenant_id == actor.tenant_id, *_counted(start, end))
    )
    lines = list((await actor.session.scalars(joined)).all())
    returned: dict[uuid.UUID, tuple[str, Decimal]] = {}
    reasons: dict[str, tuple[int, Decimal]] = {}
    for line in lines:
        code, quantity = returned.get(line.sku_id, (line.sku_code, rules.ZERO))
        returned[line.sku_id] = (code, quantity + line.quantity)
        count, total = reasons.get(line.reason, (0, rules.ZERO))
        reasons[line.reason] = (count + 1, total + line.quantity)
    products = [
        ProductRate(
            sku_id,
            (returned.get(sku_id) or delivered[sku_id])[0],
            delivered.get(sku_id, ("", rules.ZERO))[1],
            returned.get(sku_id, ("", rules.ZERO))[1],
        )
        for sku_id in {*delivered, *returned}
    ]
    return ReturnsReport(
        by_product=sorted(products, key=lambda p: p.sku_code),
        by_reason=[ReasonCount(r, c, q) for r, (c, q) in sorted(reasons.items())],
    )
