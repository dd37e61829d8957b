"""Approval rules, approval requests and their steps.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import (
    grant_to_app,
    grant_to_existing_roles,
    tenant_fk,
    tenant_table,
    timestamp_column,
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("approval_settings", "approval_requests", "approval_steps", "approval_reminders")
# Existing tenants' default roles get what new tenants get (rbac/catalog.py DEFAULT_ROLES);
# admins get every permission from `orbit migrate` itself.
DEFAULT_GRANTS = (
    ("manager", "approvals", "read"),
    ("manager", "approvals", "manager"),
    ("finance", "approvals", "read"),
    ("finance", "approvals", "finance"),
)


def _create_settings() -> None:
    op.create_table(
        "approval_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("credit_check", sa.Boolean(), nullable=False),
        sa.Column("discount_threshold", sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column("amount_thresholds", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("forbid_self_approval", sa.Boolean(), nullable=False),
        sa.Column("reminder_after_hours", sa.Integer(), nullable=True),
        timestamp_column("updated_at"),
        tenant_fk("approval_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_approval_settings"),
    )


def _create_requests() -> None:
    table = "approval_requests"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=False),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("total", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by_id", sa.UUID(), nullable=True),
        sa.Column("order_created_by_id", sa.UUID(), nullable=True),
        sa.Column("order_owner_id", sa.UUID(), nullable=True),
        sa.Column("allow_backorder", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name="fk_approval_requests_tenant_id_orders",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_approval_requests"),
    )
    op.create_index(
        "ix_approval_requests_tenant_id_order_id_created_at",
        table,
        ["tenant_id", "order_id", "created_at"],
    )


def _create_steps() -> None:
    table = "approval_steps"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("request_id", sa.UUID(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.UUID(), nullable=True),
        sa.Column("decided_by_label", sa.String(length=320), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk(table),
        sa.ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["approval_requests.tenant_id", "approval_requests.id"],
            name="fk_approval_steps_tenant_id_approval_requests",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_approval_steps"),
        sa.UniqueConstraint(
            "tenant_id",
            "request_id",
            "sequence",
            name="uq_approval_steps_tenant_id_request_id_sequence",
        ),
    )
    op.create_index(
        "ix_approval_steps_tenant_id_status_level_activated_at_id",
        table,
        ["tenant_id", "status", "level", "activated_at", "id"],
    )


def _create_reminders() -> None:
    table = "approval_reminders"
    op.create_table(
        table,
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("step_id", sa.UUID(), nullable=False),
        sa.Column("reminder_no", sa.Integer(), nullable=False),
        timestamp_column("created_at"),
        tenant_fk(table),
        sa.ForeignKeyConstraint(
            ["tenant_id", "step_id"],
            ["approval_steps.tenant_id", "approval_steps.id"],
            name="fk_approval_reminders_tenant_id_approval_steps",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_approval_reminders"),
        sa.UniqueConstraint(
            "tenant_id",
            "step_id",
            "reminder_no",
            name="uq_approval_reminders_tenant_id_step_id_reminder_no",
        ),
    )
    # Platform-level: step ids and due times only, scanned by the worker across tenants.
    op.create_table(
        "approval_reminder_queue",
        sa.Column("step_id", sa.UUID(), nullable=False),
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("step_id", name="pk_approval_reminder_queue"),
    )
    op.create_index("ix_approval_reminder_queue_due_at", "approval_reminder_queue", ["due_at"])


def upgrade() -> None:
    _create_settings()
    _create_requests()
    _create_steps()
    _create_reminders()
    for table in TABLES:
        tenant_table(table)
    grant_to_app("approval_reminder_queue")
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'approvals'")
    op.drop_table("approval_reminder_queue")
    for table in reversed(TABLES):
        op.drop_table(table)
