"""Reconciliation runs: each nightly (or on-demand) check of a tenant's books.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconciliation_runs",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("balanced", sa.Boolean(), nullable=False),
        sa.Column("mismatches", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("reconciliation_runs"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_reconciliation_runs"),
    )
    op.create_index(
        "ix_reconciliation_runs_tenant_id_created_at_id",
        "reconciliation_runs",
        ["tenant_id", "created_at", "id"],
    )
    tenant_table("reconciliation_runs")


def downgrade() -> None:
    op.drop_table("reconciliation_runs")
