"""Orders keep the payment terms they were sold on (net days, instalment plan), which may
differ from the customer's.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("payment_net_days", sa.Integer(), nullable=True))
    op.add_column(
        "orders", sa.Column("payment_plan", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("orders", "payment_plan")
    op.drop_column("orders", "payment_net_days")
