"""Recurring revenue's fields of the GraphQL `Customer` type (its lifecycle segment), added
by the composition root (orbit.schema), so customers' schema needs not know this domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from core.context import Actor
from core.gql.context import context_of
from subscriptions import segments
from subscriptions.revenue_models import CustomerSegment


class _CustomerNode(Protocol):
    id: str


@strawberry.enum(name="LifecycleSegment", description="Where a customer stands as a payer.")
class LifecycleSegmentEnum(Enum):
    NEW = "new"
    GROWING = "growing"
    MATURE = "mature"
    AT_RISK = "at_risk"
    CHURNED = "churned"


@strawberry.type(
    name="CustomerLifecycle",
    description="A customer's lifecycle segment as the nightly job last computed it, with "
    "the rule that put it there.",
)
class CustomerLifecycleType:
    segment: LifecycleSegmentEnum = strawberry.field(description="The segment.")
    rule: str = strawberry.field(
        description="The rule that fired, e.g. OVERDUE_RECEIVABLE or MRR_GREW (see the "
        "recurring revenue guide)."
    )
    reason: str = strawberry.field(description="The rule's facts, in English.")
    computed_at: datetime = strawberry.field(description="When it was computed.")

    @classmethod
    def of(cls, row: CustomerSegment) -> CustomerLifecycleType:
        return cls(
            segment=LifecycleSegmentEnum(row.segment),
            rule=row.rule,
            reason=row.reason,
            computed_at=row.computed_at,
        )


async def _segments(actor: Actor, ids: list[uuid.UUID]) -> list[CustomerSegment | None]:
    found = await segments.segments_of_customers(actor, ids)
    return [found.get(customer_id) for customer_id in ids]


async def _lifecycle(root: _CustomerNode, info: Info) -> CustomerLifecycleType | None:
    row = await context_of(info).loader(_segments).load(uuid.UUID(str(root.id)))
    return CustomerLifecycleType.of(row) if row else None


CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "lifecycle": strawberry.field(
        resolver=_lifecycle,
        description="The customer's lifecycle segment (null until it has had recurring "
        "revenue and the nightly job has run).",
    ),
}
