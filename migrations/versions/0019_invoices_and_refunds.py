"""Invoices, credit notes and refunds: gapless document numbers per tenant and kind, invoice
lines with tax per rate, refund requests and their execution; payments track what was
refunded.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TABLES = ("document_counters", "invoices", "invoice_lines", "refunds")
DEFAULT_GRANTS = (
    ("finance", "invoices", "read"),
    ("finance", "invoices", "issue"),
    ("finance", "invoices", "void"),
    ("finance", "refunds", "read"),
    ("finance", "refunds", "request"),
    ("finance", "refunds", "execute"),
    ("manager", "invoices", "read"),
    ("manager", "refunds", "read"),
    ("manager", "refunds", "request"),
    ("sales", "invoices", "read"),
    ("sales", "refunds", "read"),
    ("sales", "refunds", "request"),
    ("support", "invoices", "read"),
    ("support", "refunds", "read"),
    ("support", "refunds", "request"),
)


def _amount(name: str, default: bool = False) -> sa.Column[Decimal]:
    return sa.Column(
        name,
        sa.Numeric(precision=18, scale=4),
        nullable=False,
        server_default=sa.text("0") if default else None,
    )


def _uuid(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.UUID(), nullable=nullable)


def _upgrade_payments() -> None:
    op.add_column("payments", _amount("amount_refunded", default=True))
    op.create_check_constraint(
        op.f("ck_payments_refunded_within_amount"),
        "payments",
        "amount_refunded >= 0 AND amount_refunded <= amount",
    )


def _create_invoices() -> None:
    op.create_table(
        "invoices",
        _uuid("tenant_id", False),
        _uuid("id", False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        _uuid("order_id", False),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        _uuid("customer_id", False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        _uuid("receivable_id"),
        _uuid("shipment_id"),
        _uuid("refund_id"),
        _uuid("credited_invoice_id"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("subtotal"),
        _amount("discount_total"),
        _amount("tax_total"),
        _amount("total"),
        _amount("amount_paid", default=True),
        _amount("amount_credited", default=True),
        sa.Column("tax_breakdown", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("seller", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("bill_to", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _uuid("issued_by_id"),
        sa.Column("issued_by_label", sa.String(length=320), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("emailed_to", sa.String(length=320), nullable=True),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        timestamp_column("updated_at"),
        tenant_fk("invoices"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name="fk_invoices_tenant_id_orders",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_invoices_tenant_id_customers",
        ),
        sa.CheckConstraint("total >= 0", name=op.f("ck_invoices_total_not_negative")),
        sa.CheckConstraint("amount_paid >= 0", name=op.f("ck_invoices_paid_not_negative")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_invoices"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_invoices_tenant_id_number"),
    )
    op.create_index(
        "ix_invoices_tenant_id_created_at_id", "invoices", ["tenant_id", "created_at", "id"]
    )
    op.create_index("ix_invoices_tenant_id_order_id", "invoices", ["tenant_id", "order_id"])
    op.create_index(
        "ix_invoices_tenant_id_customer_id_created_at",
        "invoices",
        ["tenant_id", "customer_id", "created_at"],
    )
    op.create_index(
        "uq_invoices_live_order",
        "invoices",
        ["tenant_id", "order_id"],
        unique=True,
        postgresql_where=sa.text("kind = 'invoice' AND basis = 'order' AND status <> 'void'"),
    )
    for name, column, where in (
        ("uq_invoices_live_receivable", "receivable_id", "status <> 'void'"),
        ("uq_invoices_live_shipment", "shipment_id", "status <> 'void'"),
        ("uq_invoices_refund", "refund_id", "refund_id IS NOT NULL"),
    ):
        op.create_index(
            name, "invoices", ["tenant_id", column], unique=True, postgresql_where=sa.text(where)
        )


def _create_invoice_lines() -> None:
    op.create_table(
        "invoice_lines",
        _uuid("tenant_id", False),
        _uuid("id", False),
        _uuid("invoice_id", False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        _uuid("order_line_id"),
        sa.Column("sku_code", sa.String(length=64), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        _amount("unit_price"),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        _amount("subtotal"),
        _amount("discount"),
        _amount("tax"),
        _amount("total"),
        tenant_fk("invoice_lines"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name="fk_invoice_lines_tenant_id_invoices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_invoice_lines"),
        sa.UniqueConstraint(
            "tenant_id",
            "invoice_id",
            "line_no",
            name="uq_invoice_lines_tenant_id_invoice_id_line_no",
        ),
    )


def _create_refunds() -> None:
    op.create_table(
        "refunds",
        _uuid("tenant_id", False),
        _uuid("id", False),
        sa.Column("number", sa.String(length=40), nullable=False),
        _uuid("payment_id", False),
        sa.Column("payment_number", sa.String(length=40), nullable=False),
        _uuid("order_id"),
        sa.Column("order_number", sa.String(length=60), nullable=True),
        _uuid("customer_id", False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("amount"),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("reason_note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        _uuid("requested_by_id"),
        sa.Column("requested_by_label", sa.String(length=320), nullable=True),
        _uuid("decided_by_id"),
        sa.Column("decided_by_label", sa.String(length=320), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("executed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stripe_refund_id", sa.String(length=255), nullable=True),
        sa.Column("external_reference", sa.String(length=200), nullable=True),
        sa.Column("failure_message", sa.String(length=500), nullable=True),
        _uuid("credit_note_id"),
        timestamp_column("created_at"),
        timestamp_column("updated_at"),
        tenant_fk("refunds"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["payments.tenant_id", "payments.id"],
            name="fk_refunds_tenant_id_payments",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_refunds_tenant_id_customers",
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refunds_amount_positive")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_refunds"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_refunds_tenant_id_number"),
        sa.UniqueConstraint(
            "tenant_id", "stripe_refund_id", name="uq_refunds_tenant_id_stripe_refund_id"
        ),
    )
    op.create_index(
        "ix_refunds_tenant_id_created_at_id", "refunds", ["tenant_id", "created_at", "id"]
    )
    op.create_index("ix_refunds_tenant_id_status", "refunds", ["tenant_id", "status"])
    op.create_index("ix_refunds_tenant_id_payment_id", "refunds", ["tenant_id", "payment_id"])


def upgrade() -> None:
    _upgrade_payments()
    op.create_table(
        "document_counters",
        _uuid("tenant_id", False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("last_value", sa.BigInteger(), nullable=False),
        tenant_fk("document_counters"),
        sa.PrimaryKeyConstraint("tenant_id", "kind", name="pk_document_counters"),
    )
    _create_invoices()
    _create_invoice_lines()
    _create_refunds()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    op.drop_constraint(op.f("ck_payments_refunded_within_amount"), "payments")
    op.drop_column("payments", "amount_refunded")
