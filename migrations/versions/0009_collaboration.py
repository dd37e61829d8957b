"""Order comments, mentions and followers.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("order_comments", "order_followers")
# Every default staff role may comment (rbac/catalog.py DEFAULT_ROLES); admins get every
# permission from `orbit migrate` itself.
DEFAULT_GRANTS = tuple(
    (role, "comments", "write") for role in ("manager", "sales", "warehouse", "finance", "support")
)


def _fk(table: str, columns: list[str], referred: str, **kwargs: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        columns,
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=f"fk_{table}_{columns[1]}_{referred}",
        **kwargs,
    )


def _create_order_comments() -> None:
    table = "order_comments"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "mentioned_user_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "order_id"], "orders", ondelete="CASCADE"),
        _fk(table, ["tenant_id", "author_id"], "users"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_order_comments"),
    )
    op.create_index(
        "ix_order_comments_tenant_id_order_id_created_at_id",
        table,
        ["tenant_id", "order_id", "created_at", "id"],
    )


def _create_order_followers() -> None:
    table = "order_followers"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("following", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk(table),
        _fk(table, ["tenant_id", "order_id"], "orders", ondelete="CASCADE"),
        _fk(table, ["tenant_id", "user_id"], "users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", "user_id", name="pk_order_followers"),
    )
    op.create_index("ix_order_followers_tenant_id_user_id", table, ["tenant_id", "user_id"])


def upgrade() -> None:
    _create_order_comments()
    _create_order_followers()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'comments'")
    for table in reversed(TABLES):
        op.drop_table(table)
