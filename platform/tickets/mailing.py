"""The email a public staff reply sends to the customer: to the portal contact who opened
the ticket, else to the customer's mail address, in their language (else the tenant's).
It is sent by an event handler, so the reply is committed before anything is sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import customer_notices.services as customer_notices
import customers.services as customers
import tenants.services as tenants
from core.context import Actor
from core.mail_layout import send_branded
from tickets import mail_addresses, templates
from tickets.models import Ticket
from tickets.reading import message_for_system, ticket_for_system


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    locale: str


async def _recipient(actor: Actor, ticket: Ticket, tenant_locale: str) -> Recipient | None:
    if ticket.contact_id is not None:
        contact = await customers.portal_contact_by_id(
            actor, actor.tenant_id, ticket.contact_id, ticket.customer_id
        )
        if contact is not None:
            return Recipient(contact.email, contact.name, contact.locale or tenant_locale)
    customer = await customers.customer_for_system(actor, ticket.customer_id)
    address = await customers.mail_address_of_customer(actor, ticket.customer_id)
    if customer is None or not address:
        return None
    locale = await customers.mail_locale_of_customer(actor, ticket.customer_id)
    return Recipient(address, customer.name, locale or tenant_locale)


async def email_reply(
    actor: Actor, ticket_id: uuid.UUID, message_id: uuid.UUID, event_id: uuid.UUID
) -> bool:
    """Email one public reply (system work for an event handler); False when there is
    nobody to write to. The message id keys the email, so a repeated delivery is the same
    message to the receiver."""
    ticket = await ticket_for_system(actor, ticket_id)
    message = await message_for_system(actor, message_id)
    if ticket is None or message is None:
        return False
    tenant = await tenants.current_tenant(actor)
    recipient = await _recipient(actor, ticket, tenant.locale)
    if recipient is None:
        return False
    email = templates.reply_email(
        recipient.locale,
        templates.ReplyFacts(
            number=ticket.number,
            subject=ticket.subject,
            contact_name=recipient.name,
            tenant_name=tenant.name,
            author_name=message.author_label,
            body=message.body,
            link=f"{actor.settings.public_url}/portal/{tenant.slug}/tickets/{ticket.id}",
        ),
    )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        email.body,
        to=recipient.email,
        subject=email.subject,
        message_key=f"{event_id}.ticket-reply",
        reply_to=reply_address(actor, tenant.slug, ticket),
    )
    return True


def reply_address(actor: Actor, slug: str, ticket: Ticket) -> str | None:
    """Where the customer's answer to a ticket email goes: the ticket's signed inbound
    address, so it threads into the ticket (none without inbound mail)."""
    domain = actor.settings.inbound_mail_domain
    if not domain:
        return None
    return mail_addresses.reply_address(
        slug, domain, actor.settings.jwt_secret, actor.tenant_id, ticket.id, ticket.number
    )


async def recipient_of(actor: Actor, ticket: Ticket, tenant_locale: str) -> Recipient | None:
    """Who hears about the ticket by email (the survey too): its contact, else the
    customer's mail address; None when there is nobody."""
    return await _recipient(actor, ticket, tenant_locale)
