"""Four-eyes refunds: a tenant setting (on unless the tenant turns it off) under which the
person who requested a refund cannot execute it. Tenants without a row have it on, so
existing tenants need no rows.

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

TABLE = "refund_settings"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("four_eyes", sa.Boolean(), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk(TABLE),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_refund_settings"),
    )
    tenant_table(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
