"""The tenant's branding: legal name, address, tax id, bank-transfer instructions and logo,
shown on invoices, credit notes, emails and the portal. Invoices keep the order's shipping
address next to its billing address (existing ones take their order's).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

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
    op.add_column(
        "invoices",
        sa.Column("ship_to", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.execute(
        "UPDATE invoices AS i SET ship_to = o.ship_to FROM orders AS o "
        "WHERE o.tenant_id = i.tenant_id AND o.id = i.order_id"
    )


def downgrade() -> None:
    op.drop_column("invoices", "ship_to")
    op.drop_table(TABLE)
