"""The conversation: staff reply to the customer or write internal notes, the customer's
contact answers in the portal. Closed tickets take neither."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import audit.services as audit
import customers.services as customers
import identity.services as identity
from core.context import Actor
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from tickets import rules, sla
from tickets.attachments import attach_files
from tickets.checks import ensure_not_closed, raise_if
from tickets.events import TicketReplied
from tickets.mentions import emit_mentions, mention_errors
from tickets.models import Ticket, TicketMessage
from tickets.progress import move
from tickets.reading import locked_ticket
from tickets.recording import now
from tickets.rules import MessageKind, TicketStatus


async def _author_label(actor: Actor, principal: Principal) -> str:
    """How the conversation names its author: a staff user's or portal contact's name,
    an API client's label."""
    if principal.kind is PrincipalKind.STAFF:
        [user] = await identity.users_by_id(actor, [principal.subject_id])
        if user is not None:
            return user.name
    if principal.kind is PrincipalKind.PORTAL:
        contact = await customers.portal_contact_by_id(
            actor, actor.tenant_id, principal.subject_id, principal.customer_id
        )
        if contact is not None:
            return contact.name
    return actor.actor_label or str(principal.subject_id)


async def _add_message(
    actor: Actor,
    principal: Principal,
    ticket: Ticket,
    body: str,
    kind: MessageKind,
    attachment_ids: Sequence[uuid.UUID] = (),
    mentioned_user_ids: Sequence[uuid.UUID] = (),
) -> TicketMessage:
    message = TicketMessage(
        tenant_id=actor.tenant_id,
        id=new_id(),
        ticket_id=ticket.id,
        customer_id=ticket.customer_id,
        kind=kind.value,
        author_kind=principal.kind.value,
        author_id=principal.subject_id,
        author_label=await _author_label(actor, principal),
        body=body,
        mentioned_user_ids=list(dict.fromkeys(mentioned_user_ids)),
    )
    message.created_at = ticket.updated_at = now()
    actor.session.add(message)
    await actor.session.flush()
    await attach_files(actor, ticket, "ticket_message", message.id, attachment_ids)
    await emit_mentions(actor, ticket, message)
    await audit.record(
        actor,
        "tickets.reply",
        "ticket",
        ticket.id,
        after={"number": ticket.number, "kind": kind.value, "messageId": str(message.id)},
    )
    if kind is MessageKind.PUBLIC_REPLY:
        await emit(
            actor,
            TicketReplied(
                ticket_id=ticket.id,
                number=ticket.number,
                customer_id=ticket.customer_id,
                message_id=message.id,
                author_kind=principal.kind.value,
            ),
        )
    return message


async def reply_to_ticket(
    actor: Actor,
    ticket_id: uuid.UUID,
    body: str,
    kind: MessageKind,
    attachment_ids: Sequence[uuid.UUID] = (),
    mentioned_user_ids: Sequence[uuid.UUID] = (),
) -> Ticket:
    """Staff answer the customer (a public reply, emailed to the customer's contact; the
    first one is the ticket's first response and moves a new ticket to open) or write an
    internal note (staff only) (tickets:write). Closed tickets take no replies."""
    principal = await actor.require("tickets", "write")
    body = rules.clean(body)
    raise_if(rules.check_body(body))
    ticket = await locked_ticket(actor, ticket_id)
    ensure_not_closed(ticket)
    raise_if(await mention_errors(actor, ticket, mentioned_user_ids))
    await _add_message(actor, principal, ticket, body, kind, attachment_ids, mentioned_user_ids)
    if kind is MessageKind.PUBLIC_REPLY:
        ticket.first_response_at = ticket.first_response_at or ticket.updated_at
        await sla.staff_replied(actor, ticket, ticket.updated_at)
        await move(actor, ticket, rules.status_after_staff_reply(TicketStatus(ticket.status)))
    await actor.session.flush()
    return ticket


async def portal_reply(
    actor: Actor, ticket_id: uuid.UUID, body: str, attachment_ids: Sequence[uuid.UUID] = ()
) -> Ticket:
    """The customer's contact answers on their own ticket: a ticket waiting on the
    customer, or solved, moves back to open."""
    principal = actor.require_portal()
    body = rules.clean(body)
    raise_if(rules.check_body(body))
    ticket = await locked_ticket(actor, ticket_id)
    ensure_not_closed(ticket)
    await _add_message(actor, principal, ticket, body, MessageKind.PUBLIC_REPLY, attachment_ids)
    await sla.customer_replied(actor, ticket, ticket.updated_at)
    await move(actor, ticket, rules.status_after_customer_reply(TicketStatus(ticket.status)))
    await actor.session.flush()
    return ticket
