"""Indexes for the order list and the benchmark.

The list pages on (sort key, id) within a tenant, optionally filtered by status, customer or
priority (0005 indexes newest/oldest overall, by status and by customer); these add the
priority filter, the "total" sort (overall and by status), the board's columns (status,
rank), the "requested date" sort (undated orders last, as DATE 'infinity'), and the customer
columns a
data scope narrows by ("own": owner, "department"), so each first page is one index range
scan. See docs/performance.md.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES: dict[str, tuple[str, list[str]]] = {
    "ix_orders_tenant_id_priority_created_at_id": (
        "orders",
        ["tenant_id", "priority", "created_at", "id"],
    ),
    "ix_orders_tenant_id_total_id": ("orders", ["tenant_id", "total", "id"]),
    "ix_orders_tenant_id_status_total_id": ("orders", ["tenant_id", "status", "total", "id"]),
    "ix_orders_tenant_id_status_rank_id": ("orders", ["tenant_id", "status", "rank", "id"]),
    "ix_customers_tenant_id_owner_id": ("customers", ["tenant_id", "owner_id"]),
    "ix_customers_tenant_id_department_id": ("customers", ["tenant_id", "department_id"]),
}


REQUESTED_DATE_INDEX = "ix_orders_tenant_id_requested_date_id"


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    op.execute(
        f"CREATE INDEX {REQUESTED_DATE_INDEX} ON orders (tenant_id, "
        "(coalesce(requested_delivery_date, DATE 'infinity')), id)"
    )


def downgrade() -> None:
    op.drop_index(REQUESTED_DATE_INDEX, table_name="orders")
    for name, (table, _) in reversed(INDEXES.items()):
        op.drop_index(name, table_name=table)
