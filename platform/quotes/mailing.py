"""The email a customer's contacts get when a quote is sent: the quote's PDF attached and a
link to accept or decline it in the portal, in each contact's language (else the tenant's),
under the seller's letterhead. The `quote.sent` handler sends it once the sending
committed."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

import customer_notices.services as customer_notices
import customers.services as customers
import files.services as files
import tenants.services as tenants
from core.context import Actor
from core.mail import Attachment
from core.mail_layout import Body, send_branded
from notifications import is_chinese
from quotes import quote_pdf
from quotes.models import Quote, QuoteVersion


def portal_link(actor: Actor, tenant_slug: str, quote_id: uuid.UUID) -> str:
    return f"{actor.settings.public_url}/portal/{tenant_slug}/quotes/{quote_id}"


@dataclass(frozen=True)
class Recipient:
    key: str
    email: str
    name: str
    locale: str


async def _recipients(actor: Actor, quote: Quote, tenant_locale: str) -> list[Recipient]:
    """The customer's contacts who use the portal (where the link leads), each in their
    language; without any, the customer's own mail address."""
    [contacts] = await customers.contacts_of_customers(actor, [quote.customer_id])
    portal = [c for c in contacts if c.portal_enabled and c.email]
    if portal:
        return [Recipient(str(c.id), c.email, c.name, c.locale or tenant_locale) for c in portal]
    address = await customers.mail_address_of_customer(actor, quote.customer_id)
    customer = await customers.customer_for_system(actor, quote.customer_id)
    if not address or customer is None:
        return []
    locale = await customers.mail_locale_of_customer(actor, quote.customer_id)
    return [Recipient("customer", address, customer.name, locale or tenant_locale)]


def _email(
    recipient: Recipient, tenant_name: str, number: str, valid: str, link: str
) -> tuple[str, Body]:
    name = recipient.name
    if is_chinese(recipient.locale):
        return (
            f"{tenant_name} 报价单 {number}",
            Body(
                [
                    f"{name}，您好：",
                    f"{tenant_name} 向您发送了报价单 {number}，有效期至 {valid}。",
                ],
                link,
                "在客户门户中查看并接受",
            ),
        )
    return (
        f"Quote {number} from {tenant_name}",
        Body(
            [f"Hello {name},", f"{tenant_name} sent you quote {number}, valid until {valid}."],
            link,
            "Review and accept it in the portal",
        ),
    )


async def email_sent_quote(
    actor: Actor, quote_id: uuid.UUID, version_number: int, event_id: uuid.UUID
) -> int:
    """Email the sent version to the customer's portal contacts (system work for the event
    handler); how many were written to. The event and the contact key each message, so a
    repeated delivery is the same message to its receiver."""
    quote = await actor.session.get(Quote, (actor.tenant_id, quote_id))
    if quote is None:
        return 0
    tenant = await tenants.current_tenant(actor)
    recipients = await _recipients(actor, quote, tenant.locale)
    if not recipients:
        return 0
    version = await _version(actor, quote, version_number)
    valid = (version.valid_until if version else quote.valid_until).isoformat()
    link = portal_link(actor, tenant.slug, quote.id)
    letterhead = await customer_notices.email_letterhead(actor)
    attachments = await _attachments(actor, quote, version)
    for recipient in recipients:
        subject, body = _email(recipient, tenant.name, quote.number, valid, link)
        await send_branded(
            actor.settings,
            letterhead,
            body,
            to=recipient.email,
            subject=subject,
            message_key=f"{event_id}.quote-sent.{recipient.key}",
            attachments=attachments,
        )
    return len(recipients)


async def _version(actor: Actor, quote: Quote, number: int) -> QuoteVersion | None:
    return await actor.session.scalar(
        select(QuoteVersion).where(
            QuoteVersion.tenant_id == quote.tenant_id,
            QuoteVersion.quote_id == quote.id,
            QuoteVersion.version == number,
        )
    )


async def _attachments(
    actor: Actor, quote: Quote, version: QuoteVersion | None
) -> tuple[Attachment, ...]:
    if version is None or version.pdf_file_id is None:
        return ()
    found = await files.signed_file(actor, version.pdf_file_id)
    return (
        Attachment(
            quote_pdf.file_name(quote.number, version.version), found.content, "application", "pdf"
        ),
    )
