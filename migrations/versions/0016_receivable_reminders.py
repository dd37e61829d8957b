"""Overdue reminders of receivables: the platform-level queue the worker's cron reads, and
the reminders sent (one per receivable and step).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receivable_reminder_queue",
        sa.Column("receivable_id", sa.UUID(), nullable=False),
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("receivable_id", name="pk_receivable_reminder_queue"),
    )
    op.create_index("ix_receivable_reminder_queue_due_at", "receivable_reminder_queue", ["due_at"])
    grant_to_app("receivable_reminder_queue")
    op.create_table(
        "receivable_reminders",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("receivable_id", sa.UUID(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        timestamp_column("sent_at"),
        tenant_fk("receivable_reminders"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "receivable_id", "step", name="pk_receivable_reminders"
        ),
    )
    tenant_table("receivable_reminders")


def downgrade() -> None:
    op.drop_table("receivable_reminders")
    op.drop_table("receivable_reminder_queue")
