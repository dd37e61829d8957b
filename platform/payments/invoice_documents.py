"""What an invoice is, and what every way of issuing one shares: the kinds, bases and
statuses, what is still due, an order's live invoices, writing a numbered document with its
lines and announcing it, keeping paid amounts in step with payments, and reaching one
invoice through core.access (staff with invoices:read within their data scope, through the
customer; a portal contact their own customer's with access.PORTAL). Lock order: the order,
then its receivables, then its invoices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select

import audit.services as audit
import tenants.services as tenants
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode
from core.ids import new_id
from core.outbox import emit
from payments import customer_facts, invoice_math, order_facts
from payments.events import InvoiceIssued
from payments.invoice_math import DraftLine
from payments.models import Invoice, InvoiceLine, Receivable
from payments.numbering import DocumentKind, next_number
from payments.order_facts import OrderFacts
from tenants import read_branding, seller_details

MAX_REASON = 2000
ZERO = Decimal(0)
# An order is billed once it is confirmed, and until it is cancelled.
INVOICEABLE_STATUSES = (
    "confirmed",
    "awaiting_payment",
    "paid",
    "ready_to_ship",
    "shipped",
    "delivered",
    "completed",
)


class Kind(str, Enum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class Basis(str, Enum):
    ORDER = "order"
    INSTALMENT = "instalment"
    SHIPMENT = "shipment"
    REFUND = "refund"
    RETURN = "return"
    ADJUSTMENT = "adjustment"


class Status(str, Enum):
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOID = "void"


INVOICE_BASES = (Basis.ORDER, Basis.INSTALMENT, Basis.SHIPMENT)
CREDIT_BASES = (Basis.RETURN, Basis.ADJUSTMENT)


def amount_due(invoice: Invoice) -> Decimal:
    """What is still owed on an invoice: total - paid - credited, never below zero."""
    if invoice.kind != Kind.INVOICE.value or invoice.status == Status.VOID.value:
        return ZERO
    return max(invoice.total - invoice.amount_paid - invoice.amount_credited, ZERO)


# --- loading ---------------------------------------------------------------------------------


async def live_invoices(actor: Actor, order_id: uuid.UUID, lock: bool = False) -> list[Invoice]:
    """The order's invoices (not credit notes) that are not void, first issued first."""
    statement = (
        select(Invoice)
        .where(
            Invoice.tenant_id == actor.tenant_id,
            Invoice.order_id == order_id,
            Invoice.kind == Kind.INVOICE.value,
            Invoice.status != Status.VOID.value,
        )
        .order_by(Invoice.created_at, Invoice.number)
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return list((await actor.session.scalars(statement)).all())


async def receivables_of_order(actor: Actor, order_id: uuid.UUID) -> list[Receivable]:
    return list(
        (
            await actor.session.scalars(
                select(Receivable)
                .where(Receivable.tenant_id == actor.tenant_id, Receivable.order_id == order_id)
                .order_by(Receivable.sequence)
            )
        ).all()
    )


# --- paid amounts ----------------------------------------------------------------------------


async def refresh_order_invoices(actor: Actor, order_id: uuid.UUID) -> None:
    """Recompute paid amounts and statuses of the order's live invoices from its payments:
    an instalment invoice follows its receivable, a whole-order invoice the order, shipment
    invoices share the order's paid amount, first issued first."""
    live = await live_invoices(actor, order_id, lock=True)
    order = await order_facts.order_for_system(actor, order_id) if live else None
    if order is None:
        return
    receivables = {r.id: r for r in await receivables_of_order(actor, order_id)}
    shipment_invoices = [i for i in live if i.basis == Basis.SHIPMENT.value]
    shares = dict(
        zip(
            [i.id for i in shipment_invoices],
            invoice_math.share_in_order(order.amount_paid, [i.total for i in shipment_invoices]),
            strict=True,
        )
    )
    for invoice in live:
        if invoice.basis == Basis.INSTALMENT.value and invoice.receivable_id in receivables:
            paid = receivables[invoice.receivable_id].amount_paid
        elif invoice.basis == Basis.SHIPMENT.value:
            paid = shares[invoice.id]
        else:
            paid = order.amount_paid
        paid = max(min(paid, invoice.total), ZERO)
        status = _status_with(invoice, paid)
        if paid != invoice.amount_paid or status != invoice.status:
            invoice.amount_paid, invoice.status = paid, status
            invoice.updated_at = datetime.now(UTC)


def _status_with(invoice: Invoice, paid: Decimal) -> str:
    if paid + invoice.amount_credited >= invoice.total:
        return Status.PAID.value
    return Status.PARTIALLY_PAID.value if paid > 0 else Status.ISSUED.value


# --- writing a document ----------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """What a new invoice or credit note is, before it takes its number."""

    kind: Kind
    basis: Basis
    order: OrderFacts
    lines: list[DraftLine]
    due_date: date | None = None
    receivable_id: uuid.UUID | None = None
    shipment_id: uuid.UUID | None = None
    refund_id: uuid.UUID | None = None
    credited: Invoice | None = None
    reason: str | None = None


async def _seller(actor: Actor, customer_id: uuid.UUID) -> dict[str, str]:
    """The seller as the document prints it for good: name, branding, the tenant's default
    language and the document's (the customer's contacts' choice, else the default)."""
    tenant = await tenants.current_tenant(actor)
    branding = seller_details(await read_branding(actor))
    language = await customer_facts.customer_language(actor, customer_id) or tenant.locale
    return {"name": tenant.name, "locale": tenant.locale, "language": language, **branding}


def _address(values: dict[str, Any] | None) -> dict[str, str]:
    return {key: str(value) for key, value in (values or {}).items() if value not in (None, "")}


def _bill_to(order: OrderFacts, email: str | None) -> dict[str, str]:
    values = {"name": order.customer_name}
    if email:
        values["email"] = email
    return {**values, **_address(order.bill_to)}


async def write(actor: Actor, document: Document) -> Invoice:
    """Number and store a new invoice or credit note with its lines."""
    order = document.order
    totals = invoice_math.totals(document.lines)
    kind: DocumentKind = "invoice" if document.kind is Kind.INVOICE else "credit_note"
    invoice = Invoice(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=await next_number(actor, kind),
        kind=document.kind.value,
        basis=document.basis.value,
        order_id=order.id,
        order_number=order.number,
        customer_id=order.customer_id,
        customer_name=order.customer_name,
        receivable_id=document.receivable_id,
        shipment_id=document.shipment_id,
        refund_id=document.refund_id,
        credited_invoice_id=document.credited.id if document.credited else None,
        currency=order.currency,
        subtotal=totals.subtotal,
        discount_total=totals.discount_total,
        tax_total=totals.tax_total,
        total=totals.total,
        amount_paid=ZERO,
        amount_credited=ZERO,
        tax_breakdown=invoice_math.tax_breakdown(document.lines),
        status=Status.ISSUED.value,
        issued_on=datetime.now(UTC).date(),
        due_date=document.due_date,
        seller=await _seller(actor, order.customer_id),
        bill_to=_bill_to(order, await customer_facts.customer_email(actor, order.customer_id)),
        ship_to=_address(order.ship_to) or None,
        reason=document.reason,
        issued_by_id=actor.principal.subject_id if actor.principal else None,
        issued_by_label=actor.actor_label,
    )
    actor.session.add(invoice)
    actor.session.add_all(
        InvoiceLine(
            tenant_id=actor.tenant_id,
            id=new_id(),
            invoice_id=invoice.id,
            line_no=index,
            order_line_id=line.order_line_id,
            sku_code=line.sku_code,
            description=line.description[:300],
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax_rate,
            subtotal=line.subtotal,
            discount=line.discount,
            tax=line.tax,
            total=line.total,
        )
        for index, line in enumerate(document.lines, start=1)
    )
    await actor.session.flush()
    return invoice


async def announce(actor: Actor, invoice: Invoice, send_email: bool) -> None:
    """Audit a new document and emit invoice.issued (emailed when `send_email`)."""
    await audit.record(
        actor, f"invoices.issue_{invoice.kind}", "invoice", invoice.id, after=summary(invoice)
    )
    await emit(
        actor,
        InvoiceIssued(
            invoice_id=invoice.id,
            number=invoice.number,
            kind=invoice.kind,
            order_id=invoice.order_id,
            customer_id=invoice.customer_id,
            total=invoice.total,
            currency=invoice.currency,
            send_email=send_email,
        ),
    )


def summary(invoice: Invoice) -> dict[str, Any]:
    return {
        "number": invoice.number,
        "kind": invoice.kind,
        "basis": invoice.basis,
        "order": invoice.order_number,
        "total": str(invoice.total),
        "currency": invoice.currency,
        "status": invoice.status,
    }


# --- reaching one ---------------------------------------------------------------------------


async def reachable_invoice(
    actor: Actor, invoice_id: uuid.UUID, action: str = "read", field: str = "invoiceId"
) -> Invoice:
    """An invoice the actor reaches with `action` (a portal contact with access.PORTAL:
    their own customer's), or the user error NOT_FOUND on `field`."""
    found = await actor.session.scalar(
        (await access.restrict(actor, Invoice, action)).where(Invoice.id == invoice_id)
    )
    if found is None:
        raise BusinessRuleError.single(CommonErrorCode.NOT_FOUND, "No such invoice.", field)
    return found


async def locked_invoice(actor: Actor, invoice_id: uuid.UUID, field: str) -> Invoice:
    """An invoice the caller may read, locked after its order."""
    found = await reachable_invoice(actor, invoice_id, "read", field)
    await order_facts.lock_order(actor, found.order_id)
    invoice = await actor.session.scalar(
        select(Invoice)
        .where(Invoice.tenant_id == actor.tenant_id, Invoice.id == invoice_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert invoice is not None
    return invoice


async def live_credit_notes(actor: Actor, invoice_id: uuid.UUID) -> list[Invoice]:
    return list(
        (
            await actor.session.scalars(
                select(Invoice).where(
                    Invoice.tenant_id == actor.tenant_id,
                    Invoice.credited_invoice_id == invoice_id,
                    Invoice.kind == Kind.CREDIT_NOTE.value,
                    Invoice.status != Status.VOID.value,
                )
            )
        ).all()
    )
