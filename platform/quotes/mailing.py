"""The email a customer gets when a quote is sent: the quote's PDF attached and a link to
accept or decline it in the portal, in the customer's language (else the tenant's), under
the seller's letterhead. The `quote.sent` handler sends it once the sending committed."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid

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


async def email_sent_quote(
    actor: Actor, quote_id: uuid.UUID, version_number: int, event_id: uuid.UUID
) -> bool:
    """Email the sent version (system work for the event handler); False when there is
    nobody to write to. The event keys the message, so a repeated delivery is the same
    message to the receiver."""
    quote = await actor.session.get(Quote, (actor.tenant_id, quote_id))
    address = await customers.mail_address_of_customer(actor, quote.customer_id) if quote else None
    if quote is None or not address:
        return False
    version = await _version(actor, quote, version_number)
    tenant = await tenants.current_tenant(actor)
    customer = await customers.customer_for_system(actor, quote.customer_id)
    locale = await customers.mail_locale_of_customer(actor, quote.customer_id) or tenant.locale
    name = customer.name if customer else ""
    link = portal_link(actor, tenant.slug, quote.id)
    valid = version.valid_until.isoformat() if version else quote.valid_until.isoformat()
    if is_chinese(locale):
        subject = f"{tenant.name} 报价单 {quote.number}"
        body = Body(
            [
                f"{name}，您好：",
                f"{tenant.name} 向您发送了报价单 {quote.number}，有效期至 {valid}。",
            ],
            link,
            "在客户门户中查看并接受",
        )
    else:
        subject = f"Quote {quote.number} from {tenant.name}"
        body = Body(
            [
                f"Hello {name},",
                f"{tenant.name} sent you quote {quote.number}, valid until {valid}.",
            ],
            link,
            "Review and accept it in the portal",
        )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        body,
        to=address,
        subject=subject,
        message_key=f"{event_id}.quote-sent",
        attachments=await _attachments(actor, quote, version),
    )
    return True


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
