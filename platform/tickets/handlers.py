"""Ticket handlers: a public reply by staff or an integrator is emailed to the customer; a
missed SLA target is told to the ticket's owner and team leads."""

from __future__ import annotations

import tickets.services as tickets
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from core.tenancy import PrincipalKind
from tickets.breach_notices import notify_breach
from tickets.events import TicketMentioned, TicketReplied, TicketSlaBreached
from tickets.mention_notices import notify_mentions


def _from_staff(event: OutboxEvent) -> bool:
    return event_of(TicketReplied, event).author_kind != PrincipalKind.PORTAL.value


@handles("tickets.email_reply", TicketReplied, when=_from_staff)
async def email_reply(actor: Actor, event: OutboxEvent) -> None:
    replied = event_of(TicketReplied, event)
    await tickets.email_reply(actor, replied.ticket_id, replied.message_id, event.id)


@handles("tickets.sla_breach_notices", TicketSlaBreached)
async def tell_of_breach(actor: Actor, event: OutboxEvent) -> None:
    await notify_breach(actor, event_of(TicketSlaBreached, event), event.id)


@handles("tickets.mention_notices", TicketMentioned)
async def tell_of_mention(actor: Actor, event: OutboxEvent) -> None:
    await notify_mentions(actor, event_of(TicketMentioned, event), event.id)


HANDLERS: tuple[EventHandler, ...] = (email_reply, tell_of_breach, tell_of_mention)
