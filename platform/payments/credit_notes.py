"""Credit notes: crediting an invoice for a return or an adjustment (some of its lines or
an amount, tax included, at most what it has not been credited yet; invoices:issue), and
the credit note every executed refund writes (no permission of its own: executing the
refund is the authority)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, UserError
from core.money import AMOUNT, QUANTITY, check_decimal, minor_units
from payments import invoice_documents as docs
from payments import invoice_math, order_facts
from payments.errors import InvoiceErrorCode
from payments.invoice_math import DraftLine
from payments.models import Invoice, InvoiceLine, Payment, PaymentAllocation, Refund


@dataclass(frozen=True)
class CreditLineInput:
    line_no: int
    quantity: Decimal


@dataclass(frozen=True)
class NewCreditNote:
    invoice_id: uuid.UUID
    basis: docs.Basis
    reason: str
    lines: list[CreditLineInput] | None = None
    amount: Decimal | None = None


def check_credit_header(data: NewCreditNote, currency: str) -> list[UserError]:
    errors = []
    if not data.reason.strip():
        errors.append(
            UserError(InvoiceErrorCode.REASON_REQUIRED, "Say why it is credited.", ("reason",))
        )
    if data.basis not in docs.CREDIT_BASES:
        errors.append(
            UserError(
                InvoiceErrorCode.BASIS_NOT_ALLOWED,
                "Credit notes issued by hand are for a return or an adjustment.",
                ("basis",),
            )
        )
    if (data.lines is None) == (data.amount is None) or (data.lines is not None and not data.lines):
        errors.append(
            UserError(
                InvoiceErrorCode.LINES_OR_AMOUNT,
                "Credit either invoice lines or an amount.",
                ("lines",),
            )
        )
    elif data.amount is not None:
        if malformed := check_decimal(
            data.amount,
            ("amount",),
            AMOUNT.with_places(minor_units(currency)),
            decimals_code=InvoiceErrorCode.AMOUNT_PRECISION,
        ):
            errors.extend(malformed)
        elif data.amount <= 0:
            errors.append(
                UserError(
                    InvoiceErrorCode.AMOUNT_NOT_POSITIVE,
                    "The amount must be above zero.",
                    ("amount",),
                )
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
                    InvoiceErrorCode.UNKNOWN_LINE,
                    f"The invoice has no line {item.line_no}.",
                    (*where, "lineNo"),
                )
            )
            continue
        wanted[index_of[item.line_no]] += item.quantity
        invoiced = lines[index_of[item.line_no]].quantity
        if item.quantity <= 0 or wanted[index_of[item.line_no]] > invoiced:
            errors.append(
                UserError(
                    InvoiceErrorCode.QUANTITY_ABOVE_INVOICED,
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
    invoice = await docs.locked_invoice(actor, data.invoice_id, "invoiceId")
    errors = check_credit_header(data, invoice.currency)
    if invoice.kind != docs.Kind.INVOICE.value:
        errors.insert(
            0,
            UserError(
                InvoiceErrorCode.NOT_AN_INVOICE, "A credit note cannot be credited.", ("invoiceId",)
            ),
        )
    elif invoice.status == docs.Status.VOID.value:
        errors.insert(
            0,
            UserError(InvoiceErrorCode.INVOICE_VOID, f"{invoice.number} is void.", ("invoiceId",)),
        )
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
            InvoiceErrorCode.ABOVE_CREDITABLE,
            f"At most {creditable:.2f} "
            f"{invoice.currency} of {invoice.number} can still be "
            "credited.",
            "amount" if data.amount else "lines",
        )
    order = await order_facts.order_for_system(actor, invoice.order_id)
    assert order is not None  # a foreign key keeps it
    note = await docs.write(
        actor,
        docs.Document(
            docs.Kind.CREDIT_NOTE,
            data.basis,
            order,
            drafts,
            credited=invoice,
            reason=data.reason.strip()[: docs.MAX_REASON],
        ),
    )
    invoice.amount_credited += total
    await docs.refresh_order_invoices(actor, order.id)
    await docs.announce(actor, note, send_email=True)
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
            CommonErrorCode.NOT_FOUND,
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
    order = await order_facts.lock_order(actor, order_id)
    assert order is not None  # a foreign key keeps a payment's orders
    weights = invoice_math.gross_by_rate(await order_facts.order_lines(actor, order.id))
    reason = REFUND_REASONS.get(refund.reason, refund.reason.replace("_", " "))
    if refund.reason_note:
        reason = f"{reason}: {refund.reason_note.strip()}"
    drafts = invoice_math.gross_lines(
        refund.amount,
        weights or {docs.ZERO: refund.amount},
        f"Refund {refund.number} — {reason}",
        order.currency,
    )
    live = await docs.live_invoices(actor, order.id, lock=True)
    credited = live[-1] if live else None
    note = await docs.write(
        actor,
        docs.Document(
            docs.Kind.CREDIT_NOTE,
            docs.Basis.REFUND,
            order,
            drafts,
            refund_id=refund.id,
            credited=credited,
            reason=reason[: docs.MAX_REASON],
        ),
    )
    if credited is not None:
        credited.amount_credited += min(
            note.total, max(credited.total - credited.amount_credited, docs.ZERO)
        )
    refund.credit_note_id = note.id
    await docs.refresh_order_invoices(actor, order.id)
    await docs.announce(actor, note, send_email=True)
    return note
