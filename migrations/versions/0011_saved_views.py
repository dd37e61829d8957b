"""Saved order list views.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLE = "saved_views"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("list_key", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=False),
        sa.Column("owner_label", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("shared", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("filters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sort", sa.String(length=40), nullable=False),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk(TABLE),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_saved_views"),
    )
    op.create_index(
        "uq_saved_views_tenant_id_owner_id_list_key_name",
        TABLE,
        ["tenant_id", "owner_id", "list_key", sa.text("lower(name)")],
        unique=True,
    )
    op.create_index(
        "ix_saved_views_tenant_id_list_key_shared", TABLE, ["tenant_id", "list_key", "shared"]
    )
    tenant_table(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
