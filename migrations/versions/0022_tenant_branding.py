"""The tenant's branding: legal name, address, tax id, bank-transfer instructions and logo,
shown on invoices, credit notes, emails and the portal.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLE = "tenant_brandings"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("tax_id", sa.String(length=50), nullable=True),
        sa.Column("bank_details", sa.String(length=1000), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_content_type", sa.String(length=20), nullable=True),
        timestamp_column("updated_at"),
        tenant_fk(TABLE),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_tenant_brandings"),
    )
    tenant_table(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
