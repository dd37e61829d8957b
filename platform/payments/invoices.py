"""Invoices: issuing one for a whole order, one instalment or one shipment (invoices:issue);
voiding (invoices:void); emailing it again; and the readers (invoices:read within the data
scope, through the customer; a portal contact their own customer's with access.PORTAL).
What every document shares lives in invoice_documents.py, credit notes in credit_notes.py."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

import audit.services as audit
import customers.services as customers
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, NotFound, UserError
from core.outbox import emit
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind
from payments import invoice_documents as docs
from payments import invoice_math, order_facts
from payments.errors import InvoiceErrorCode
from payments.events import InvoiceSendRequested
from payments.invoice_documents import (
    INVOICE_BASES,
    INVOICEABLE_STATUSES,
    MAX_REASON,
    ZERO,
    Basis,
    Document,
    Kind,
    Status,
)
from payments.models import Invoice, InvoiceLine, Receivable
from payments.order_facts import OrderFacts, ShipmentFacts

NEWEST_SHOWN = 200


# --- issuing an invoice ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvoice:
    order_id: uuid.UUID
    basis: Basis
    receivable_id: uuid.UUID | None = None
    shipment_id: uuid.UUID | None = None
    send_email: bool = True


def check_basis(data: NewInvoice, live: list[Invoice]) -> list[UserError]:
    """The billing-way rules: an order is billed whole, per instalment or per shipment."""
    if data.basis not in INVOICE_BASES:
        return [
            UserError(
                InvoiceErrorCode.BASIS_NOT_ALLOWED,
                "Invoices bill a whole order, an instalment or a shipment.",
                ("basis",),
            )
        ]
    if any(i.basis != data.basis.value for i in live):
        return [
            UserError(
                InvoiceErrorCode.MIXED_INVOICING,
                f"The order is already invoiced "
                f"{'as a whole' if live[0].basis == 'order' else 'per ' + live[0].basis}"
                "; void those invoices to bill it another way.",
                ("basis",),
            )
        ]
    if data.basis is Basis.ORDER and live:
        return [
            UserError(
                InvoiceErrorCode.ALREADY_INVOICED,
                f"The order is already invoiced on {live[0].number}.",
                ("orderId",),
            )
        ]
    if data.basis is Basis.INSTALMENT and data.receivable_id is None:
        return [
            UserError(
                InvoiceErrorCode.RECEIVABLE_REQUIRED,
                "Choose the instalment to invoice.",
                ("receivableId",),
            )
        ]
    if data.basis is Basis.SHIPMENT and data.shipment_id is None:
        return [
            UserError(
                InvoiceErrorCode.SHIPMENT_REQUIRED,
                "Choose the shipment to invoice.",
                ("shipmentId",),
            )
        ]
    return []


async def _locked_order(actor: Actor, order_id: uuid.UUID) -> OrderFacts:
    """The order to invoice: one the caller may read, then locked."""
    order = await order_facts.visible_order(actor, order_id)
    locked = await order_facts.lock_order(actor, order_id) if order is not None else None
    if locked is None:
        raise BusinessRuleError.single(CommonErrorCode.NOT_FOUND, "No such order.", "orderId")
    return locked


async def issue_invoice(actor: Actor, data: NewInvoice) -> Invoice:
    """Issue an invoice for a confirmed order: the whole order, one of its instalments or
    one of its shipments. The order's row lock serialises concurrent issues for one order."""
    await actor.require("invoices", "issue")
    order = await _locked_order(actor, data.order_id)
    if order.status not in INVOICEABLE_STATUSES:
        raise BusinessRuleError.single(
            InvoiceErrorCode.ORDER_NOT_INVOICEABLE,
            f"Order {order.number} is "
            f"{order.status.replace('_', ' ')}; orders are invoiced "
            "once confirmed and until cancelled.",
            "orderId",
        )
    live = await docs.live_invoices(actor, order.id)
    errors = check_basis(data, live)
    if errors:
        raise BusinessRuleError(*errors)
    if data.basis is Basis.INSTALMENT:
        document = await _instalment_document(actor, order, live, data.receivable_id)
    elif data.basis is Basis.SHIPMENT:
        document = await _shipment_document(actor, order, live, data.shipment_id)
    else:
        receivables = await docs.receivables_of_order(actor, order.id)
        dues = [r.due_date for r in receivables if r.due_date and r.status != "void"]
        document = Document(
            Kind.INVOICE,
            Basis.ORDER,
            order,
            invoice_math.whole_order_lines(await order_facts.order_lines(actor, order.id)),
            due_date=max(dues) if dues else None,
        )
    invoice = await docs.write(actor, document)
    await docs.refresh_order_invoices(actor, order.id)
    await docs.announce(actor, invoice, data.send_email)
    return invoice


async def _instalment_document(
    actor: Actor, order: OrderFacts, live: list[Invoice], receivable_id: uuid.UUID | None
) -> Document:
    receivable = await actor.session.scalar(
        select(Receivable).where(
            Receivable.tenant_id == actor.tenant_id, Receivable.id == receivable_id
        )
    )
    if receivable is None or receivable.order_id != order.id:
        raise BusinessRuleError.single(
            InvoiceErrorCode.NOT_OF_ORDER,
            "The instalment is not one of the order's.",
            "receivableId",
        )
    if receivable.status == "void":
        raise BusinessRuleError.single(
            InvoiceErrorCode.NOT_OF_ORDER,
            "The instalment was voided with its order.",
            "receivableId",
        )
    if any(i.receivable_id == receivable.id for i in live):
        raise BusinessRuleError.single(
            InvoiceErrorCode.ALREADY_INVOICED, "The instalment is already invoiced.", "receivableId"
        )
    weights = invoice_math.gross_by_rate(await order_facts.order_lines(actor, order.id))
    lines = invoice_math.gross_lines(
        receivable.amount, weights, f"{receivable.label} — order {order.number}", order.currency
    )
    return Document(
        Kind.INVOICE,
        Basis.INSTALMENT,
        order,
        lines,
        due_date=receivable.due_date,
        receivable_id=receivable.id,
    )


async def _shipment_document(
    actor: Actor, order: OrderFacts, live: list[Invoice], shipment_id: uuid.UUID | None
) -> Document:
    shipments = await order_facts.shipments_of_order(actor, order.id)
    shipment = next((s for s in shipments if s.id == shipment_id), None)
    if shipment is None:
        raise BusinessRuleError.single(
            InvoiceErrorCode.NOT_OF_ORDER, "The shipment is not one of the order's.", "shipmentId"
        )
    if any(i.shipment_id == shipment.id for i in live):
        raise BusinessRuleError.single(
            InvoiceErrorCode.ALREADY_INVOICED,
            f"Shipment {shipment.number} is already invoiced.",
            "shipmentId",
        )
    earlier = [s.id for s in shipments if s.seq < shipment.seq]
    shipped = await order_facts.shipped_quantities(actor, [*earlier, shipment.id])
    before: dict[uuid.UUID | None, Decimal] = defaultdict(Decimal)
    for earlier_id in earlier:
        for order_line_id, quantity in shipped[earlier_id].items():
            before[order_line_id] += quantity
    now = shipped[shipment.id]
    lines = invoice_math.shipment_lines(
        await order_facts.order_lines(actor, order.id), before, now, order.currency
    )
    return Document(Kind.INVOICE, Basis.SHIPMENT, order, lines, shipment_id=shipment.id)


# --- voiding ---------------------------------------------------------------------------------


async def void_invoice(actor: Actor, invoice_id: uuid.UUID, reason: str) -> Invoice:
    """Void an invoice nobody paid and no credit note credits (it frees what it billed to be
    invoiced again), or void a credit note (its credit is given back to its invoice)."""
    await actor.require("invoices", "void")
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError.single(
            InvoiceErrorCode.REASON_REQUIRED, "Say why it is voided.", "reason"
        )
    invoice = await docs.locked_invoice(actor, invoice_id, "invoiceId")
    if invoice.status == Status.VOID.value:
        raise BusinessRuleError.single(
            InvoiceErrorCode.ALREADY_VOID, f"{invoice.number} is already void.", "invoiceId"
        )
    if invoice.kind == Kind.INVOICE.value:
        if invoice.amount_paid > 0:
            raise BusinessRuleError.single(
                InvoiceErrorCode.INVOICE_HAS_PAYMENTS,
                f"{invoice.number} is (partly) paid: credit it instead.",
                "invoiceId",
            )
        if await docs.live_credit_notes(actor, invoice.id):
            raise BusinessRuleError.single(
                InvoiceErrorCode.HAS_CREDIT_NOTES,
                f"{invoice.number} has credit notes; void them first.",
                "invoiceId",
            )
    elif invoice.credited_invoice_id is not None:
        credited = await actor.session.get(
            Invoice, (actor.tenant_id, invoice.credited_invoice_id), with_for_update=True
        )
        if credited is not None:
            credited.amount_credited = max(credited.amount_credited - invoice.total, ZERO)
    before = docs.summary(invoice)
    invoice.status, invoice.void_reason = Status.VOID.value, reason[:MAX_REASON]
    invoice.voided_at = invoice.updated_at = datetime.now(UTC)
    await docs.refresh_order_invoices(actor, invoice.order_id)
    await audit.record(
        actor,
        "invoices.void",
        "invoice",
        invoice.id,
        before=before,
        after={**docs.summary(invoice), "reason": invoice.void_reason},
    )
    return invoice


# --- email -----------------------------------------------------------------------------------


async def request_send(actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    """Email an invoice (again) to its customer; the worker sends it."""
    await actor.require("invoices", "issue")
    invoice = await docs.reachable_invoice(actor, invoice_id)
    if await customers.mail_address_of_customer(actor, invoice.customer_id) is None:
        raise BusinessRuleError.single(
            InvoiceErrorCode.NO_CUSTOMER_EMAIL,
            f"{invoice.customer_name} has no email address, nor any contact with one.",
            "invoiceId",
        )
    await emit(actor, InvoiceSendRequested(invoice_id=invoice.id, number=invoice.number))
    return invoice


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceFilter:
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    kind: Kind | None = None
    status: Status | None = None
    # Part of the invoice number, case-insensitive ("000123" finds INV-000123).
    number: str | None = None


async def list_invoices(
    actor: Actor, flt: InvoiceFilter, first: int | None, after: str | None
) -> Page[Invoice]:
    statement = await access.restrict(actor, Invoice)
    if flt.customer_id is not None:
        statement = statement.where(Invoice.customer_id == flt.customer_id)
    if flt.order_id is not None:
        statement = statement.where(Invoice.order_id == flt.order_id)
    if flt.kind is not None:
        statement = statement.where(Invoice.kind == flt.kind.value)
    if flt.status is not None:
        statement = statement.where(Invoice.status == flt.status.value)
    if flt.number and flt.number.strip():
        statement = statement.where(Invoice.number.icontains(flt.number.strip(), autoescape=True))
    return await keyset_page(
        actor.session, statement, [Invoice.created_at, Invoice.id], first=first, after=after
    )


async def invoices_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Invoice | None]:
    return await access.rows_by_id(actor, Invoice, ids)


async def invoice_by_number(actor: Actor, number: str) -> Invoice | None:
    """The invoice or credit note with this number when the caller may read it, as
    `invoices_by_id` decides; None when it is missing, another tenant's or out of reach."""
    statement = (await access.restrict(actor, Invoice)).where(Invoice.number == number.strip())
    return await actor.session.scalar(statement)


async def lines_of_invoices(actor: Actor, invoice_ids: list[uuid.UUID]) -> list[list[InvoiceLine]]:
    """Lines of invoices the caller already read (a DataLoader batch)."""
    rows = (
        await actor.session.scalars(
            select(InvoiceLine)
            .where(
                InvoiceLine.tenant_id == actor.tenant_id, InvoiceLine.invoice_id.in_(invoice_ids)
            )
            .order_by(InvoiceLine.line_no)
        )
    ).all()
    grouped: dict[uuid.UUID, list[InvoiceLine]] = defaultdict(list)
    for row in rows:
        grouped[row.invoice_id].append(row)
    return [grouped[i] for i in invoice_ids]


async def numbers_of_invoices(actor: Actor, invoice_ids: list[uuid.UUID]) -> list[str | None]:
    """Numbers of credited invoices (a DataLoader batch, same tenant)."""
    rows = (
        await actor.session.execute(
            select(Invoice.id, Invoice.number).where(
                Invoice.tenant_id == actor.tenant_id, Invoice.id.in_(invoice_ids)
            )
        )
    ).all()
    found = {row_id: number for row_id, number in rows}
    return [found.get(i) for i in invoice_ids]


@dataclass
class InvoiceOptions:
    order_id: uuid.UUID
    invoiced_as: Basis | None
    can_invoice_whole_order: bool
    instalments: list[Receivable]
    invoiced_receivable_ids: list[uuid.UUID]
    shipments: list[tuple[ShipmentFacts, bool]]


async def invoice_options(actor: Actor, order_id: uuid.UUID) -> InvoiceOptions:
    """How an order can still be billed: the way it is billed so far, its instalments and
    shipments and which of them are invoiced."""
    await actor.require("invoices", "read")
    order = await order_facts.visible_order(actor, order_id)
    if order is None:
        raise NotFound()
    live = await docs.live_invoices(actor, order.id)
    invoiced_shipments = {i.shipment_id for i in live}
    shipments = await order_facts.shipments_of_order(actor, order.id)
    return InvoiceOptions(
        order_id=order.id,
        invoiced_as=Basis(live[0].basis) if live else None,
        can_invoice_whole_order=not live and order.status in INVOICEABLE_STATUSES,
        instalments=await docs.receivables_of_order(actor, order.id),
        invoiced_receivable_ids=[i.receivable_id for i in live if i.receivable_id],
        shipments=[(s, s.id in invoiced_shipments) for s in shipments],
    )


@dataclass
class InvoiceDocument:
    invoice: Invoice
    lines: list[InvoiceLine]
    credited_number: str | None


def reading_action(actor: Actor) -> str:
    """How the caller reads invoices: staff within their scope, a portal contact their own
    customer's (access.PORTAL)."""
    return access.PORTAL if actor.require_principal().kind is PrincipalKind.PORTAL else "read"


async def invoice_document(actor: Actor, invoice_id: uuid.UUID) -> InvoiceDocument:
    """An invoice with its lines for its PDF, as the caller reads invoices; NOT_FOUND for
    anything else."""
    invoice = await access.get_scoped(actor, Invoice, invoice_id, reading_action(actor))
    [lines] = await lines_of_invoices(actor, [invoice.id])
    credited = None
    if invoice.credited_invoice_id is not None:
        [credited] = await numbers_of_invoices(actor, [invoice.credited_invoice_id])
    return InvoiceDocument(invoice, lines, credited)


async def newest_invoices(actor: Actor, action: str = "read") -> list[Invoice]:
    """The newest invoices and credit notes the actor reaches with `action` (the portal's
    list: access.PORTAL), at most NEWEST_SHOWN."""
    statement = (await access.restrict(actor, Invoice, action)).order_by(
        Invoice.created_at.desc(), Invoice.number.desc()
    )
    return list((await actor.session.scalars(statement.limit(NEWEST_SHOWN))).all())
