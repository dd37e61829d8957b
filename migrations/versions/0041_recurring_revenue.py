"""Recurring revenue: the MRR movements ledger and its monthly totals, customers' lifecycle
segments, and the default roles' grants on quotes, contracts, subscriptions and revenue for
existing tenants (issue 13).

Revision ID: 0041
Revises: 0040
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

GRANTS = [
    *[
        ("manager", resource, action)
        for resource, action in (
            ("quotes", "read"),
            ("quotes", "write"),
            ("contracts", "read"),
            ("contracts", "write"),
            ("contracts", "countersign"),
            ("contracts", "configure"),
            ("subscriptions", "read"),
            ("subscriptions", "write"),
            ("subscriptions", "plans"),
            ("revenue", "read"),
        )
    ],
    *[
        ("sales", resource, action)
        for resource, action in (
            ("quotes", "read"),
            ("quotes", "write"),
            ("contracts", "read"),
            ("contracts", "write"),
            ("subscriptions", "read"),
            ("subscriptions", "write"),
        )
    ],
    *[("finance", resource, "read") for resource in ("contracts", "subscriptions", "revenue")],
    *[("support", resource, "read") for resource in ("contracts", "subscriptions")],
]


TABLES = (
    "revenue_reconciliations",
    "customer_segments",
    "mrr_months",
    "mrr_movements",
    "customer_mrr",
)


def _amount(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(precision=18, scale=4), nullable=False)


def _customer_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "customer_id"],
        ["customers.tenant_id", "customers.id"],
        name=f"fk_{table}_tenant_id_customers",
        ondelete="CASCADE",
    )


def _customer_mrr() -> None:
    op.create_table(
        "customer_mrr",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("mrr"),
        sa.Column("ever_active", sa.Boolean(), nullable=False),
        sa.Column("first_active_on", sa.Date(), nullable=True),
        timestamp_column("updated_at"),
        tenant_fk("customer_mrr"),
        _customer_fk("customer_mrr"),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", "currency", name="pk_customer_mrr"),
    )
    tenant_table("customer_mrr")


def _movements() -> None:
    op.create_table(
        "mrr_movements",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("subscription_id", sa.UUID(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        _amount("amount"),
        _amount("customer_mrr_before"),
        _amount("customer_mrr_after"),
        sa.Column("cause", sa.String(length=20), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("mrr_movements"),
        _customer_fk("mrr_movements"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_mrr_movements"),
    )
    op.create_index(
        "ix_mrr_movements_tenant_id_month", "mrr_movements", ["tenant_id", "currency", "month"]
    )
    op.create_index(
        "ix_mrr_movements_tenant_id_customer_id", "mrr_movements", ["tenant_id", "customer_id"]
    )
    tenant_table("mrr_movements")


def _months() -> None:
    op.create_table(
        "mrr_months",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(_amount(kind) for kind in ("new", "expansion", "reactivation", "contraction", "churn")),
        *(
            sa.Column(count, sa.Integer(), nullable=False)
            for count in ("customers_new", "customers_reactivated", "customers_churned")
        ),
        tenant_fk("mrr_months"),
        sa.PrimaryKeyConstraint("tenant_id", "currency", "month", name="pk_mrr_months"),
    )
    tenant_table("mrr_months")


def _segments() -> None:
    op.create_table(
        "customer_segments",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("segment", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        tenant_fk("customer_segments"),
        _customer_fk("customer_segments"),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", name="pk_customer_segments"),
    )
    op.create_index(
        "ix_customer_segments_tenant_id_segment", "customer_segments", ["tenant_id", "segment"]
    )
    tenant_table("customer_segments")


def _reconciliations() -> None:
    op.create_table(
        "revenue_reconciliations",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        _amount("ledger_mrr"),
        _amount("customers_mrr"),
        _amount("subscriptions_mrr"),
        sa.Column("balanced", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        tenant_fk("revenue_reconciliations"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_revenue_reconciliations"),
    )
    tenant_table("revenue_reconciliations")


def upgrade() -> None:
    _customer_mrr()
    _movements()
    _months()
    _segments()
    _reconciliations()
    grant_to_existing_roles(GRANTS)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    op.execute(
        "DELETE FROM casbin_rules WHERE ptype = 'p' "
        "AND v1 IN ('quotes', 'contracts', 'subscriptions', 'revenue')"
    )
