"""Contract handlers: the customer is emailed when a version awaits their signature."""

from __future__ import annotations

from contracts.events import ContractVersionSent
from contracts.mailing import email_sent_version
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent


@handles("contracts.email_sent_version", ContractVersionSent)
async def email_sent(actor: Actor, event: OutboxEvent) -> None:
    sent = event_of(ContractVersionSent, event)
    await email_sent_version(actor, sent.contract_id, sent.version, event.id)


HANDLERS: tuple[EventHandler, ...] = (email_sent,)
