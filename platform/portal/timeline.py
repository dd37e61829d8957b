"""An order's progress as its customer follows it: milestones from placed to completed (or
cancelled) with the date each was reached, from the order's status history. Pure, shared
through `portal.__all__` (the portal's order type shows it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orders.models import OrderStatusChange


class Milestone(str, Enum):
    PLACED = "placed"
    AWAITING_APPROVAL = "awaiting_approval"
    CONFIRMED = "confirmed"
    PAID = "paid"
    READY_TO_SHIP = "ready_to_ship"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class StepState(str, Enum):
    DONE = "done"
    SKIPPED = "skipped"  # passed without it, e.g. paid, for a customer on credit terms
    PENDING = "pending"


@dataclass(frozen=True)
class TimelineStep:
    milestone: Milestone
    state: StepState
    reached_at: datetime | None


# The statuses that reach each milestone, in the order a customer expects them.
_PATH: tuple[tuple[Milestone, tuple[str, ...]], ...] = (
    (Milestone.PLACED, ("submitted",)),
    (Milestone.CONFIRMED, ("confirmed",)),
    (Milestone.PAID, ("paid",)),
    (Milestone.READY_TO_SHIP, ("ready_to_ship",)),
    (Milestone.SHIPPED, ("shipped",)),
    (Milestone.DELIVERED, ("delivered",)),
    (Milestone.COMPLETED, ("completed",)),
)
# How far along the path each status is (the index of the last milestone it has passed).
_PROGRESS = {
    "draft": -1,
    "submitted": 0,
    "pending_approval": 0,
    "confirmed": 1,
    "awaiting_payment": 1,
    "paid": 2,
    "ready_to_ship": 3,
    "shipped": 4,
    "delivered": 5,
    "completed": 6,
}


def _latest(history: Sequence[OrderStatusChange]) -> dict[str, datetime]:
    reached: dict[str, datetime] = {}
    for change in history:  # oldest first: a status reached again keeps its latest date
        reached[change.to_status] = change.created_at
    return reached


def timeline(status: str, history: Sequence[OrderStatusChange]) -> list[TimelineStep]:
    """The order's milestones with the date each was (last) reached. A cancelled order ends
    with CANCELLED after the milestones it had reached; an order waiting for approval
    shows AWAITING_APPROVAL in place of CONFIRMED."""
    reached = _latest(history)
    if status == "cancelled":
        done = [
            TimelineStep(milestone, StepState.DONE, reached[s])
            for milestone, (s,) in _PATH
            if s in reached
        ]
        return [*done, TimelineStep(Milestone.CANCELLED, StepState.DONE, reached.get(status))]
    progress = _PROGRESS.get(status, -1)
    if status == "draft" and "submitted" in reached:  # returned after a rejection
        progress = 0
    steps = []
    for index, (milestone, (s,)) in enumerate(_PATH):
        at = reached.get(s)
        if index <= progress:
            state = StepState.DONE if at is not None else StepState.SKIPPED
        else:
            state, at = StepState.PENDING, None
        if milestone is Milestone.CONFIRMED and status == "pending_approval":
            milestone, at = Milestone.AWAITING_APPROVAL, reached.get(status)
        steps.append(TimelineStep(milestone, state, at))
    return steps
