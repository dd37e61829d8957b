"""Ticket satisfaction surveys (issue 14): the tenant's survey settings, one survey per
ticket with its answers (versions), and the platform-level pointer the sending job scans.

Revision ID: 0035
Revises: 0034
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def _settings() -> None:
    op.create_table(
        "ticket_survey_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("delay_hours", sa.Integer(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.Column("scale", sa.String(length=20), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("ticket_survey_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_ticket_survey_settings"),
    )
    tenant_table("ticket_survey_settings")


def _surveys() -> None:
    op.create_table(
        "ticket_surveys",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ticket_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=True),
        sa.Column("solved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scale", sa.String(length=20), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_to", sa.String(length=320), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("current_answer_id", sa.UUID(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("ticket_surveys"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ticket_id"],
            ["tickets.tenant_id", "tickets.id"],
            name="fk_ticket_surveys_tenant_id_tickets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_surveys"),
        sa.UniqueConstraint("tenant_id", "ticket_id", name="uq_ticket_surveys_tenant_id_ticket_id"),
    )
    op.create_index(
        "uq_ticket_surveys_tenant_id_token_hash",
        "ticket_surveys",
        ["tenant_id", "token_hash"],
        unique=True,
        postgresql_where=sa.text("token_hash IS NOT NULL"),
    )
    op.create_index(
        "ix_ticket_surveys_tenant_id_sent_at", "ticket_surveys", ["tenant_id", "sent_at"]
    )
    tenant_table("ticket_surveys")


def _answers() -> None:
    op.create_table(
        "ticket_survey_answers",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("survey_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=10), nullable=False),
        sa.Column("good", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_via", sa.String(length=10), nullable=False),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("ticket_survey_answers"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "survey_id"],
            ["ticket_surveys.tenant_id", "ticket_surveys.id"],
            name="fk_ticket_survey_answers_tenant_id_ticket_surveys",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_survey_answers"),
        sa.UniqueConstraint(
            "tenant_id",
            "survey_id",
            "version",
            name="uq_ticket_survey_answers_tenant_id_survey_id_version",
        ),
    )
    tenant_table("ticket_survey_answers")
    op.create_foreign_key(
        "fk_ticket_surveys_current_answer",
        "ticket_surveys",
        "ticket_survey_answers",
        ["tenant_id", "current_answer_id"],
        ["tenant_id", "id"],
    )


def _due() -> None:
    op.create_table(
        "ticket_survey_due",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("survey_id", sa.UUID(), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "survey_id", name="pk_ticket_survey_due"),
    )
    op.create_index("ix_ticket_survey_due_send_at", "ticket_survey_due", ["send_at"])
    grant_to_app("ticket_survey_due")


def upgrade() -> None:
    _settings()
    _surveys()
    _answers()
    _due()


def downgrade() -> None:
    op.drop_constraint("fk_ticket_surveys_current_answer", "ticket_surveys", type_="foreignkey")
    for table in (
        "ticket_survey_due",
        "ticket_survey_answers",
        "ticket_surveys",
        "ticket_survey_settings",
    ):
        op.drop_table(table)
