"""Stripe payments: the PaymentIntents Orbit creates (stripe_checkouts), the webhook events
received (stripe_events, keyed by Stripe's event id for idempotency), and at most one
payment per PaymentIntent.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "payments", sa.Column("stripe_payment_intent_id", sa.String(length=255), nullable=True)
    )
    op.create_unique_constraint(
        "uq_payments_tenant_id_stripe_payment_intent_id",
        "payments",
        ["tenant_id", "stripe_payment_intent_id"],
    )
    op.create_table(
        "stripe_checkouts",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("payment_intent_id", sa.String(length=255), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("allocations", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("payment_id", sa.UUID(), nullable=True),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk("stripe_checkouts"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_stripe_checkouts"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_stripe_checkouts_tenant_id_customers",
        ),
        sa.UniqueConstraint(
            "tenant_id", "payment_intent_id", name="uq_stripe_checkouts_tenant_id_payment_intent_id"
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_stripe_checkouts_amount_positive")),
    )
    op.create_table(
        "stripe_events",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=60), nullable=False),
        timestamp_column("received_at"),
        tenant_fk("stripe_events"),
        sa.PrimaryKeyConstraint("tenant_id", "event_id", name="pk_stripe_events"),
    )
    tenant_table("stripe_checkouts")
    tenant_table("stripe_events")


def downgrade() -> None:
    op.drop_table("stripe_events")
    op.drop_table("stripe_checkouts")
    op.drop_constraint("uq_payments_tenant_id_stripe_payment_intent_id", "payments")
    op.drop_column("payments", "stripe_payment_intent_id")
