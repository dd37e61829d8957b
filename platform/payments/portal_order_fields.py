"""Payments' field of the GraphQL `PortalOrder` type, the order's refunds as its customer
sees them, added by the composition root (orbit.schema) so that orders' schema need not
know this domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import payments.refunds_schema  # noqa: F401  (gives RefundStatus its GraphQL name first)
from core.gql.context import context_of
from core.gql.money import MoneyType
from payments import refund_reading
from payments.refunds import RefundStatus

if TYPE_CHECKING:
    from orders.models import Order
    from payments.models import Refund


@strawberry.type(
    name="PortalRefund", description="Money given back on one of the customer's orders."
)
class PortalRefundType:
    number: str = strawberry.field(description="Per-tenant number, e.g. RF-000042.")
    status: RefundStatus = strawberry.field(
        description="Requested, processing, succeeded (paid back), failed or rejected."
    )
    amount: MoneyType = strawberry.field(description="What is (to be) paid back.")
    requested_at: datetime = strawberry.field(description="When it was asked for.")
    completed_at: datetime | None = strawberry.field(
        description="When it was paid back, or decided otherwise; null while open."
    )

    @classmethod
    def of(cls, refund: Refund) -> PortalRefundType:
        return cls(
            number=refund.number,
            status=RefundStatus(refund.status),
            amount=MoneyType.from_amount(refund.amount, refund.currency),
            requested_at=refund.created_at,
            completed_at=refund.executed_at or refund.decided_at,
        )


class _OrderNode(Protocol):
    row: Order


async def _load_refunds(actor: Any, order_ids: list[uuid.UUID]) -> list[list[Refund]]:
    return await refund_reading.refunds_of_orders_for_portal(actor, order_ids)


async def _refunds(root: _OrderNode, info: Info) -> list[PortalRefundType]:
    rows = await context_of(info).loader(_load_refunds).load(root.row.id)
    return [PortalRefundType.of(row) for row in rows]


# PortalOrder.refunds comes after its payment fields.
PORTAL_ORDER_FIELDS: dict[str, StrawberryField] = {
    "refunds": strawberry.field(
        resolver=_refunds,
        description="Refunds on the order, oldest first, with their status.",
    )
}
