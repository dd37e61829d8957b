"""Money tables: the tenant's Stripe connection (the secret key and the webhook signing
secret stored encrypted by core.secrets, never leaving the server), receivables (what
customers owe, by due date), payments and their allocations to receivables."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped


class StripeAccount(Base):
    """One per tenant that connected Stripe; a tenant without a row has not."""

    __tablename__ = "stripe_accounts"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    secret_key_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    secret_key_hint: Mapped[str | None] = mapped_column(String(40))
    webhook_secret_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    publishable_key: Mapped[str | None] = mapped_column(String(255))
    payment_methods: Mapped[list[str]] = mapped_column(
        ARRAY(String(20)), nullable=False, server_default=text("'{card}'")
    )
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_test_code: Mapped[str | None] = mapped_column(String(40))
    last_test_message: Mapped[str | None] = mapped_column(String(500))
    last_test_livemode: Mapped[bool | None] = mapped_column(Boolean)
    last_tested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class Receivable(TenantOwned, Timestamped, Base):
    """One amount an order's customer owes by a due date: an order's payment schedule is
    one receivable (prepaid, net terms) or several (instalments). `due_date` is null until
    it is known (net terms count from shipping)."""

    __tablename__ = "receivables"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "order_id", "sequence"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("amount_paid >= 0 AND amount_paid <= amount", name="paid_within_amount"),
        Index("ix_receivables_tenant_id_customer_id_status", "tenant_id", "customer_id", "status"),
        Index("ix_receivables_tenant_id_status_due_date", "tenant_id", "status", "due_date"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_number: Mapped[str] = mapped_column(String(60), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(80), nullable=False)
    trigger: Mapped[str] = mapped_column(String(20), nullable=False)
    days_after: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    amount_paid: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default=text("0")
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")


class Payment(TenantOwned, Timestamped, Base):
    """Money received from a customer, allocated to its receivables."""

    __tablename__ = "payments"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "amount_allocated >= 0 AND amount_allocated <= amount", name="allocated_within_amount"
        ),
        CheckConstraint(
            "amount_refunded >= 0 AND amount_refunded <= amount", name="refunded_within_amount"
        ),
        Index("ix_payments_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index(
            "ix_payments_tenant_id_customer_id_created_at", "tenant_id", "customer_id", "created_at"
        ),
        UniqueConstraint("tenant_id", "stripe_payment_intent_id"),
    )

    number: Mapped[str] = mapped_column(String(40), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    amount_allocated: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default=text("0")
    )
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    reference: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    recorded_by_label: Mapped[str | None] = mapped_column(String(320))
    # A Stripe payment is recorded once per PaymentIntent, whatever webhook arrives twice.
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(255))
    amount_refunded: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default=text("0")
    )


class PaymentAllocation(TenantOwned, Timestamped, Base):
    """The part of a payment that settles one receivable."""

    __tablename__ = "payment_allocations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "payment_id"], ["payments.tenant_id", "payments.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "receivable_id"], ["receivables.tenant_id", "receivables.id"]
        ),
        UniqueConstraint("tenant_id", "payment_id", "receivable_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_allocations_tenant_id_receivable_id", "tenant_id", "receivable_id"),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    receivable_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_number: Mapped[str] = mapped_column(String(60), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)


class PaymentCounter(Base):
    """The last payment number per tenant (gapless, locked while a payment is recorded)."""

    __tablename__ = "payment_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    last_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class StripeCheckout(TenantOwned, Timestamped, Base):
    """A Stripe PaymentIntent Orbit created for a customer to pay receivables: what it is
    for (`allocations`: [{"receivableId", "amount"}]) and how far it got."""

    __tablename__ = "stripe_checkouts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "payment_intent_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    payment_intent_id: Mapped[str] = mapped_column(String(255), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    allocations: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class StripeEvent(Base):
    """A Stripe webhook event received for a tenant: its id makes processing idempotent."""

    __tablename__ = "stripe_events"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100), nullable=False)
    outcome: Mapped[str] = mapped_column(String(60), nullable=False)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ReceivableReminderDue(Base):
    """Platform-level queue of receivables with a due date: when the reminder job should
    look at each next (its tenant's tables are only readable bound to that tenant)."""

    __tablename__ = "receivable_reminder_queue"

    receivable_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)


class ReceivableReminder(Base):
    """An overdue reminder sent for a receivable: one per receivable and reminder step."""

    __tablename__ = "receivable_reminders"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    receivable_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    step: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ReconciliationRun(TenantOwned, Timestamped, Base):
    """One check that the tenant's payments, allocations, receivables and orders agree;
    `mismatches` lists what did not ([{"code", "subject", "expected", "actual"}])."""

    __tablename__ = "reconciliation_runs"
    __table_args__ = (
        Index("ix_reconciliation_runs_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
    )

    trigger: Mapped[str] = mapped_column(String(20), nullable=False)
    balanced: Mapped[bool] = mapped_column(Boolean, nullable=False)
    mismatches: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)


class DocumentCounter(Base):
    """The last number per tenant and kind of document (invoice, credit_note, refund):
    gapless, the row locked while a document takes its number."""

    __tablename__ = "document_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


# One live invoice per thing it bills: voiding frees it to be billed again.
_LIVE = text("status <> 'void'")


class Invoice(TenantOwned, Timestamped, Base):
    """An invoice (`kind` invoice) billing a whole order, one instalment (receivable) or one
    shipment, or a credit note (`kind` credit_note) crediting an invoice or order for a refund
    or a return. Amounts are in the order's currency, to the cent; `tax_breakdown` holds
    [{"rate", "taxable", "tax"}] per tax rate. Paid amounts follow the receivables billed."""

    __tablename__ = "invoices"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"]),
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "number"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("amount_paid >= 0", name="paid_not_negative"),
        Index("ix_invoices_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_invoices_tenant_id_order_id", "tenant_id", "order_id"),
        Index(
            "ix_invoices_tenant_id_customer_id_created_at", "tenant_id", "customer_id", "created_at"
        ),
        Index(
            "uq_invoices_live_order",
            "tenant_id",
            "order_id",
            unique=True,
            postgresql_where=text("kind = 'invoice' AND basis = 'order' AND status <> 'void'"),
        ),
        Index(
            "uq_invoices_live_receivable",
            "tenant_id",
            "receivable_id",
            unique=True,
            postgresql_where=_LIVE,
        ),
        Index(
            "uq_invoices_live_shipment",
            "tenant_id",
            "shipment_id",
            unique=True,
            postgresql_where=_LIVE,
        ),
        Index(
            "uq_invoices_refund",
            "tenant_id",
            "refund_id",
            unique=True,
            postgresql_where=text("refund_id IS NOT NULL"),
        ),
    )

    number: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    basis: Mapped[str] = mapped_column(String(12), nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_number: Mapped[str] = mapped_column(String(60), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    receivable_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    shipment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    refund_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    credited_invoice_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    subtotal: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    discount_total: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    tax_total: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    total: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    amount_paid: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default=text("0")
    )
    amount_credited: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default=text("0")
    )
    tax_breakdown: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_date: Mapped[date | None] = mapped_column(Date)
    seller: Mapped[dict[str, str]] = mapped_column(JSONB, nullable=False)
    bill_to: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    ship_to: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(Text)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    issued_by_label: Mapped[str | None] = mapped_column(String(320))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    void_reason: Mapped[str | None] = mapped_column(Text)
    emailed_to: Mapped[str | None] = mapped_column(String(320))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class InvoiceLine(TenantOwned, Base):
    """One line of an invoice or credit note (amounts positive on both)."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "invoice_id"], ["invoices.tenant_id", "invoices.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "invoice_id", "line_no"),
    )

    invoice_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    order_line_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    sku_code: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Numeric(18, 3), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(7, 4), nullable=False)
    subtotal: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    discount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    tax: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    total: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)


class Refund(TenantOwned, Timestamped, Base):
    """Money to give back on one payment: requested by someone allowed to ask, executed (or
    rejected) by someone allowed to pay out; a Stripe payment is refunded through Stripe, a
    manual one is recorded as paid back. Every executed refund writes a credit note."""

    __tablename__ = "refunds"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "payment_id"], ["payments.tenant_id", "payments.id"]),
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "stripe_refund_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_refunds_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_refunds_tenant_id_status", "tenant_id", "status"),
        Index("ix_refunds_tenant_id_payment_id", "tenant_id", "payment_id"),
    )

    number: Mapped[str] = mapped_column(String(40), nullable=False)
    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    payment_number: Mapped[str] = mapped_column(String(40), nullable=False)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    order_number: Mapped[str | None] = mapped_column(String(60))
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False)
    reason_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    requested_by_label: Mapped[str | None] = mapped_column(String(320))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    decided_by_label: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
    executed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255))
    external_reference: Mapped[str | None] = mapped_column(String(200))
    failure_message: Mapped[str | None] = mapped_column(String(500))
    credit_note_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class RefundSettings(Base):
    """A tenant's refund rules; a tenant without a row has the defaults (four eyes on)."""

    __tablename__ = "refund_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    # Whoever asked for a refund may not execute it: someone else pays it out.
    four_eyes: Mapped[bool] = mapped_column(Boolean, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Every money row reaches an actor through its customer: staff need the area's permission
# and see the customers in their data scope; a portal contact sees their own customer's
# receivables, payments, invoices and the refunds of their orders (PortalOrder.refunds).
declare(
    Receivable,
    resource="payments",
    customer=Receivable.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(Payment, resource="payments", customer=Payment.customer_id, portal=PortalReach.OWN_CUSTOMER)
declare(Invoice, resource="invoices", customer=Invoice.customer_id, portal=PortalReach.OWN_CUSTOMER)
declare(Refund, resource="refunds", customer=Refund.customer_id, portal=PortalReach.OWN_CUSTOMER)
# Reconciliation runs are the tenant's books as a whole: payments:read, no data scope.
declare(ReconciliationRun, resource="payments")


class StripeCustomer(Base):
    """The Stripe Customer object of one of the tenant's customers: saved cards hang on it
    (a SetupIntent saves them, off-session PaymentIntents charge them). Only Stripe's id is
    kept; a customer without a row has none yet."""

    __tablename__ = "stripe_customers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "stripe_customer_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    stripe_customer_id: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
