"""Stored files (ticket attachments, return photos), inbound support mail and @mentions in
ticket messages (issue 14).

Revision ID: 0037
Revises: 0036
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

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
        sa.CheckConstraint("size_bytes > 0", name="size"),
        sa.CheckConstraint("(subject_kind IS NULL) = (subject_id IS NULL)", name="subject"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_stored_files"),
    )
    op.create_index(
        "ix_stored_files_tenant_id_subject_kind_subject_id",
        "stored_files",
        ["tenant_id", "subject_kind", "subject_id"],
    )
    tenant_table("stored_files")


def _inbound_mail() -> None:
    op.create_table(
        "ticket_inbound_mail",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("envelope_from", sa.String(length=320), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="received", nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("from_address", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.String(length=998), nullable=True),
        sa.Column("ticket_id", sa.UUID(), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        tenant_fk("ticket_inbound_mail"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ticket_id"],
            ["tickets.tenant_id", "tickets.id"],
            name="fk_ticket_inbound_mail_tenant_id_tickets",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_inbound_mail"),
    )
    op.create_index(
        "uq_ticket_inbound_mail_tenant_id_message_id",
        "ticket_inbound_mail",
        ["tenant_id", "message_id"],
        unique=True,
        postgresql_where=sa.text("message_id IS NOT NULL"),
    )
    op.create_index(
        "ix_ticket_inbound_mail_tenant_id_received_at",
        "ticket_inbound_mail",
        ["tenant_id", "received_at"],
    )
    tenant_table("ticket_inbound_mail")


def upgrade() -> None:
    _stored_files()
    _inbound_mail()
    op.add_column(
        "ticket_messages",
        sa.Column(
            "mentioned_user_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_column("ticket_messages", "mentioned_user_ids")
    op.drop_table("ticket_inbound_mail")
    op.drop_table("stored_files")
