"""Returns (RMA) (issue 14): returns, their lines and inspections, the gapless RMA number
counter and the tenant's return window; products get a `returnable` flag; support gets
returns:read/write/approve and warehouse returns:read/inspect in existing tenants.

Revision ID: 0033
Revises: 0032
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import (
    grant_to_existing_roles,
    quantity_column,
    tenant_fk,
    tenant_table,
    timestamp_column,
)

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

GRANTS = [
    *[("support", "returns", action) for action in ("read", "write", "approve")],
    *[("warehouse", "returns", action) for action in ("read", "inspect")],
]


def _tenant_ref(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{target}",
    )


def _returns() -> None:
    op.create_table(
        "returns",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("ticket_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("wish", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("resolution_status", sa.String(length=20), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        timestamp_column("updated_at"),
        *[
            sa.Column(name, sa.DateTime(timezone=True), nullable=True)
            for name in ("approved_at", "declined_at", "received_at", "inspected_at")
        ],
        sa.Column("approved_by_id", sa.UUID(), nullable=True),
        *[
            sa.Column(name, sa.DateTime(timezone=True), nullable=True)
            for name in ("resolved_at", "closed_at", "cancelled_at")
        ],
        timestamp_column("created_at"),
        tenant_fk("returns"),
        _tenant_ref("returns", "customer_id", "customers"),
        _tenant_ref("returns", "order_id", "orders"),
        _tenant_ref("returns", "ticket_id", "tickets"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_returns"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_returns_tenant_id_number"),
    )
    op.create_index(
        "uq_returns_tenant_id_idempotency_key",
        "returns",
        ["tenant_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    for name, columns in (
        ("created_at_id", ["created_at", "id"]),
        ("status_created_at_id", ["status", "created_at", "id"]),
        ("customer_id_created_at_id", ["customer_id", "created_at", "id"]),
        ("order_id", ["order_id"]),
    ):
        op.create_index(f"ix_returns_tenant_id_{name}", "returns", ["tenant_id", *columns])
    tenant_table("returns")


def _lines() -> None:
    op.create_table(
        "return_lines",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("return_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        quantity_column("received_quantity"),
        quantity_column("inspected_quantity"),
        tenant_fk("return_lines"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "return_id"],
            ["returns.tenant_id", "returns.id"],
            name="fk_return_lines_tenant_id_returns",
            ondelete="CASCADE",
        ),
        _tenant_ref("return_lines", "order_line_id", "order_lines"),
        sa.CheckConstraint(
            "quantity > 0 AND received_quantity >= 0 AND received_quantity <= quantity "
            "AND inspected_quantity >= 0 AND inspected_quantity <= received_quantity",
            name="quantities",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_return_lines"),
        sa.UniqueConstraint(
            "tenant_id", "return_id", "line_no", name="uq_return_lines_tenant_id_return_id_line_no"
        ),
    )
    op.create_index(
        "ix_return_lines_tenant_id_order_line_id", "return_lines", ["tenant_id", "order_line_id"]
    )
    tenant_table("return_lines")


def _inspections() -> None:
    op.create_table(
        "return_inspections",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("return_id", sa.UUID(), nullable=False),
        sa.Column("return_line_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("disposition", sa.String(length=30), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=True),
        sa.Column("stocked_sku_id", sa.UUID(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("inspected_by_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("return_inspections"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "return_line_id"],
            ["return_lines.tenant_id", "return_lines.id"],
            name="fk_return_inspections_tenant_id_return_lines",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_return_inspections"),
    )
    op.create_index(
        "ix_return_inspections_tenant_id_return_line_id_created_at",
        "return_inspections",
        ["tenant_id", "return_line_id", "created_at"],
    )
    tenant_table("return_inspections")


def _per_tenant() -> None:
    op.create_table(
        "return_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("return_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_return_number_counters"),
    )
    tenant_table("return_number_counters")
    op.create_table(
        "return_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("return_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_return_settings"),
    )
    tenant_table("return_settings")


def upgrade() -> None:
    op.add_column(
        "products",
        sa.Column("returnable", sa.Boolean(), server_default=sa.text("true"), nullable=False),
    )
    _returns()
    _lines()
    _inspections()
    _per_tenant()
    grant_to_existing_roles(GRANTS)


def downgrade() -> None:
    for table in (
        "return_settings",
        "return_number_counters",
        "return_inspections",
        "return_lines",
        "returns",
    ):
        op.drop_table(table)
    op.drop_column("products", "returnable")
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'returns'")
