"""Invoices and credit notes: issuing an invoice for a whole order, one instalment or one
shipment; voiding; crediting by lines or by amount; the credit note a refund writes; keeping
paid amounts in step with payments; and the readers (staff within their data scope, the
portal customer its own). Reading needs invoices:read, issuing invoices:issue, voiding
invoices:void. Lock order: the order, then its receivables, then its invoices."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, select

import audit.services as audit
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.money import AMOUNT, QUANTITY, check_decimal, minor_units
from core.outbox import emit
from core.tenancy import PrincipalKind
from customers.access import visible_customers
from customers.models import Customer
from orders.models import Order, OrderLine
from payments import invoice_math, notices
from payments.invoice_math import DraftLine, SourceLine
from payments.models import Invoice, InvoiceLine, Payment, PaymentAllocation, Receivable, Refund
from payments.numbering import DocumentKind, next_number
from shipping.models import Shipment, ShipmentLine
from tenants.models import Tenant

INVOICE_ISSUED = "invoice.issued"
INVOICE_SEND_REQUESTED = "invoice.send_requested"
PORTAL_INVOICES_SHOWN = 200
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


async def _visible_invoices(actor: Actor) -> Select[Invoice]:
    """Invoices of the customers in the actor's data scope (invoices:read)."""
    await actor.require("invoices", "read")
    customers = (await visible_customers(actor)).with_only_columns(Customer.id)
    return select(Invoice).where(
        Invoice.tenant_id == actor.tenant_id, Invoice.customer_id.in_(customers.scalar_subquery())
    )


async def _visible_order(actor: Actor, order_id: uuid.UUID) -> Order:
    customers = (await visible_customers(actor)).with_only_columns(Customer.id)
    order = await actor.session.scalar(
        select(Order).where(
            Order.tenant_id == actor.tenant_id,
            Order.id == order_id,
            Order.customer_id.in_(customers.scalar_subquery()),
        )
    )
    if order is None:
        raise BusinessRuleError.single("NOT_FOUND", "No such order.", "orderId")
    return order


async def _locked_order(actor: Actor, order_id: uuid.UUID) -> Order:
    await _visible_order(actor, order_id)
    return (await orders.lock_orders_for_payment(actor, [order_id]))[order_id]


async def _order_lines(actor: Actor, order_id: uuid.UUID) -> list[OrderLine]:
    return list(
        (
            await actor.session.scalars(
                select(OrderLine)
                .where(OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id == order_id)
                .order_by(OrderLine.line_no)
            )
        ).all()
    )


def _source(line: OrderLine) -> SourceLine:
    return SourceLine(
        order_line_id=line.id,
        sku_code=line.sku_code,
        description=line.description,
        quantity=line.quantity,
        unit_price=line.unit_price,
        tax_rate=line.tax_rate,
        subtotal=line.line_subtotal + line.line_discount,
        discount=line.line_discount,
        tax=line.line_tax,
        total=line.line_total,
    )


async def _live_invoices(actor: Actor, order_id: uuid.UUID, lock: bool = False) -> list[Invoice]:
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


async def _receivables(actor: Actor, order_id: uuid.UUID) -> list[Receivable]:
    return list(
        (
            await actor.session.scalars(
                select(Receivable)
                .where(Receivable.tenant_id == actor.tenant_id, Receivable.order_id == order_id)
                .order_by(Receivable.sequence)
            )
        ).all()
    )


async def _shipments(actor: Actor, order_id: uuid.UUID) -> list[Shipment]:
    return list(
        (
            await actor.session.scalars(
                select(Shipment)
                .where(Shipment.tenant_id == actor.tenant_id, Shipment.order_id == order_id)
                .order_by(Shipment.seq)
            )
        ).all()
    )


# --- paid amounts ----------------------------------------------------------------------------


async def refresh_order_invoices(actor: Actor, order_id: uuid.UUID) -> None:
    """Recompute paid amounts and statuses of the order's live invoices from its payments:
    an instalment invoice follows its receivable, a whole-order invoice the order, shipment
    invoices share the order's paid amount, first issued first."""
    order = await actor.session.get(Order, (actor.tenant_id, order_id))
    if order is None:
        return
    live = await _live_invoices(actor, order_id, lock=True)
    if not live:
        return
    receivables = {r.id: r for r in await _receivables(actor, order_id)}
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
    order: Order
    lines: list[DraftLine]
    due_date: date | None = None
    receivable_id: uuid.UUID | None = None
    shipment_id: uuid.UUID | None = None
    refund_id: uuid.UUID | None = None
    credited: Invoice | None = None
    reason: str | None = None


async def _seller(actor: Actor) -> dict[str, str]:
    tenant = await actor.session.get(Tenant, actor.tenant_id)
    return {"name": tenant.name if tenant else "", "locale": tenant.locale if tenant else "en"}


def _bill_to(order: Order, customer: Customer | None) -> dict[str, str]:
    values = {"name": order.customer_name}
    if customer is not None and customer.email:
        values["email"] = customer.email
    for key, value in (order.bill_to or {}).items():
        if value not in (None, ""):
            values[key] = str(value)
    return values


async def _write(actor: Actor, document: Document) -> Invoice:
    order = document.order
    totals = invoice_math.totals(document.lines)
    customer = await actor.session.get(Customer, (actor.tenant_id, order.customer_id))
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
        seller=await _seller(actor),
        bill_to=_bill_to(order, customer),
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


async def _announce(actor: Actor, invoice: Invoice, send_email: bool) -> None:
    await audit.record(
        actor, f"invoices.issue_{invoice.kind}", "invoice", invoice.id, after=summary(invoice)
    )
    await emit(
        actor,
        INVOICE_ISSUED,
        {
            "invoiceId": str(invoice.id),
            "number": invoice.number,
            "kind": invoice.kind,
            "orderId": str(invoice.order_id),
            "customerId": str(invoice.customer_id),
            "total": str(invoice.total),
            "currency": invoice.currency,
            "sendEmail": send_email,
        },
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
                "BASIS_NOT_ALLOWED",
                "Invoices bill a whole order, an instalment or a shipment.",
                ("basis",),
            )
        ]
    if any(i.basis != data.basis.value for i in live):
        return [
            UserError(
                "MIXED_INVOICING",
                f"The order is already invoiced "
                f"{'as a whole' if live[0].basis == 'order' else 'per ' + live[0].basis}"
                "; void those invoices to bill it another way.",
                ("basis",),
            )
        ]
    if data.basis is Basis.ORDER and live:
        return [
            UserError(
                "ALREADY_INVOICED",
                f"The order is already invoiced on {live[0].number}.",
                ("orderId",),
            )
        ]
    if data.basis is Basis.INSTALMENT and data.receivable_id is None:
        return [
            UserError("RECEIVABLE_REQUIRED", "Choose the instalment to invoice.", ("receivableId",))
        ]
    if data.basis is Basis.SHIPMENT and data.shipment_id is None:
        return [UserError("SHIPMENT_REQUIRED", "Choose the shipment to invoice.", ("shipmentId",))]
    return []


async def issue_invoice(actor: Actor, data: NewInvoice) -> Invoice:
    """Issue an invoice for a confirmed order: the whole order, one of its instalments or
    one of its shipments. The order's row lock serialises concurrent issues for one order."""
    await actor.require("invoices", "issue")
    order = await _locked_order(actor, data.order_id)
    if order.status not in INVOICEABLE_STATUSES:
        raise BusinessRuleError.single(
            "ORDER_NOT_INVOICEABLE",
            f"Order {order.number} is "
            f"{order.status.replace('_', ' ')}; orders are invoiced "
            "once confirmed and until cancelled.",
            "orderId",
        )
    live = await _live_invoices(actor, order.id)
    errors = check_basis(data, live)
    if errors:
        raise BusinessRuleError(*errors)
    if data.basis is Basis.INSTALMENT:
        document = await _instalment_document(actor, order, live, data.receivable_id)
    elif data.basis is Basis.SHIPMENT:
        document = await _shipment_document(actor, order, live, data.shipment_id)
    else:
        receivables = await _receivables(actor, order.id)
        dues = [r.due_date for r in receivables if r.due_date and r.status != "void"]
        document = Document(
            Kind.INVOICE,
            Basis.ORDER,
            order,
            invoice_math.whole_order_lines(
                _source(line) for line in await _order_lines(actor, order.id)
            ),
            due_date=max(dues) if dues else None,
        )
    invoice = await _write(actor, document)
    await refresh_order_invoices(actor, order.id)
    await _announce(actor, invoice, data.send_email)
    return invoice


async def _instalment_document(
    actor: Actor, order: Order, live: list[Invoice], receivable_id: uuid.UUID | None
) -> Document:
    receivable = await actor.session.scalar(
        select(Receivable).where(
            Receivable.tenant_id == actor.tenant_id, Receivable.id == receivable_id
        )
    )
    if receivable is None or receivable.order_id != order.id:
        raise BusinessRuleError.single(
            "NOT_OF_ORDER", "The instalment is not one of the order's.", "receivableId"
        )
    if receivable.status == "void":
        raise BusinessRuleError.single(
            "NOT_OF_ORDER", "The instalment was voided with its order.", "receivableId"
        )
    if any(i.receivable_id == receivable.id for i in live):
        raise BusinessRuleError.single(
            "ALREADY_INVOICED", "The instalment is already invoiced.", "receivableId"
        )
    weights = invoice_math.gross_by_rate(
        _source(line) for line in await _order_lines(actor, order.id)
    )
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
    actor: Actor, order: Order, live: list[Invoice], shipment_id: uuid.UUID | None
) -> Document:
    shipments = await _shipments(actor, order.id)
    shipment = next((s for s in shipments if s.id == shipment_id), None)
    if shipment is None:
        raise BusinessRuleError.single(
            "NOT_OF_ORDER", "The shipment is not one of the order's.", "shipmentId"
        )
    if any(i.shipment_id == shipment.id for i in live):
        raise BusinessRuleError.single(
            "ALREADY_INVOICED", f"Shipment {shipment.number} is already invoiced.", "shipmentId"
        )
    earlier = [s.id for s in shipments if s.seq < shipment.seq]
    shipped = (
        await actor.session.execute(
            select(
                ShipmentLine.shipment_id, ShipmentLine.order_line_id, ShipmentLine.quantity
            ).where(
                ShipmentLine.tenant_id == actor.tenant_id,
                ShipmentLine.shipment_id.in_([*earlier, shipment.id]),
            )
        )
    ).all()
    before: dict[uuid.UUID | None, Decimal] = defaultdict(Decimal)
    now: dict[uuid.UUID | None, Decimal] = defaultdict(Decimal)
    for shipment_of, order_line_id, quantity in shipped:
        (now if shipment_of == shipment.id else before)[order_line_id] += quantity
    lines = invoice_math.shipment_lines(
        [_source(line) for line in await _order_lines(actor, order.id)], before, now, order.currency
    )
    return Document(Kind.INVOICE, Basis.SHIPMENT, order, lines, shipment_id=shipment.id)


# --- voiding ---------------------------------------------------------------------------------


async def _locked_invoice(actor: Actor, invoice_id: uuid.UUID, field: str) -> Invoice:
    """A visible invoice, locked after its order."""
    found = await actor.session.scalar(
        (await _visible_invoices(actor)).where(Invoice.id == invoice_id)
    )
    if found is None:
        raise BusinessRuleError.single("NOT_FOUND", "No such invoice.", field)
    await orders.lock_orders_for_payment(actor, [found.order_id])
    invoice = await actor.session.scalar(
        select(Invoice)
        .where(Invoice.tenant_id == actor.tenant_id, Invoice.id == invoice_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert invoice is not None
    return invoice


async def _live_credit_notes(actor: Actor, invoice_id: uuid.UUID) -> list[Invoice]:
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


async def void_invoice(actor: Actor, invoice_id: uuid.UUID, reason: str) -> Invoice:
    """Void an invoice nobody paid and no credit note credits (it frees what it billed to be
    invoiced again), or void a credit note (its credit is given back to its invoice)."""
    await actor.require("invoices", "void")
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError.single("REASON_REQUIRED", "Say why it is voided.", "reason")
    invoice = await _locked_invoice(actor, invoice_id, "invoiceId")
    if invoice.status == Status.VOID.value:
        raise BusinessRuleError.single(
            "ALREADY_VOID", f"{invoice.number} is already void.", "invoiceId"
        )
    if invoice.kind == Kind.INVOICE.value:
        if invoice.amount_paid > 0:
            raise BusinessRuleError.single(
                "INVOICE_HAS_PAYMENTS",
                f"{invoice.number} is (partly) paid: credit it instead.",
                "invoiceId",
            )
        if await _live_credit_notes(actor, invoice.id):
            raise BusinessRuleError.single(
                "HAS_CREDIT_NOTES",
                f"{invoice.number} has credit notes; void them first.",
                "invoiceId",
            )
    elif invoice.credited_invoice_id is not None:
        credited = await actor.session.get(
            Invoice, (actor.tenant_id, invoice.credited_invoice_id), with_for_update=True
        )
        if credited is not None:
            credited.amount_credited = max(credited.amount_credited - invoice.total, ZERO)
    before = summary(invoice)
    invoice.status, invoice.void_reason = Status.VOID.value, reason[:MAX_REASON]
    invoice.voided_at = invoice.updated_at = datetime.now(UTC)
    await refresh_order_invoices(actor, invoice.order_id)
    await audit.record(
        actor,
        "invoices.void",
        "invoice",
        invoice.id,
        before=before,
        after={**summary(invoice), "reason": invoice.void_reason},
    )
    return invoice


# --- credit notes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditLineInput:
    line_no: int
    quantity: Decimal


@dataclass(frozen=True)
class NewCreditNote:
    invoice_id: uuid.UUID
    basis: Basis
    reason: str
    lines: list[CreditLineInput] | None = None
    amount: Decimal | None = None


def check_credit_header(data: NewCreditNote, currency: str) -> list[UserError]:
    errors = []
    if not data.reason.strip():
        errors.append(UserError("REASON_REQUIRED", "Say why it is credited.", ("reason",)))
    if data.basis not in CREDIT_BASES:
        errors.append(
            UserError(
                "BASIS_NOT_ALLOWED",
                "Credit notes issued by hand are for a return or an adjustment.",
                ("basis",),
            )
        )
    if (data.lines is None) == (data.amount is None) or (data.lines is not None and not data.lines):
        errors.append(
            UserError("LINES_OR_AMOUNT", "Credit either invoice lines or an amount.", ("lines",))
        )
    elif data.amount is not None:
        if malformed := check_decimal(
            data.amount,
            ("amount",),
            AMOUNT.with_places(minor_units(currency)),
            decimals_code="AMOUNT_PRECISION",
        ):
            errors.extend(malformed)
        elif data.amount <= 0:
            errors.append(
                UserError("AMOUNT_NOT_POSITIVE", "The amount must be above zero.", ("amount",))
            )
    # Credited quantities are added up and compared in credit_lines: numbers only.
    errors.extend(
        error
        for index, item in enumerate(data.lines or [])
        for error in check_decimal(item.quantity, ("lines", str(index), "quantity"), QUANTITY)
    )
    return errors


def credit_lines(data: NewCreditNote, lines: list[InvoiceLine], currency: str) -> list[DraftLine]:
    """The invoice lines a credit note gives back (checked) or its amount split by rate."""
    drafts = [_draft(line) for line in lines]
    if data.amount is not None:
        weights: dict[Decimal, Decimal] = defaultdict(Decimal)
        for draft in drafts:
            weights[draft.tax_rate.normalize()] += draft.total
        return invoice_math.gross_lines(
            data.amount, weights, f"Credit: {data.reason.strip()}", currency
        )
    index_of = {line.line_no: index for index, line in enumerate(lines)}
    wanted: dict[int, Decimal] = defaultdict(Decimal)
    errors = []
    for position, item in enumerate(data.lines or []):
        where = ("lines", str(position))
        if item.line_no not in index_of:
            errors.append(
                UserError(
                    "UNKNOWN_LINE", f"The invoice has no line {item.line_no}.", (*where, "lineNo")
                )
            )
            continue
        wanted[index_of[item.line_no]] += item.quantity
        invoiced = lines[index_of[item.line_no]].quantity
        if item.quantity <= 0 or wanted[index_of[item.line_no]] > invoiced:
            errors.append(
                UserError(
                    "QUANTITY_ABOVE_INVOICED",
                    f"Credit more than zero and at "
                    f"most {invoiced.normalize():f} of line {item.line_no}.",
                    (*where, "quantity"),
                )
            )
    if errors:
        raise BusinessRuleError(*errors)
    return invoice_math.credited_lines(drafts, dict(wanted), currency)


def _draft(line: InvoiceLine) -> DraftLine:
    return DraftLine(
        description=line.description,
        quantity=line.quantity,
        unit_price=line.unit_price,
        tax_rate=line.tax_rate,
        subtotal=line.subtotal,
        discount=line.discount,
        tax=line.tax,
        total=line.total,
        sku_code=line.sku_code,
        order_line_id=line.order_line_id,
    )


async def issue_credit_note(actor: Actor, data: NewCreditNote) -> Invoice:
    """Credit an invoice for a return or an adjustment: some of its lines or an amount (tax
    included), at most what it has not been credited yet."""
    await actor.require("invoices", "issue")
    invoice = await _locked_invoice(actor, data.invoice_id, "invoiceId")
    errors = check_credit_header(data, invoice.currency)
    if invoice.kind != Kind.INVOICE.value:
        errors.insert(
            0, UserError("NOT_AN_INVOICE", "A credit note cannot be credited.", ("invoiceId",))
        )
    elif invoice.status == Status.VOID.value:
        errors.insert(0, UserError("INVOICE_VOID", f"{invoice.number} is void.", ("invoiceId",)))
    if errors:
        raise BusinessRuleError(*errors)
    lines = list(
        (
            await actor.session.scalars(
                select(InvoiceLine)
                .where(
                    InvoiceLine.tenant_id == actor.tenant_id, InvoiceLine.invoice_id == invoice.id
                )
                .order_by(InvoiceLine.line_no)
            )
        ).all()
    )
    drafts = credit_lines(data, lines, invoice.currency)
    creditable = invoice.total - invoice.amount_credited
    total = invoice_math.totals(drafts).total
    if total > creditable:
        raise BusinessRuleError.single(
            "ABOVE_CREDITABLE",
            f"At most {creditable:.2f} "
            f"{invoice.currency} of {invoice.number} can still be "
            "credited.",
            "amount" if data.amount else "lines",
        )
    order = await actor.session.get(Order, (actor.tenant_id, invoice.order_id))
    assert order is not None  # a foreign key keeps it
    note = await _write(
        actor,
        Document(
            Kind.CREDIT_NOTE,
            data.basis,
            order,
            drafts,
            credited=invoice,
            reason=data.reason.strip()[:MAX_REASON],
        ),
    )
    invoice.amount_credited += total
    await refresh_order_invoices(actor, order.id)
    await _announce(actor, note, send_email=True)
    return note


REFUND_REASONS = {
    "customer_request": "customer request",
    "return": "return",
    "duplicate": "duplicate payment",
    "overcharge": "overcharge",
    "other": "other",
}


async def _refund_order(actor: Actor, refund: Refund) -> uuid.UUID:
    """The refund's order, or the order its payment settled last when it names none."""
    if refund.order_id is not None:
        return refund.order_id
    order_id = await actor.session.scalar(
        select(PaymentAllocation.order_id)
        .where(
            PaymentAllocation.tenant_id == actor.tenant_id,
            PaymentAllocation.payment_id == refund.payment_id,
        )
        .order_by(PaymentAllocation.created_at.desc(), PaymentAllocation.amount.desc())
        .limit(1)
    )
    if order_id is None:
        payment = await actor.session.get(Payment, (actor.tenant_id, refund.payment_id))
        raise BusinessRuleError.single(
            "NOT_FOUND",
            f"Payment {payment.number if payment else ''} settled no order to credit.",
            "refundId",
        )
    return order_id


async def credit_note_for_refund(actor: Actor, refund: Refund) -> Invoice:
    """The credit note for an executed refund (no permission check: executing the refund is
    the authority): the refund's amount split over the order's tax rates by the order's
    totals per rate, crediting the order's latest live invoice up to what it has left.
    Idempotent per refund."""
    existing = await actor.session.scalar(
        select(Invoice).where(Invoice.tenant_id == actor.tenant_id, Invoice.refund_id == refund.id)
    )
    if existing is not None:
        refund.credit_note_id = existing.id
        return existing
    order_id = await _refund_order(actor, refund)
    order = (await orders.lock_orders_for_payment(actor, [order_id]))[order_id]
    weights = invoice_math.gross_by_rate(
        _source(line) for line in await _order_lines(actor, order.id)
    )
    reason = REFUND_REASONS.get(refund.reason, refund.reason.replace("_", " "))
    if refund.reason_note:
        reason = f"{reason}: {refund.reason_note.strip()}"
    drafts = invoice_math.gross_lines(
        refund.amount,
        weights or {ZERO: refund.amount},
        f"Refund {refund.number} — {reason}",
        order.currency,
    )
    live = await _live_invoices(actor, order.id, lock=True)
    credited = live[-1] if live else None
    note = await _write(
        actor,
        Document(
            Kind.CREDIT_NOTE,
            Basis.REFUND,
            order,
            drafts,
            refund_id=refund.id,
            credited=credited,
            reason=reason[:MAX_REASON],
        ),
    )
    if credited is not None:
        credited.amount_credited += min(
            note.total, max(credited.total - credited.amount_credited, ZERO)
        )
    refund.credit_note_id = note.id
    await refresh_order_invoices(actor, order.id)
    await _announce(actor, note, send_email=True)
    return note


# --- email -----------------------------------------------------------------------------------


async def request_send(actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    """Email an invoice (again) to its customer; the worker sends it."""
    await actor.require("invoices", "issue")
    invoice = await actor.session.scalar(
        (await _visible_invoices(actor)).where(Invoice.id == invoice_id)
    )
    if invoice is None:
        raise BusinessRuleError.single("NOT_FOUND", "No such invoice.", "invoiceId")
    if await notices.customer_address(actor, invoice.customer_id) is None:
        raise BusinessRuleError.single(
            "NO_CUSTOMER_EMAIL",
            f"{invoice.customer_name} has no email address, nor any contact with one.",
            "invoiceId",
        )
    await emit(
        actor,
        INVOICE_SEND_REQUESTED,
        {"invoiceId": str(invoice.id), "number": invoice.number, "sendEmail": True},
    )
    return invoice


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceFilter:
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    kind: Kind | None = None
    status: Status | None = None


async def list_invoices(
    actor: Actor, flt: InvoiceFilter, first: int | None, after: str | None
) -> Page[Invoice]:
    statement = await _visible_invoices(actor)
    if flt.customer_id is not None:
        statement = statement.where(Invoice.customer_id == flt.customer_id)
    if flt.order_id is not None:
        statement = statement.where(Invoice.order_id == flt.order_id)
    if flt.kind is not None:
        statement = statement.where(Invoice.kind == flt.kind.value)
    if flt.status is not None:
        statement = statement.where(Invoice.status == flt.status.value)
    return await keyset_page(
        actor.session, statement, [Invoice.created_at, Invoice.id], first=first, after=after
    )


async def invoices_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Invoice | None]:
    rows = (
        await actor.session.scalars((await _visible_invoices(actor)).where(Invoice.id.in_(ids)))
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


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
    shipments: list[tuple[Shipment, bool]]


async def invoice_options(actor: Actor, order_id: uuid.UUID) -> InvoiceOptions:
    """How an order can still be billed: the way it is billed so far, its instalments and
    shipments and which of them are invoiced."""
    await actor.require("invoices", "read")
    try:
        order = await _visible_order(actor, order_id)
    except BusinessRuleError as error:
        raise NotFound() from error
    live = await _live_invoices(actor, order.id)
    invoiced_shipments = {i.shipment_id for i in live}
    return InvoiceOptions(
        order_id=order.id,
        invoiced_as=Basis(live[0].basis) if live else None,
        can_invoice_whole_order=not live and order.status in INVOICEABLE_STATUSES,
        instalments=await _receivables(actor, order.id),
        invoiced_receivable_ids=[i.receivable_id for i in live if i.receivable_id],
        shipments=[(s, s.id in invoiced_shipments) for s in await _shipments(actor, order.id)],
    )


@dataclass
class InvoiceDocument:
    invoice: Invoice
    lines: list[InvoiceLine]
    credited_number: str | None


async def invoice_document(actor: Actor, invoice_id: uuid.UUID) -> InvoiceDocument:
    """An invoice with its lines for its PDF: staff within their scope, or the portal
    customer owning it; NOT_FOUND for anything else."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        statement = _portal_invoices(actor)
    else:
        statement = await _visible_invoices(actor)
    invoice = await actor.session.scalar(statement.where(Invoice.id == invoice_id))
    if invoice is None:
        raise NotFound()
    [lines] = await lines_of_invoices(actor, [invoice.id])
    credited = None
    if invoice.credited_invoice_id is not None:
        [credited] = await numbers_of_invoices(actor, [invoice.credited_invoice_id])
    return InvoiceDocument(invoice, lines, credited)


def _portal_invoices(actor: Actor) -> Select[Invoice]:
    principal = actor.require_portal()
    return select(Invoice).where(
        Invoice.tenant_id == actor.tenant_id, Invoice.customer_id == principal.customer_id
    )


async def portal_invoices(actor: Actor) -> list[Invoice]:
    """The signed-in portal customer's invoices and credit notes, newest first."""
    return list(
        (
            await actor.session.scalars(
                _portal_invoices(actor)
                .order_by(Invoice.created_at.desc(), Invoice.number.desc())
                .limit(PORTAL_INVOICES_SHOWN)
            )
        ).all()
    )


async def portal_invoice(actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    invoice = await actor.session.scalar(_portal_invoices(actor).where(Invoice.id == invoice_id))
    if invoice is None:
        raise BusinessRuleError.single("NOT_FOUND", "No such invoice.", "invoiceId")
    return invoice
