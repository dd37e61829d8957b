"""Customer notices sent remember their order, so the customer's timeline can list them.

Revision ID: 0030
Revises: 0029
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer_notices_sent", sa.Column("order_id", sa.UUID(), nullable=True))
    op.create_index(
        "ix_customer_notices_sent_tenant_id_order_id",
        "customer_notices_sent",
        ["tenant_id", "order_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_customer_notices_sent_tenant_id_order_id", "customer_notices_sent")
    op.drop_column("customer_notices_sent", "order_id")
