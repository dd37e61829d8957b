"""Ticket SLAs (issue 14): the tenant's working calendar, SLA policies, each ticket's clocks
per metric, and the platform-level pointer the breach check scans by due time.

Revision ID: 0034
Revises: 0033
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def _calendars() -> None:
    op.create_table(
        "ticket_calendars",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("weekly_hours", postgresql.JSONB(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("subdivision", sa.String(length=10), nullable=True),
        sa.Column("closed_dates", postgresql.ARRAY(sa.Date()), server_default="{}", nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("ticket_calendars"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_ticket_calendars"),
    )
    tenant_table("ticket_calendars")


def _policies() -> None:
    op.create_table(
        "ticket_sla_policies",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "priorities",
            postgresql.ARRAY(sa.String(length=10)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "categories",
            postgresql.ARRAY(sa.String(length=40)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("fallback", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=True),
        sa.Column("next_response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolution_minutes", sa.Integer(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("ticket_sla_policies"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_sla_policies"),
    )
    op.create_index(
        "uq_ticket_sla_policies_tenant_id_fallback",
        "ticket_sla_policies",
        ["tenant_id"],
        unique=True,
        postgresql_where=sa.text("fallback"),
    )
    tenant_table("ticket_sla_policies")


def _clocks() -> None:
    op.create_table(
        "ticket_sla_clocks",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("ticket_id", sa.UUID(), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("policy_id", sa.UUID(), nullable=True),
        sa.Column("target_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_total_minutes", sa.Integer(), nullable=False),
        sa.Column("paused_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breached_at", sa.DateTime(timezone=True), nullable=True),
        tenant_fk("ticket_sla_clocks"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ticket_id"],
            ["tickets.tenant_id", "tickets.id"],
            name="fk_ticket_sla_clocks_tenant_id_tickets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "ticket_id", "metric", name="pk_ticket_sla_clocks"),
    )
    tenant_table("ticket_sla_clocks")
    op.create_table(
        "ticket_sla_due",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("ticket_id", sa.UUID(), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "ticket_id", "metric", name="pk_ticket_sla_due"),
    )
    op.create_index("ix_ticket_sla_due_due_at", "ticket_sla_due", ["due_at"])
    grant_to_app("ticket_sla_due")


def upgrade() -> None:
    _calendars()
    _policies()
    _clocks()


def downgrade() -> None:
    for table in ("ticket_sla_due", "ticket_sla_clocks", "ticket_sla_policies", "ticket_calendars"):
        op.drop_table(table)
