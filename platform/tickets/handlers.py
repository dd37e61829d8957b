"""Ticket handlers: a public reply by staff or an integrator is emailed to the customer."""

from __future__ import annotations

import tickets.services as tickets
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from core.tenancy import PrincipalKind
from tickets.events import TicketReplied


def _from_staff(event: OutboxEvent) -> bool:
    return event_of(TicketReplied, event).author_kind != PrincipalKind.PORTAL.value


@handles("tickets.email_reply", TicketReplied, when=_from_staff)
async def email_reply(actor: Actor, event: OutboxEvent) -> None:
    replied = event_of(TicketReplied, event)
    await tickets.email_reply(actor, replied.ticket_id, replied.message_id, event.id)


HANDLERS: tuple[EventHandler, ...] = (email_reply,)
