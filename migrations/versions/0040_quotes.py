"""Quotes (issue 13): quotes, their versions (frozen once sent) and lines (one-off and
recurring), the Q number counter and the platform-level schedule the expiry job reads
(quote_expiry_due).

Revision ID: 0040
Revises: 0039
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=18, scale=4)
PERCENT = sa.Numeric(precision=7, scale=4)


def _tenant_ref(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{column}_{target}",
    )


def _quotes() -> None:
    op.create_table(
        "quotes",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("contract_requested", sa.Boolean(), nullable=False),
        sa.Column("contract_template_id", sa.UUID(), nullable=True),
        sa.Column("contract_start_date", sa.Date(), nullable=True),
        sa.Column("contract_initial_term_months", sa.Integer(), nullable=True),
        sa.Column("contract_renewal_type", sa.String(length=20), nullable=True),
        sa.Column("contract_renewal_term_months", sa.Integer(), nullable=True),
        sa.Column("contract_notice_days", sa.Integer(), nullable=True),
        sa.Column("renewal_of_subscription_id", sa.UUID(), nullable=True),
        sa.Column("order_id", sa.UUID(), nullable=True),
        sa.Column("subscription_id", sa.UUID(), nullable=True),
        sa.Column("contract_id", sa.UUID(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        timestamp_column("updated_at"),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_kind", sa.String(length=20), nullable=True),
        sa.Column("accepted_by_id", sa.UUID(), nullable=True),
        sa.Column("accepted_version", sa.Integer(), nullable=True),
        *[
            sa.Column(name, sa.DateTime(timezone=True), nullable=True)
            for name in ("declined_at", "expired_at", "withdrawn_at")
        ],
        timestamp_column("created_at"),
        tenant_fk("quotes"),
        _tenant_ref("quotes", "customer_id", "customers"),
        _tenant_ref("quotes", "order_id", "orders"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_quotes"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_quotes_tenant_id_number"),
    )
    for name, columns in (
        ("created_at_id", ["created_at", "id"]),
        ("status_created_at_id", ["status", "created_at", "id"]),
        ("customer_id_created_at_id", ["customer_id", "created_at", "id"]),
        ("sent_at", ["sent_at"]),
        ("order_id", ["order_id"]),
    ):
        op.create_index(f"ix_quotes_tenant_id_{name}", "quotes", ["tenant_id", *columns])
    op.create_index(
        "uq_quotes_tenant_id_idempotency_key",
        "quotes",
        ["tenant_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    tenant_table("quotes")


def _versions() -> None:
    op.create_table(
        "quote_versions",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("quote_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        *[
            sa.Column(name, AMOUNT, nullable=False)
            for name in ("subtotal", "discount_total", "tax_total", "total")
        ],
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pdf_file_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("quote_versions"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "quote_id"],
            ["quotes.tenant_id", "quotes.id"],
            name="fk_quote_versions_tenant_id_quotes",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("version > 0", name="version"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_quote_versions"),
        sa.UniqueConstraint(
            "tenant_id", "quote_id", "version", name="uq_quote_versions_tenant_id_quote_id_version"
        ),
    )
    tenant_table("quote_versions")


def _lines() -> None:
    op.create_table(
        "quote_lines",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("quote_id", sa.UUID(), nullable=False),
        sa.Column("version_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("plan_id", sa.UUID(), nullable=True),
        sa.Column("billing_period", sa.String(length=10), nullable=True),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column("unit_price", AMOUNT, nullable=False),
        sa.Column("price_source", sa.String(length=120), nullable=False),
        sa.Column("price_source_label", sa.String(length=200), nullable=False),
        sa.Column("discount_percent", PERCENT, nullable=False),
        sa.Column("tax_rate", PERCENT, nullable=False),
        *[
            sa.Column(name, AMOUNT, nullable=False)
            for name in ("line_subtotal", "line_discount", "line_tax", "line_total")
        ],
        tenant_fk("quote_lines"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "version_id"],
            ["quote_versions.tenant_id", "quote_versions.id"],
            name="fk_quote_lines_tenant_id_quote_versions",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_quote_lines"),
        sa.UniqueConstraint(
            "tenant_id", "version_id", "line_no", name="uq_quote_lines_tenant_id_version_id_line_no"
        ),
    )
    tenant_table("quote_lines")


def _per_tenant_and_due() -> None:
    op.create_table(
        "quote_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("quote_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_quote_number_counters"),
    )
    tenant_table("quote_number_counters")
    op.create_table(
        "quote_expiry_due",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("quote_id", sa.UUID(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "quote_id", name="pk_quote_expiry_due"),
    )
    op.create_index("ix_quote_expiry_due_valid_until", "quote_expiry_due", ["valid_until"])
    grant_to_app("quote_expiry_due")


def upgrade() -> None:
    _quotes()
    _versions()
    _lines()
    _per_tenant_and_due()


def downgrade() -> None:
    for table in (
        "quote_expiry_due",
        "quote_number_counters",
        "quote_lines",
        "quote_versions",
        "quotes",
    ):
        op.drop_table(table)
