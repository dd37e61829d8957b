"""The portal's field of the GraphQL `PortalOrder` type, its progress timeline, added by the
composition root (orbit.schema) so that orders' schema need not know this domain."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from core.gql.types import from_row
from orders import history_of
from portal.ordering import Milestone, StepState, timeline

if TYPE_CHECKING:
    from orders.models import Order

strawberry.enum(
    Milestone,
    name="PortalMilestone",
    description="A milestone of an order as the customer follows it.",
)
strawberry.enum(
    StepState, name="PortalMilestoneState", description="Whether a milestone was reached."
)


@strawberry.type(
    name="PortalTimelineStep", description="One milestone of an order's progress timeline."
)
class PortalTimelineStepType:
    milestone: Milestone = strawberry.field(description="The milestone.")
    state: StepState = strawberry.field(
        description="DONE, PENDING, or SKIPPED when the order went on without it (e.g. "
        "PAID for a customer on credit terms)."
    )
    reached_at: datetime | None = strawberry.field(
        description="When it was (last) reached; for AWAITING_APPROVAL, since when."
    )


class _OrderNode(Protocol):
    row: Order


async def _timeline(root: _OrderNode, info: Info) -> list[PortalTimelineStepType]:
    steps = timeline(root.row.status, await history_of(info, root.row.id))
    return [from_row(PortalTimelineStepType, step) for step in steps]


# PortalOrder.timeline comes right after its progress.
PORTAL_ORDER_FIELDS: dict[str, StrawberryField] = {
    "timeline": strawberry.field(
        resolver=_timeline,
        description="Every milestone from placed to completed (or cancelled) "
        "with the date each was reached, from the status history.",
    )
}
