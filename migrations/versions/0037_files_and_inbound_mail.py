"""Stored files (ticket attachments, return photos) and inbound support mail (issue 14).

Revision ID: 0037
Revises: 0036
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import tenant_fk, tenant_table, timestamp_column

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def _stored_files() -> None:
    op.create_table(
        "stored_files",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("uploaded_by_kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=True),
        sa.Column("subject_kind", sa.String(length=30), nullable=True),
        sa.Column("subject_id", sa.UUID(), nullable=True),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column(),
        tenant_fk("stored_files"),
        sa.CheckConstraint("size_bytes > 0", name="ck_stored_files_size"),
        sa.CheckConstraint(
            "(subject_kind IS NULL) = (subject_id IS NULL)", name="ck_stored_files_subject"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_stored_files"),
    )
    op.create_index(
        "ix_stored_files_tenant_id_subject_kind_subject_id",
        "stored_files",
        ["tenant_id", "subject_kind", "subject_id"],
    )
    tenant_table("stored_files")


def upgrade() -> None:
    _stored_files()


def downgrade() -> None:
    op.drop_table("stored_files")
