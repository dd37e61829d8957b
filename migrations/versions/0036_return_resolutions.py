"""Return resolutions, approval thresholds and labels (issue 14).

A resolved return keeps how it was resolved (refund or exchange), the refund it granted
(amount and the refund's id in payments) or the exchange order it created; each return line
keeps its share of the refund, so a later return of the same order line is capped by what
is left. Orders gain the link from an exchange order to the order it replaces. The tenant's
return settings gain the approval threshold and the address returns are sent to; a return
above the threshold is approved through an approval request, which gains a nullable
reference to the return (the smallest extension of the order-bound approval requests).

Revision ID: 0036
Revises: 0035
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("returns", sa.Column("resolution", sa.String(20), nullable=True))
    op.add_column("returns", sa.Column("refund_amount", sa.Numeric(18, 4), nullable=True))
    op.add_column("returns", sa.Column("refund_id", sa.UUID(), nullable=True))
    op.add_column("returns", sa.Column("exchange_order_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        "fk_returns_tenant_id_exchange_order_id_orders",
        "returns",
        "orders",
        ["tenant_id", "exchange_order_id"],
        ["tenant_id", "id"],
    )
    op.create_index(
        "uq_returns_tenant_id_refund_id",
        "returns",
        ["tenant_id", "refund_id"],
        unique=True,
        postgresql_where=sa.text("refund_id IS NOT NULL"),
    )
    op.create_index(
        "uq_returns_tenant_id_exchange_order_id",
        "returns",
        ["tenant_id", "exchange_order_id"],
        unique=True,
        postgresql_where=sa.text("exchange_order_id IS NOT NULL"),
    )
    op.add_column("return_lines", sa.Column("refund_amount", sa.Numeric(18, 4), nullable=True))
    op.add_column("orders", sa.Column("exchange_of_order_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        "fk_orders_tenant_id_exchange_of_order_id_orders",
        "orders",
        "orders",
        ["tenant_id", "exchange_of_order_id"],
        ["tenant_id", "id"],
    )
    op.add_column(
        "return_settings", sa.Column("approval_threshold", sa.Numeric(18, 4), nullable=True)
    )
    op.add_column("return_settings", sa.Column("return_address", JSONB(), nullable=True))
    op.add_column("returns", sa.Column("approval_request_id", sa.UUID(), nullable=True))
    op.add_column("approval_requests", sa.Column("return_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        "fk_approval_requests_tenant_id_return_id_returns",
        "approval_requests",
        "returns",
        ["tenant_id", "return_id"],
        ["tenant_id", "id"],
        ondelete="CASCADE",
    )


def downgrade() -> None:
    op.drop_constraint("fk_approval_requests_tenant_id_return_id_returns", "approval_requests")
    op.drop_column("approval_requests", "return_id")
    op.drop_column("returns", "approval_request_id")
    op.drop_column("return_settings", "return_address")
    op.drop_column("return_settings", "approval_threshold")
    op.drop_constraint("fk_orders_tenant_id_exchange_of_order_id_orders", "orders")
    op.drop_column("orders", "exchange_of_order_id")
    op.drop_column("return_lines", "refund_amount")
    op.drop_index("uq_returns_tenant_id_exchange_order_id", "returns")
    op.drop_index("uq_returns_tenant_id_refund_id", "returns")
    op.drop_constraint("fk_returns_tenant_id_exchange_order_id_orders", "returns")
    for column in ("exchange_order_id", "refund_id", "refund_amount", "resolution"):
        op.drop_column("returns", column)
