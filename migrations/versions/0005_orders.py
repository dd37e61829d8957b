"""Orders: orders, order lines, status history, number counters and order settings.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import (
    grant_to_existing_roles,
    quantity_column,
    tenant_fk,
    tenant_table,
    timestamp_column,
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (
    "orders",
    "order_lines",
    "order_status_history",
    "order_number_counters",
    "order_settings",
)
ALL_ACTIONS = (
    "read",
    "write",
    "submit",
    "confirm",
    "cancel",
    "mark_paid",
    "ship",
    "deliver",
    "complete",
    "discount_any",
)
# Existing tenants' default roles get what new tenants get (rbac/catalog.py DEFAULT_ROLES);
# admins get every permission from `orbit migrate` itself.
DEFAULT_GRANTS = (
    *(("manager", "orders", action) for action in ALL_ACTIONS),
    *(("sales", "orders", action) for action in ("read", "write", "submit", "cancel")),
    *(("warehouse", "orders", action) for action in ("read", "ship", "deliver")),
    *(("finance", "orders", action) for action in ("read", "mark_paid", "complete")),
    ("support", "orders", "read"),
)


def _amount(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Numeric(precision=18, scale=4), nullable=False)


def _fk(table: str, columns: list[str], referred: str, **kwargs: Any) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        columns,
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=f"fk_{table}_{columns[0]}_{referred}",
        **kwargs,
    )


def _create_orders() -> None:
    table = "orders"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=True),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("payment_terms_kind", sa.String(length=20), nullable=False),
        sa.Column("ship_to", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("bill_to", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("requested_delivery_date", sa.Date(), nullable=True),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("rank", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.String(length=40)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _amount("subtotal"),
        _amount("discount_total"),
        _amount("tax_total"),
        _amount("total"),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("tracking_number", sa.String(length=100), nullable=True),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "customer_id"], "customers"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_orders"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_orders_tenant_id_number"),
    )
    op.create_index(
        "uq_orders_tenant_id_external_ref",
        table,
        ["tenant_id", "external_ref"],
        unique=True,
        postgresql_where=sa.text("external_ref IS NOT NULL"),
    )
    op.create_index(
        "uq_orders_tenant_id_idempotency_key",
        table,
        ["tenant_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    op.create_index("ix_orders_tenant_id_created_at_id", table, ["tenant_id", "created_at", "id"])
    op.create_index(
        "ix_orders_tenant_id_customer_id_created_at_id",
        table,
        ["tenant_id", "customer_id", "created_at", "id"],
    )
    op.create_index(
        "ix_orders_tenant_id_status_created_at_id",
        table,
        ["tenant_id", "status", "created_at", "id"],
    )


def _create_order_lines() -> None:
    table = "order_lines"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        _amount("unit_price"),
        sa.Column("price_source", sa.String(length=120), nullable=False),
        sa.Column("price_source_label", sa.String(length=200), nullable=False),
        sa.Column(
            "discount_percent",
            sa.Numeric(precision=7, scale=4),
            server_default=sa.text("0"),
            nullable=False,
        ),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        _amount("line_subtotal"),
        _amount("line_discount"),
        _amount("line_tax"),
        _amount("line_total"),
        quantity_column("reserved_quantity"),
        quantity_column("backordered_quantity"),
        quantity_column("shipped_quantity"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "order_id"], "orders", ondelete="CASCADE"),
        _fk(table, ["tenant_id", "sku_id"], "skus"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_order_lines"),
        sa.UniqueConstraint(
            "tenant_id", "order_id", "line_no", name="uq_order_lines_tenant_id_order_id_line_no"
        ),
    )


def _create_order_status_history() -> None:
    table = "order_status_history"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("actor_kind", sa.String(length=20), nullable=True),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("actor_label", sa.String(length=320), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "order_id"], "orders", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_order_status_history"),
    )
    op.create_index(
        "ix_order_status_history_tenant_id_order_id_created_at",
        table,
        ["tenant_id", "order_id", "created_at"],
    )


def _create_counters_and_settings() -> None:
    op.create_table(
        "order_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("order_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", "series", name="pk_order_number_counters"),
    )
    op.create_table(
        "order_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("number_format", sa.String(length=60), nullable=False),
        sa.Column("discount_caps", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("order_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_order_settings"),
    )


def upgrade() -> None:
    _create_orders()
    _create_order_lines()
    _create_order_status_history()
    _create_counters_and_settings()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'orders'")
    for table in reversed(TABLES):
        op.drop_table(table)
