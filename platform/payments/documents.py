"""The HTTP route an invoice or credit note's PDF is downloaded from, as a file named by
its number (INV-000123.pdf). It authenticates like
GraphQL requests (the same context getter: bearer token, rate limit, principal verified in
the request's read transaction); staff need invoices:read and the customer in their data
scope, a portal customer gets its own documents; anything else is 404."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from litestar import Request, Response, get

from core.context import Actor, Services
from core.errors import Forbidden, NotFound
from core.gql.context import OrbitContext
from payments import invoice_pdf, invoices
from tenants import read_branding, read_logo, seller_details

log = structlog.get_logger("orbit.payments")


async def letterhead(actor: Actor) -> invoice_pdf.Letterhead:
    """The seller's current logo and branding, for drawing one of its documents."""
    branding = seller_details(await read_branding(actor))
    return invoice_pdf.Letterhead(logo=await read_logo(actor), branding=branding)


@get("/documents/invoices/{document:str}", include_in_schema=False)
async def invoice_pdf_download(
    request: Request[Any, Any, Any], document: str, request_context: OrbitContext
) -> Response[Any]:
    """`/documents/invoices/<invoice row id>.pdf`; `request_context` is provided by the
    composition root with the GraphQL context getter."""
    stem, dot, extension = document.rpartition(".")
    try:
        if not dot or extension.lower() != "pdf":
            raise ValueError(document)
        invoice_id = uuid.UUID(stem)
    except ValueError as error:
        raise NotFound() from error
    services: Services = request.app.state.services
    actor = await request_context.reader()
    try:
        found = await invoices.invoice_document(actor, invoice_id)
    except Forbidden as error:  # no invoices:read: the same answer as a missing one
        raise NotFound() from error
    try:
        pdf = invoice_pdf.render(
            found.invoice,
            found.lines,
            found.credited_number,
            services.settings,
            await letterhead(actor),
        )
    except invoice_pdf.FontMissing as missing:
        log.error("invoice.pdf_font_missing", reason=str(missing))
        return Response(
            {"error": "invoice PDFs are unavailable", "reason": str(missing)}, status_code=503
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{invoice_pdf.file_name(found.invoice)}"',
            "Cache-Control": "private, no-store",
        },
    )
