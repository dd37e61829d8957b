"""GraphQL for invoices and credit notes (staff console) and the portal customer's invoices."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from core import access
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    error_list_field,
    id_of,
    input_row_id,
    optional_id_of,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
)
from payments import credit_notes, invoice_pdf, invoices
from payments.invoice_documents import Basis, Kind, Status, amount_due
from payments.models import Invoice, InvoiceLine
from payments.schema_types import InvoiceError, ReceivableType

# The services' enums are the GraphQL enums (same members and values).
strawberry.enum(Kind, name="InvoiceKind", description="An invoice or a credit note.")
strawberry.enum(Basis, name="InvoiceBasis", description="What a document bills or credits.")
strawberry.enum(
    Status,
    name="InvoiceStatus",
    description="Where an invoice is; credit notes are ISSUED or VOID.",
)


def pdf_url(row_id: uuid.UUID) -> str:
    return f"/documents/invoices/{row_id}.pdf"


@strawberry.type(name="InvoiceTaxLine", description="Tax at one rate on a document.")
class InvoiceTaxLineType:
    rate: Decimal = strawberry.field(description="The rate as a fraction, e.g. 0.13.")
    taxable: MoneyType = strawberry.field(description="The net amount taxed at this rate.")
    tax: MoneyType = strawberry.field(description="The tax at this rate.")


@strawberry.type(name="InvoiceLine", description="One line of an invoice or credit note.")
class InvoiceLineType:
    line_no: int = strawberry.field(description="Its place on the document, from 1.")
    sku_code: str | None = strawberry.field(description="The SKU billed, if any.")
    description: str = strawberry.field(description="What is billed.")
    quantity: Decimal = strawberry.field(description="How many.")
    unit_price: MoneyType = strawberry.field(description="Price of one, before discount and tax.")
    tax_rate: Decimal = strawberry.field(description="The tax rate as a fraction, e.g. 0.13.")
    subtotal: MoneyType = strawberry.field(description="Quantity x unit price.")
    discount: MoneyType = strawberry.field(description="The discount on the line.")
    tax: MoneyType = strawberry.field(description="Tax on the discounted amount.")
    total: MoneyType = strawberry.field(description="Subtotal - discount + tax.")

    @classmethod
    def of(cls, row: InvoiceLine, currency: str) -> InvoiceLineType:
        def money(amount: Decimal) -> MoneyType:
            return MoneyType.from_amount(amount, currency)

        return cls(
            line_no=row.line_no,
            sku_code=row.sku_code,
            description=row.description,
            quantity=row.quantity.normalize(),
            unit_price=money(row.unit_price),
            tax_rate=row.tax_rate.normalize(),
            subtotal=money(row.subtotal),
            discount=money(row.discount),
            tax=money(row.tax),
            total=money(row.total),
        )


async def _load_lines(actor: Any, ids: list[uuid.UUID]) -> list[list[InvoiceLine]]:
    return await invoices.lines_of_invoices(actor, ids)


async def _load_numbers(actor: Any, ids: list[uuid.UUID]) -> list[str | None]:
    return await invoices.numbers_of_invoices(actor, ids)


@strawberry.type(
    name="Invoice",
    description="An invoice billing a whole order, an instalment "
    "or a shipment, or a credit note crediting an invoice or an order.",
)
class InvoiceType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Per-tenant number: INV-000001 or CN-000001.")
    kind: Kind = strawberry.field(description="Invoice or credit note.")
    basis: Basis = strawberry.field(description="What it bills or credits.")
    status: Status = strawberry.field(description="Issued, partially paid, paid or void.")
    order_id: strawberry.ID = strawberry.field(description="Global id of the order.")
    order_number: str = strawberry.field(description="The order's number.")
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    customer_name: str = strawberry.field(description="The customer's name.")
    receivable_id: strawberry.ID | None = strawberry.field(
        description="The instalment it bills (basis INSTALMENT)."
    )
    shipment_id: strawberry.ID | None = strawberry.field(
        description="The shipment it bills (basis SHIPMENT)."
    )
    refund_id: strawberry.ID | None = strawberry.field(
        description="The refund it credits (basis REFUND)."
    )
    credited_invoice_id: strawberry.ID | None = strawberry.field(
        description="The invoice a credit note credits."
    )
    subtotal: MoneyType = strawberry.field(description="Lines before discount and tax.")
    discount_total: MoneyType = strawberry.field(description="All discounts.")
    tax_total: MoneyType = strawberry.field(description="All tax.")
    total: MoneyType = strawberry.field(description="What it bills (or credits) in all.")
    amount_paid: MoneyType = strawberry.field(description="What payments settled of it.")
    amount_credited: MoneyType = strawberry.field(description="What credit notes took off.")
    amount_due: MoneyType = strawberry.field(
        description="Total - paid - credited, never below zero."
    )
    tax_breakdown: list[InvoiceTaxLineType] = strawberry.field(description="Tax per rate.")
    issued_on: date = strawberry.field(description="The day it was issued.")
    due_date: date | None = strawberry.field(description="When it is due, when known.")
    reason: str | None = strawberry.field(description="Why a credit note was issued.")
    issued_by_label: str | None = strawberry.field(description="Who issued it.")
    voided_at: datetime | None = strawberry.field(description="When it was voided.")
    void_reason: str | None = strawberry.field(description="Why it was voided.")
    emailed_to: str | None = strawberry.field(description="The address it was last emailed to.")
    emailed_at: datetime | None = strawberry.field(description="When it was last emailed.")
    seller_name: str = strawberry.field(description="The issuing company, as printed.")
    bill_to: list[str] = strawberry.field(
        description="Who it is addressed to, line by line, as printed when it was issued."
    )
    pdf_url: str = strawberry.field(
        description="Where its PDF is downloaded (same origin, with the caller's bearer token)."
    )
    created_at: datetime = strawberry.field(description="When it was written.")
    row: strawberry.Private[Invoice]

    @strawberry.field(description="The number of the invoice a credit note credits.")
    async def credited_invoice_number(self, info: Info) -> str | None:
        if self.row.credited_invoice_id is None:
            return None
        return await context_of(info).loader(_load_numbers).load(self.row.credited_invoice_id)

    @strawberry.field(description="Its lines.")
    async def lines(self, info: Info) -> list[InvoiceLineType]:
        rows = await context_of(info).loader(_load_lines).load(self.row.id)
        return [InvoiceLineType.of(r, self.row.currency) for r in rows]

    @classmethod
    def of(cls, row: Invoice) -> InvoiceType:
        def money(amount: Decimal) -> MoneyType:
            return MoneyType.from_amount(amount, row.currency)

        return cls(
            id=str(row.id),
            number=row.number,
            kind=Kind(row.kind),
            basis=Basis(row.basis),
            status=Status(row.status),
            order_id=id_of("Order", row.order_id),
            order_number=row.order_number,
            customer_id=id_of("Customer", row.customer_id),
            customer_name=row.customer_name,
            receivable_id=optional_id_of("Receivable", row.receivable_id),
            shipment_id=optional_id_of("Shipment", row.shipment_id),
            refund_id=optional_id_of("Refund", row.refund_id),
            credited_invoice_id=optional_id_of("Invoice", row.credited_invoice_id),
            subtotal=money(row.subtotal),
            discount_total=money(row.discount_total),
            tax_total=money(row.tax_total),
            total=money(row.total),
            amount_paid=money(row.amount_paid),
            amount_credited=money(row.amount_credited),
            amount_due=money(amount_due(row)),
            tax_breakdown=[
                InvoiceTaxLineType(
                    rate=Decimal(t["rate"]),
                    taxable=money(Decimal(t["taxable"])),
                    tax=money(Decimal(t["tax"])),
                )
                for t in row.tax_breakdown
            ],
            issued_on=row.issued_on,
            due_date=row.due_date,
            reason=row.reason,
            issued_by_label=row.issued_by_label,
            voided_at=row.voided_at,
            void_reason=row.void_reason,
            emailed_to=row.emailed_to,
            emailed_at=row.emailed_at,
            seller_name=str(row.seller.get("name", "")),
            bill_to=invoice_pdf.bill_to_lines(row),
            pdf_url=pdf_url(row.id),
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, invoices.invoices_by_id, cls.of, required)


@strawberry.input(description="Which invoices to list.")
class InvoiceFilter:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="One customer's."
    )
    order_id: strawberry.ID | None = strawberry.field(default=None, description="One order's.")
    kind: Kind | None = strawberry.field(
        default=None, description="Only invoices or only credit notes."
    )
    status: Status | None = strawberry.field(default=None, description="Only this status.")
    number: str | None = strawberry.field(
        default=None, description="Part of the number, case-insensitive."
    )


@strawberry.type(
    name="InvoiceableShipment", description="A shipment of an order and whether it is invoiced."
)
class InvoiceableShipmentType:
    id: strawberry.ID = strawberry.field(description="Global id of the shipment.")
    number: str = strawberry.field(description="The shipment's number.")
    shipped_at: datetime | None = strawberry.field(description="When it left.")
    invoiced: bool = strawberry.field(description="A live invoice bills it.")


@strawberry.type(name="InvoiceOptions", description="How an order can be invoiced.")
class InvoiceOptionsType:
    order_id: strawberry.ID = strawberry.field(description="Global id of the order.")
    invoiced_as: Basis | None = strawberry.field(
        description="How its live invoices bill it; null until its first live invoice."
    )
    can_invoice_whole_order: bool = strawberry.field(
        description="An invoice for the whole order can be issued now."
    )
    instalments: list[ReceivableType] = strawberry.field(
        description="The order's receivables (each billed once)."
    )
    invoiced_receivable_ids: list[strawberry.ID] = strawberry.field(
        description="Receivables a live invoice bills."
    )
    shipments: list[InvoiceableShipmentType] = strawberry.field(
        description="The order's shipments."
    )


@strawberry.input(description="An invoice to issue.")
class IssueInvoiceInput:
    order_id: strawberry.ID = strawberry.field(description="Global id of the order.")
    basis: Basis = strawberry.field(description="ORDER, INSTALMENT or SHIPMENT.")
    receivable_id: strawberry.ID | None = strawberry.field(
        default=None, description="The instalment (basis INSTALMENT)."
    )
    shipment_id: strawberry.ID | None = strawberry.field(
        default=None, description="The shipment (basis SHIPMENT)."
    )
    send_email: bool = strawberry.field(
        default=True, description="Email it to the customer with its PDF."
    )


@strawberry.input(description="An invoice to void.")
class VoidInvoiceInput:
    invoice_id: strawberry.ID = strawberry.field(description="Global id of the invoice.")
    reason: str = strawberry.field(description="Why it is voided (required).")


@strawberry.input(description="How much of one invoice line to credit.")
class CreditNoteLineInput:
    line_no: int = strawberry.field(description="The invoice line's number.")
    quantity: Decimal = strawberry.field(description="How many, at most what it billed.")


@strawberry.input(description="A credit note to issue against an invoice.")
class IssueCreditNoteInput:
    invoice_id: strawberry.ID = strawberry.field(description="Global id of the invoice.")
    basis: Basis = strawberry.field(description="RETURN or ADJUSTMENT.")
    reason: str = strawberry.field(description="Why it is credited (required).")
    lines: list[CreditNoteLineInput] | None = strawberry.field(
        default=None, description="Invoice lines to credit (or give an amount)."
    )
    amount: Decimal | None = strawberry.field(
        default=None, description="A gross amount to credit, tax included (or give lines)."
    )


@strawberry.type(description="Result of issueInvoice.")
class IssueInvoicePayload:
    invoice: InvoiceType | None = strawberry.field(description="The invoice issued.")
    user_errors: list[UserErrorType] = error_list_field(InvoiceError, "Why nothing was issued.")


@strawberry.type(description="Result of voidInvoice.")
class VoidInvoicePayload:
    invoice: InvoiceType | None = strawberry.field(description="The voided document.")
    user_errors: list[UserErrorType] = error_list_field(InvoiceError, "Why it was not voided.")


@strawberry.type(description="Result of issueCreditNote.")
class IssueCreditNotePayload:
    credit_note: InvoiceType | None = strawberry.field(description="The credit note issued.")
    user_errors: list[UserErrorType] = error_list_field(InvoiceError, "Why nothing was issued.")


@strawberry.type(description="Result of sendInvoice.")
class SendInvoicePayload:
    invoice: InvoiceType | None = strawberry.field(description="The invoice being emailed.")
    user_errors: list[UserErrorType] = error_list_field(InvoiceError, "Why it cannot be emailed.")


@strawberry.type(
    name="PortalInvoice", description="One of the signed-in customer's invoices or credit notes."
)
class PortalInvoiceType:
    id: strawberry.ID = strawberry.field(description="The document's plain id.")
    number: str = strawberry.field(description="Its number.")
    kind: Kind = strawberry.field(description="Invoice or credit note.")
    status: Status = strawberry.field(description="Where it is.")
    order_id: strawberry.ID = strawberry.field(description="The order's id (PortalOrder.id).")
    order_number: str = strawberry.field(description="The order's number.")
    issued_on: date = strawberry.field(description="The day it was issued.")
    due_date: date | None = strawberry.field(description="When it is due, when known.")
    total: MoneyType = strawberry.field(description="What it bills or credits.")
    amount_paid: MoneyType = strawberry.field(description="What was paid of it.")
    amount_due: MoneyType = strawberry.field(description="What is still owed on it.")
    pdf_url: str = strawberry.field(
        description="Where its PDF is downloaded (same origin, with the caller's bearer token)."
    )

    @classmethod
    def of(cls, row: Invoice) -> PortalInvoiceType:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            kind=Kind(row.kind),
            status=Status(row.status),
            order_id=strawberry.ID(str(row.order_id)),
            order_number=row.order_number,
            issued_on=row.issued_on,
            due_date=row.due_date,
            total=MoneyType.from_amount(row.total, row.currency),
            amount_paid=MoneyType.from_amount(row.amount_paid, row.currency),
            amount_due=MoneyType.from_amount(amount_due(row), row.currency),
            pdf_url=pdf_url(row.id),
        )


def _filter(flt: InvoiceFilter | None) -> invoices.InvoiceFilter:
    if flt is None:
        return invoices.InvoiceFilter()
    return invoices.InvoiceFilter(
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        order_id=optional_input_row_id(flt.order_id, "Order"),
        kind=flt.kind,
        status=flt.status,
        number=flt.number,
    )


def _options(options: invoices.InvoiceOptions) -> InvoiceOptionsType:
    return InvoiceOptionsType(
        order_id=id_of("Order", options.order_id),
        invoiced_as=options.invoiced_as,
        can_invoice_whole_order=options.can_invoice_whole_order,
        instalments=[ReceivableType.of(r) for r in options.instalments],
        invoiced_receivable_ids=[id_of("Receivable", r) for r in options.invoiced_receivable_ids],
        shipments=[
            InvoiceableShipmentType(
                id=id_of("Shipment", s.id),
                number=s.number,
                shipped_at=s.shipped_at,
                invoiced=invoiced,
            )
            for s, invoiced in options.shipments
        ],
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="Invoices and credit notes of the customers in your data "
        "scope, newest first (invoices:read)."
    )
    async def invoices(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: InvoiceFilter | None = None,
    ) -> Connection[InvoiceType]:
        actor = await context_of(info).reader()
        page = await invoices.list_invoices(actor, _filter(filter), first, after)
        return to_connection(page, InvoiceType.of)

    @strawberry.field(
        description="The invoice or credit note with this number, as node(id:) would "
        "return it: null when none of your tenant and data scope has it (invoices:read)."
    )
    async def invoice_by_number(self, info: Info, number: str) -> InvoiceType | None:
        invoice = await invoices.invoice_by_number(await context_of(info).reader(), number)
        return InvoiceType.of(invoice) if invoice is not None else None

    @strawberry.field(
        description="How an order can be invoiced: whole, per instalment or per "
        "shipment, and what is invoiced already (invoices:read)."
    )
    async def invoice_options(self, info: Info, order_id: strawberry.ID) -> InvoiceOptionsType:
        actor = await context_of(info).reader()
        return _options(await invoices.invoice_options(actor, input_row_id(order_id, "Order")))

    @strawberry.field(
        description="The signed-in customer's invoices and credit notes, newest "
        "first, at most 200 (portal only)."
    )
    async def portal_invoices(self, info: Info) -> list[PortalInvoiceType]:
        actor = await context_of(info).reader()
        return [
            PortalInvoiceType.of(r) for r in await invoices.newest_invoices(actor, access.PORTAL)
        ]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Issue an invoice for a confirmed order: the whole order, "
        "one instalment or one shipment (invoices:issue). It is emailed to "
        "the customer with its PDF unless sendEmail is false."
    )
    async def issue_invoice(self, info: Info, input: IssueInvoiceInput) -> IssueInvoicePayload:
        data = invoices.NewInvoice(
            order_id=input_row_id(input.order_id, "Order"),
            basis=input.basis,
            receivable_id=optional_input_row_id(input.receivable_id, "Receivable"),
            shipment_id=optional_input_row_id(input.shipment_id, "Shipment"),
            send_email=input.send_email,
        )
        outcome = await run_mutation(info, lambda actor: invoices.issue_invoice(actor, data))
        return payload_of(IssueInvoicePayload, outcome, InvoiceType.of)

    @strawberry.mutation(
        description="Void an unpaid invoice without credit notes, or a credit "
        "note (invoices:void); what it billed can be invoiced again."
    )
    async def void_invoice(self, info: Info, input: VoidInvoiceInput) -> VoidInvoicePayload:
        row_id = input_row_id(input.invoice_id, "Invoice")
        outcome = await run_mutation(
            info, lambda actor: invoices.void_invoice(actor, row_id, input.reason)
        )
        return payload_of(VoidInvoicePayload, outcome, InvoiceType.of)

    @strawberry.mutation(
        description="Credit an invoice for a return or an adjustment: some "
        "of its lines or an amount, tax included (invoices:issue)."
    )
    async def issue_credit_note(
        self, info: Info, input: IssueCreditNoteInput
    ) -> IssueCreditNotePayload:
        data = credit_notes.NewCreditNote(
            invoice_id=input_row_id(input.invoice_id, "Invoice"),
            basis=input.basis,
            reason=input.reason,
            lines=[
                credit_notes.CreditLineInput(line.line_no, line.quantity) for line in input.lines
            ]
            if input.lines is not None
            else None,
            amount=input.amount,
        )
        outcome = await run_mutation(
            info, lambda actor: credit_notes.issue_credit_note(actor, data)
        )
        return payload_of(IssueCreditNotePayload, outcome, InvoiceType.of)

    @strawberry.mutation(
        description="Email an invoice or credit note to its customer again, "
        "with its PDF (invoices:issue)."
    )
    async def send_invoice(self, info: Info, invoice_id: strawberry.ID) -> SendInvoicePayload:
        row_id = input_row_id(invoice_id, "Invoice")
        outcome = await run_mutation(info, lambda actor: invoices.request_send(actor, row_id))
        return payload_of(SendInvoicePayload, outcome, InvoiceType.of)
