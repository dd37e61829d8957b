"""Saved cards for subscription renewals: each customer's Stripe Customer object (cards are
saved on it with a SetupIntent and charged off-session), and what the renewal charges need
(issue 13).

Revision ID: 0042
Revises: 0041
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stripe_customers",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("stripe_customer_id", sa.String(length=255), nullable=False),
        timestamp_column(),
        tenant_fk("stripe_customers"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name="fk_stripe_customers_tenant_id_customers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", name="pk_stripe_customers"),
        sa.UniqueConstraint(
            "tenant_id",
            "stripe_customer_id",
            name="uq_stripe_customers_tenant_id_stripe_customer_id",
        ),
    )
    tenant_table("stripe_customers")


def downgrade() -> None:
    op.drop_table("stripe_customers")
