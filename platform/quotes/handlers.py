"""Quote handlers: the customer is emailed a sent quote."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from quotes.events import QuoteSent
from quotes.mailing import email_sent_quote


@handles("quotes.email_sent", QuoteSent)
async def email_sent(actor: Actor, event: OutboxEvent) -> None:
    sent = event_of(QuoteSent, event)
    await email_sent_quote(actor, sent.quote_id, sent.version, event.id)


HANDLERS: tuple[EventHandler, ...] = (email_sent,)
