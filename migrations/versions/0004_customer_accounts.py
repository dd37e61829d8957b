"""Customer accounts: tiers, tags, regions, addresses, payment terms, credit limits.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_existing_roles, tenant_table, timestamp_column

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Roles of existing tenants that set credit limits and payment terms (new tenants get the
# same from rbac.catalog.DEFAULT_ROLES; admins get every permission from `orbit migrate`).
CREDIT_ROLES = ("finance", "manager")


def _account_columns() -> None:
    columns = [
        sa.Column("tier", sa.String(length=20), server_default="standard", nullable=False),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("external_ref", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "payment_terms_kind", sa.String(length=20), server_default="prepaid", nullable=False
        ),
        sa.Column("payment_net_days", sa.Integer(), nullable=True),
        sa.Column(
            "credit_limit", sa.Numeric(precision=18, scale=4), server_default="0", nullable=False
        ),
        sa.Column("credit_currency", sa.String(length=3), nullable=True),
    ]
    for column in columns:
        op.add_column("customers", column)
    # Existing credit limits (all 0) are in their tenant's currency.
    op.execute(
        "UPDATE customers c SET credit_currency = t.currency FROM tenants t "
        "WHERE t.id = c.tenant_id"
    )
    op.alter_column("customers", "credit_currency", nullable=False)
    op.create_unique_constraint(
        op.f("uq_customers_tenant_id_external_ref"), "customers", ["tenant_id", "external_ref"]
    )
    op.create_check_constraint(
        op.f("ck_customers_credit_limit_not_negative"), "customers", "credit_limit >= 0"
    )
    op.create_check_constraint(
        op.f("ck_customers_payment_net_days_range"),
        "customers",
        "payment_net_days BETWEEN 1 AND 365",
    )


def _addresses_table() -> None:
    op.create_table(
        "customer_addresses",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("line1", sa.String(length=200), nullable=False),
        sa.Column("line2", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        timestamp_column(),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_customer_addresses_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_addresses_tenant_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customer_addresses")),
    )
    op.create_index(
        "ix_customer_addresses_tenant_id_customer_id",
        "customer_addresses",
        ["tenant_id", "customer_id"],
    )
    op.create_index(
        "uq_customer_addresses_one_default",
        "customer_addresses",
        ["tenant_id", "customer_id", "kind"],
        unique=True,
        postgresql_where=sa.text("is_default"),
    )
    tenant_table("customer_addresses")


def _tags_table() -> None:
    op.create_table(
        "customer_tags",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_customer_tags_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_tags_tenant_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "customer_id", "tag", name=op.f("pk_customer_tags")),
    )
    op.create_index(
        "ix_customer_tags_tenant_id_tag", "customer_tags", ["tenant_id", "tag", "customer_id"]
    )
    tenant_table("customer_tags")


def upgrade() -> None:
    _account_columns()
    _addresses_table()
    _tags_table()
    grant_to_existing_roles([(role, "customers", "credit") for role in CREDIT_ROLES])


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'customers' AND v2 = 'credit'")
    op.drop_table("customer_tags")
    op.drop_table("customer_addresses")
    op.drop_constraint(op.f("ck_customers_payment_net_days_range"), "customers", type_="check")
    op.drop_constraint(op.f("ck_customers_credit_limit_not_negative"), "customers", type_="check")
    op.drop_constraint(op.f("uq_customers_tenant_id_external_ref"), "customers", type_="unique")
    for column in (
        "credit_currency",
        "credit_limit",
        "payment_net_days",
        "payment_terms_kind",
        "notes",
        "external_ref",
        "email",
        "phone",
        "region",
        "tier",
    ):
        op.drop_column("customers", column)
