"""Return handlers: the customer is emailed when their return is approved, received and
resolved."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
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


HANDLERS: tuple[EventHandler, ...] = (email_approved, email_received, email_resolved)
