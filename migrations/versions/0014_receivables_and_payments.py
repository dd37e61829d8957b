"""Receivables, manual payments and their allocations; the order's payment progress.

Orders gain payment_status (unpaid, partially_paid, paid, partially_refunded, refunded),
amount_paid and amount_refunded; existing orders start unpaid (constant defaults: no table
rewrite). Finance gets payments:read and payments:record, management payments:read.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = ("receivables", "payments", "payment_allocations", "payment_counters")
DEFAULT_GRANTS = (
    ("finance", "payments", "read"),
    ("finance", "payments", "record"),
    ("manager", "payments", "read"),
)


def _amount(name: str, default: bool = False) -> sa.Column[Decimal]:
    return sa.Column(
        name,
        sa.Numeric(precision=18, scale=4),
        nullable=False,
        server_default=sa.text("0") if default else None,
    )


def upgrade() -> None:
    op.add_column(
        "orders",
        sa.Column(
            "payment_status",
            sa.String(length=20),
            nullable=False,
            server_default=sa.text("'unpaid'"),
        ),
    )
    op.add_column("orders", _amount("amount_paid", default=True))
    op.add_column("orders", _amount("amount_refunded", default=True))
    op.create_table(
        "receivables",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("days_after", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("amount"),
        _amount("amount_paid", default=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("receivables"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_receivables"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name="fk_receivables_tenant_id_orders",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_receivables_tenant_id_customers",
        ),
        sa.UniqueConstraint(
            "tenant_id", "order_id", "sequence", name="uq_receivables_tenant_id_order_id_sequence"
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_receivables_amount_positive")),
        sa.CheckConstraint(
            "amount_paid >= 0 AND amount_paid <= amount",
            name=op.f("ck_receivables_paid_within_amount"),
        ),
    )
    op.create_index(
        "ix_receivables_tenant_id_customer_id_status",
        "receivables",
        ["tenant_id", "customer_id", "status"],
    )
    op.create_index(
        "ix_receivables_tenant_id_status_due_date",
        "receivables",
        ["tenant_id", "status", "due_date"],
    )
    op.create_table(
        "payments",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("amount"),
        _amount("amount_allocated", default=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.UUID(), nullable=True),
        sa.Column("recorded_by_label", sa.String(length=320), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("payments"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_payments"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_payments_tenant_id_customers",
        ),
        sa.UniqueConstraint("tenant_id", "number", name="uq_payments_tenant_id_number"),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            "amount_allocated >= 0 AND amount_allocated <= amount",
            name=op.f("ck_payments_allocated_within_amount"),
        ),
    )
    op.create_index(
        "ix_payments_tenant_id_created_at_id", "payments", ["tenant_id", "created_at", "id"]
    )
    op.create_index(
        "ix_payments_tenant_id_customer_id_created_at",
        "payments",
        ["tenant_id", "customer_id", "created_at"],
    )
    op.create_table(
        "payment_allocations",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("payment_id", sa.UUID(), nullable=False),
        sa.Column("receivable_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        _amount("amount"),
        timestamp_column("created_at"),
        tenant_fk("payment_allocations"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_payment_allocations"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["payments.tenant_id", "payments.id"],
            name="fk_payment_allocations_tenant_id_payments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "receivable_id"],
            ["receivables.tenant_id", "receivables.id"],
            name="fk_payment_allocations_tenant_id_receivables",
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "payment_id",
            "receivable_id",
            name="uq_payment_allocations_tenant_id_payment_id_receivable_id",
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payment_allocations_amount_positive")),
    )
    op.create_index(
        "ix_payment_allocations_tenant_id_receivable_id",
        "payment_allocations",
        ["tenant_id", "receivable_id"],
    )
    op.create_table(
        "payment_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("last_value", sa.BigInteger(), nullable=False),
        tenant_fk("payment_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_payment_counters"),
    )
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    for column in ("amount_refunded", "amount_paid", "payment_status"):
        op.drop_column("orders", column)
