"""The tenant's Stripe connection (keys encrypted at rest).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLE = "stripe_accounts"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("secret_key_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("secret_key_hint", sa.String(length=40), nullable=True),
        sa.Column("webhook_secret_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("publishable_key", sa.String(length=255), nullable=True),
        sa.Column(
            "payment_methods",
            postgresql.ARRAY(sa.String(length=20)),
            server_default=sa.text("'{card}'"),
            nullable=False,
        ),
        sa.Column("last_test_ok", sa.Boolean(), nullable=True),
        sa.Column("last_test_code", sa.String(length=40), nullable=True),
        sa.Column("last_test_message", sa.String(length=500), nullable=True),
        sa.Column("last_test_livemode", sa.Boolean(), nullable=True),
        sa.Column("last_tested_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("updated_at"),
        tenant_fk(TABLE),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_stripe_accounts"),
    )
    tenant_table(TABLE)


def downgrade() -> None:
    op.drop_table(TABLE)
