"""Customer notices: the tenant's switches for the emails an order's customer gets
(confirmed, shipped, delivered) and the record of notices sent, one per event.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _switch(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default=sa.text("true"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "customer_notice_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        _switch("order_confirmed"),
        _switch("order_shipped"),
        _switch("order_delivered"),
        timestamp_column("updated_at"),
        tenant_fk("customer_notice_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_customer_notice_settings"),
    )
    op.create_table(
        "customer_notices_sent",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("customer_notices_sent"),
        sa.PrimaryKeyConstraint("tenant_id", "event_id", name="pk_customer_notices_sent"),
    )
    for table in ("customer_notice_settings", "customer_notices_sent"):
        tenant_table(table)


def downgrade() -> None:
    op.drop_table("customer_notices_sent")
    op.drop_table("customer_notice_settings")
