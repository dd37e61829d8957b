"""The events approvals emit: a request opened, a step decided, a step's reminder."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@event("approval.requested")
@dataclass(frozen=True)
class ApprovalRequested(Event):
    """A submitted order needs approval: `step_id` and `level` are its first, active step."""

    request_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    step_id: uuid.UUID
    level: str
    levels: tuple[str, ...]


@event("approval.decided")
@dataclass(frozen=True)
class ApprovalDecided(Event):
    """An approver decided a step; `next_step_id` and `next_level` name the step an
    approval activated (none after the last one or a rejection)."""

    request_id: uuid.UUID
    step_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    level: str
    decision: str
    reason: str | None
    request_status: str
    next_step_id: uuid.UUID | None
    next_level: str | None


@event("approval.reminder")
@dataclass(frozen=True)
class ApprovalReminderSent(Event):
    """The active step has waited `after_hours` more (its `reminder_no`-th reminder)."""

    request_id: uuid.UUID
    step_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    level: str
    reminder_no: int
    after_hours: int
