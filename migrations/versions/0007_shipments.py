"""Shipments and shipment lines.

Also the tenant's shipping settings (late-shipment days), the late-shipment alerts raised,
and the platform-level deadline queue the late-shipment job scans.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TENANT_TABLES = ("shipments", "shipment_lines", "shipping_settings", "late_shipment_alerts")


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=f"fk_{table}_tenant_id_{referred}",
        ondelete="CASCADE",
    )


def _create_shipments() -> None:
    table = "shipments"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=False),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("tracking_number", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        _fk(table, "order_id", "orders"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"],
            ["warehouses.tenant_id", "warehouses.id"],
            name="fk_shipments_tenant_id_warehouses",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_shipments"),
        sa.UniqueConstraint(
            "tenant_id", "order_id", "seq", name="uq_shipments_tenant_id_order_id_seq"
        ),
    )


def _create_shipment_lines() -> None:
    table = "shipment_lines"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("shipment_id", sa.UUID(), nullable=False),
        sa.Column("order_line_id", sa.UUID(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        tenant_fk(table),
        _fk(table, "shipment_id", "shipments"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_line_id"],
            ["order_lines.tenant_id", "order_lines.id"],
            name="fk_shipment_lines_tenant_id_order_lines",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_shipment_lines"),
        sa.UniqueConstraint(
            "tenant_id",
            "shipment_id",
            "order_line_id",
            name="uq_shipment_lines_tenant_id_shipment_id_order_line_id",
        ),
    )
    op.create_index(
        "ix_shipment_lines_tenant_id_order_line_id", table, ["tenant_id", "order_line_id"]
    )


def _create_settings_and_alerts() -> None:
    op.create_table(
        "shipping_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("late_shipment_days", sa.Integer(), server_default=sa.text("2"), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("shipping_settings"),
        sa.CheckConstraint("late_shipment_days > 0", name="ck_shipping_settings_days_positive"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_shipping_settings"),
    )
    op.create_table(
        "late_shipment_alerts",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("late_shipment_alerts"),
        _fk("late_shipment_alerts", "order_id", "orders"),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", name="pk_late_shipment_alerts"),
    )


def _create_deadline_queue() -> None:
    op.create_table(
        "shipment_deadlines",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=False),
        timestamp_column("due_at"),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", name="pk_shipment_deadlines"),
    )
    op.create_index("ix_shipment_deadlines_due_at", "shipment_deadlines", ["due_at"])
    # Platform-level like event_queue: ids and times only, no row-level security.
    grant_to_app("shipment_deadlines")


def upgrade() -> None:
    _create_shipments()
    _create_shipment_lines()
    _create_settings_and_alerts()
    _create_deadline_queue()
    for table in TENANT_TABLES:
        tenant_table(table)


def downgrade() -> None:
    op.drop_table("shipment_deadlines")
    for table in reversed(TENANT_TABLES):
        op.drop_table(table)
