"""Return handlers: the customer is emailed when their return is approved, received and
resolved."""

from __future__ import annotations

from approvals.events import ApprovalDecided
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from returns.approving import decided_by_approval
from returns.events import ReturnApproved, ReturnReceived, ReturnResolved
from returns.mailing import email_step


@handles("returns.email_approved", ReturnApproved)
async def email_approved(actor: Actor, event: OutboxEvent) -> None:
    await email_step(actor, event_of(ReturnApproved, event).return_id, "approved", event.id)


@handles("returns.email_received", ReturnReceived)
async def email_received(actor: Actor, event: OutboxEvent) -> None:
    await email_step(actor, event_of(ReturnReceived, event).return_id, "received", event.id)


@handles("returns.email_resolved", ReturnResolved)
async def email_resolved(actor: Actor, event: OutboxEvent) -> None:
    await email_step(actor, event_of(ReturnResolved, event).return_id, "resolved", event.id)


@handles(
    "returns.approval_decided",
    ApprovalDecided,
    when=lambda event: event_of(ApprovalDecided, event).request_status in ("approved", "rejected"),
)
async def approval_decided(actor: Actor, event: OutboxEvent) -> None:
    """A return's approval request was decided: approve or decline the return."""
    decided = event_of(ApprovalDecided, event)
    await decided_by_approval(actor, decided.request_id, event.actor_id, decided.reason)


HANDLERS: tuple[EventHandler, ...] = (
    email_approved,
    email_received,
    email_resolved,
    approval_decided,
)
