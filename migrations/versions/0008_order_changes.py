"""Order change requests.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = "order_change_requests"
# Existing tenants' default roles get what new tenants get (rbac/catalog.py DEFAULT_ROLES);
# admins get every permission from `orbit migrate` itself.
DEFAULT_GRANTS = (
    ("manager", "order_changes", "read"),
    ("manager", "order_changes", "request"),
    ("manager", "order_changes", "approve"),
    ("sales", "order_changes", "read"),
    ("sales", "order_changes", "request"),
    ("warehouse", "order_changes", "read"),
    ("finance", "order_changes", "read"),
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("outcome", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("requested_by_id", sa.UUID(), nullable=True),
        sa.Column("requested_by_label", sa.String(length=320), nullable=True),
        sa.Column("decided_by_id", sa.UUID(), nullable=True),
        sa.Column("decided_by_label", sa.String(length=320), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk(TABLE),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name=f"fk_{TABLE}_tenant_id_orders",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=f"pk_{TABLE}"),
    )
    op.create_index(
        "uq_order_change_requests_open_order",
        TABLE,
        ["tenant_id", "order_id"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(
        "ix_order_change_requests_tenant_id_order_id_created_at",
        TABLE,
        ["tenant_id", "order_id", "created_at"],
    )
    op.create_index(
        "ix_order_change_requests_tenant_id_status_created_at_id",
        TABLE,
        ["tenant_id", "status", "created_at", "id"],
    )
    tenant_table(TABLE)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'order_changes'")
    op.drop_table(TABLE)
