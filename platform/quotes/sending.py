"""Sending a quote: its current version is frozen, drawn as a PDF, stored through the files
storage and attached to the version; the quote is then sent, scheduled to expire after its
validity date, and the customer is emailed (by the `quote.sent` handler, after commit)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

import audit.services as audit
import catalog.services as catalog
import customers.services as customers
import files.services as files
import tenants.services as tenants
from core.context import Actor
from core.errors import BusinessRuleError
from core.outbox import emit
from files import FilePurpose
from quotes import quote_pdf, rules
from quotes.drafting import current_version, locked_quote, now, summary
from quotes.errors import QuoteErrorCode
from quotes.events import QuoteSent
from quotes.models import Quote, QuoteExpiryDue, QuoteLine, QuoteVersion
from quotes.rules import QuoteStatus, error


async def version_lines(actor: Actor, version: QuoteVersion) -> list[QuoteLine]:
    """A version's lines by number (the caller reached the version)."""
    rows = await actor.session.scalars(
        select(QuoteLine)
        .where(QuoteLine.tenant_id == version.tenant_id, QuoteLine.version_id == version.id)
        .order_by(QuoteLine.line_no)
    )
    return list(rows.all())


async def document_of(actor: Actor, quote: Quote, version: QuoteVersion) -> quote_pdf.QuoteDocument:
    tenant = await tenants.current_tenant(actor)
    customer = await customers.customer_for_system(actor, quote.customer_id)
    locale = await customers.mail_locale_of_customer(actor, quote.customer_id)
    return quote_pdf.QuoteDocument(
        seller=tenant.name,
        number=quote.number,
        version=version.version,
        customer=customer.name if customer else "",
        valid_until=version.valid_until,
        currency=version.currency,
        lines=[
            quote_pdf.PdfLine(
                description=line.description,
                sku_code=line.sku_code,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                line_total=line.line_total,
                billing_period=line.billing_period,
            )
            for line in await version_lines(actor, version)
        ],
        subtotal=version.subtotal,
        tax_total=version.tax_total,
        total=version.total,
        notes=version.notes,
        language=locale or tenant.locale,
        contract_months=quote.contract_initial_term_months if quote.contract_requested else None,
        contract_start=quote.contract_start_date if quote.contract_requested else None,
    )


async def _store_pdf(actor: Actor, quote: Quote, version: QuoteVersion) -> uuid.UUID:
    document = await document_of(actor, quote, version)
    content = quote_pdf.render(document, actor.settings)
    stored = await files.store_upload(
        actor,
        files.Upload(
            FilePurpose.QUOTE_DOCUMENT.value,
            quote_pdf.file_name(quote.number, version.version),
            content,
        ),
    )
    await files.claim_files(
        actor,
        files.Claim(
            file_ids=[stored.id],
            purpose=FilePurpose.QUOTE_DOCUMENT,
            subject_kind="quote_version",
            subject_id=version.id,
            customer_id=quote.customer_id,
            field=("quoteId",),
        ),
    )
    return stored.id


async def send_quote(actor: Actor, quote_id: uuid.UUID) -> Quote:
    """Send the draft version to the customer (quotes:write): valid today or later, frozen
    from now on, with its PDF; the customer is emailed a link to it in the portal."""
    quote = await locked_quote(actor, quote_id)
    if quote.status != QuoteStatus.DRAFT.value:
        raise BusinessRuleError(
            error(QuoteErrorCode.NOT_A_DRAFT, f"Quote {quote.number} was sent already.", "quoteId")
        )
    today = await catalog.today(actor)
    if rules.is_past_validity(quote.valid_until, today):
        raise BusinessRuleError(
            error(QuoteErrorCode.VALIDITY_IN_PAST, "The quote must be valid today.", "validUntil")
        )
    before = summary(quote)
    version = await current_version(actor, quote)
    version.pdf_file_id = await _store_pdf(actor, quote, version)
    version.sent_at = quote.updated_at = now()
    # The conversion figure counts a quote in the period it was first sent.
    quote.sent_at = quote.sent_at or version.sent_at
    quote.status = QuoteStatus.SENT.value
    actor.session.add(
        QuoteExpiryDue(tenant_id=quote.tenant_id, quote_id=quote.id, valid_until=quote.valid_until)
    )
    await actor.session.flush()
    await audit.record(actor, "quotes.send", "quote", quote.id, before=before, after=summary(quote))
    await emit(
        actor,
        QuoteSent(
            quote_id=quote.id,
            number=quote.number,
            customer_id=quote.customer_id,
            version=version.version,
            total=version.total,
            currency=version.currency,
        ),
    )
    return quote
