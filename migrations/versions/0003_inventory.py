"""Inventory: warehouses, stock levels, movements and reservations.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

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

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("warehouses", "stock_levels", "stock_movements", "stock_reservations")
# Existing tenants' default roles get the new resources like new tenants do
# (rbac/catalog.py DEFAULT_ROLES); admins get them from `orbit migrate` itself.
DEFAULT_GRANTS = (
    ("manager", "inventory", "read"),
    ("manager", "inventory", "write"),
    ("manager", "inventory", "backorder"),
    ("manager", "warehouses", "read"),
    ("manager", "warehouses", "write"),
    ("warehouse", "inventory", "read"),
    ("warehouse", "inventory", "write"),
    ("warehouse", "warehouses", "read"),
    ("warehouse", "warehouses", "write"),
    ("sales", "inventory", "read"),
    ("finance", "inventory", "read"),
    ("support", "inventory", "read"),
)


def _fk(
    table: str, columns: list[str], referred: str, referred_columns: list[str]
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        columns,
        [f"{referred}.{c}" for c in referred_columns],
        name=f"fk_{table}_{columns[0]}_{referred}",
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=f"ck_{table}_{name}")


def _create_warehouses() -> None:
    op.create_table(
        "warehouses",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "regions",
            postgresql.ARRAY(sa.String(length=40)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), server_default=sa.text("100"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("warehouses"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_warehouses"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_warehouses_tenant_id_code"),
    )


def _create_stock_levels() -> None:
    table = "stock_levels"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        quantity_column("on_hand"),
        quantity_column("reserved"),
        quantity_column("backordered"),
        sa.Column("low_stock_threshold", sa.Numeric(precision=18, scale=3), nullable=True),
        timestamp_column("updated_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "warehouse_id"], "warehouses", ["tenant_id", "id"]),
        _fk(table, ["tenant_id", "sku_id"], "skus", ["tenant_id", "id"]),
        _check(table, "on_hand_not_negative", "on_hand >= 0"),
        _check(table, "reserved_not_negative", "reserved >= 0"),
        _check(table, "backordered_not_negative", "backordered >= 0"),
        _check(table, "reserved_within_on_hand", "reserved <= on_hand"),
        _check(table, "threshold_not_negative", "low_stock_threshold >= 0"),
        sa.PrimaryKeyConstraint("tenant_id", "warehouse_id", "sku_id", name="pk_stock_levels"),
    )
    op.create_index("ix_stock_levels_tenant_id_sku_id", table, ["tenant_id", "sku_id"])


def _create_stock_movements() -> None:
    table = "stock_movements"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        quantity_column("on_hand_delta"),
        quantity_column("reserved_delta"),
        quantity_column("backordered_delta"),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference_type", sa.String(length=40), nullable=True),
        sa.Column("reference_id", sa.UUID(), nullable=True),
        sa.Column("actor_kind", sa.String(length=20), nullable=True),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "warehouse_id"], "warehouses", ["tenant_id", "id"]),
        _fk(table, ["tenant_id", "sku_id"], "skus", ["tenant_id", "id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_stock_movements"),
    )
    op.create_index("ix_stock_movements_tenant_id_sku_id_id", table, ["tenant_id", "sku_id", "id"])
    op.create_index(
        "ix_stock_movements_tenant_id_warehouse_id_id", table, ["tenant_id", "warehouse_id", "id"]
    )
    op.create_index(
        "ix_stock_movements_tenant_id_reference_id", table, ["tenant_id", "reference_id"]
    )


def _create_stock_reservations() -> None:
    table = "stock_reservations"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("reference_type", sa.String(length=40), nullable=False),
        sa.Column("reference_id", sa.UUID(), nullable=False),
        sa.Column("warehouse_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        quantity_column("quantity"),
        quantity_column("reserved"),
        quantity_column("backordered"),
        quantity_column("consumed"),
        sa.Column(
            "status", sa.String(length=20), server_default=sa.text("'active'"), nullable=False
        ),
        timestamp_column("created_at"),
        timestamp_column("updated_at"),
        tenant_fk(table),
        _fk(
            table,
            ["tenant_id", "warehouse_id", "sku_id"],
            "stock_levels",
            ["tenant_id", "warehouse_id", "sku_id"],
        ),
        _check(table, "quantity_not_negative", "quantity >= 0"),
        _check(table, "reserved_not_negative", "reserved >= 0"),
        _check(table, "backordered_not_negative", "backordered >= 0"),
        _check(table, "consumed_not_negative", "consumed >= 0"),
        _check(table, "parts_within_quantity", "reserved + backordered + consumed <= quantity"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_stock_reservations"),
    )
    op.create_index(
        "uq_stock_reservations_active_reference",
        table,
        ["tenant_id", "reference_type", "reference_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(
        "ix_stock_reservations_tenant_id_reference_id", table, ["tenant_id", "reference_id"]
    )
    op.create_index(
        "ix_stock_reservations_tenant_id_warehouse_id_sku_id",
        table,
        ["tenant_id", "warehouse_id", "sku_id"],
    )


def upgrade() -> None:
    _create_warehouses()
    _create_stock_levels()
    _create_stock_movements()
    _create_stock_reservations()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 IN ('inventory', 'warehouses')")
    op.drop_table("stock_reservations")
    op.drop_table("stock_movements")
    op.drop_table("stock_levels")
    op.drop_table("warehouses")
