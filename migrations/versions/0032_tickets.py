"""Support tickets (issue 14): tickets, their conversation, the tenant's own categories and
the gapless ticket number counter; the support role gets tickets:* in existing tenants.

Revision ID: 0032
Revises: 0031
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

GRANTS = [("support", "tickets", action) for action in ("read", "write", "assign", "configure")]


def _tenant_ref(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=f"fk_{table}_tenant_id_{target}",
    )


def _tickets() -> None:
    op.create_table(
        "tickets",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=True),
        sa.Column(
            "order_line_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("resolution_code", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=True),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        timestamp_column("updated_at"),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("solved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("tickets"),
        _tenant_ref("tickets", "customer_id", "customers"),
        _tenant_ref("tickets", "order_id", "orders"),
        _tenant_ref("tickets", "owner_id", "users"),
        _tenant_ref("tickets", "department_id", "departments"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_tickets"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_tickets_tenant_id_number"),
    )
    op.create_index(
        "uq_tickets_tenant_id_idempotency_key",
        "tickets",
        ["tenant_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    for name, columns in (
        ("created_at_id", ["created_at", "id"]),
        ("status_created_at_id", ["status", "created_at", "id"]),
        ("customer_id_created_at_id", ["customer_id", "created_at", "id"]),
        ("owner_id_created_at_id", ["owner_id", "created_at", "id"]),
        ("order_id", ["order_id"]),
    ):
        op.create_index(f"ix_tickets_tenant_id_{name}", "tickets", ["tenant_id", *columns])
    tenant_table("tickets")


def _messages() -> None:
    op.create_table(
        "ticket_messages",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ticket_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author_kind", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=True),
        sa.Column("author_label", sa.String(length=320), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("ticket_messages"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "ticket_id"],
            ["tickets.tenant_id", "tickets.id"],
            name="fk_ticket_messages_tenant_id_tickets",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_messages"),
    )
    op.create_index(
        "ix_ticket_messages_tenant_id_ticket_id_created_at",
        "ticket_messages",
        ["tenant_id", "ticket_id", "created_at"],
    )
    tenant_table("ticket_messages")


def _categories() -> None:
    op.create_table(
        "ticket_categories",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        timestamp_column("created_at"),
        tenant_fk("ticket_categories"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_ticket_categories"),
        sa.UniqueConstraint("tenant_id", "key", name="uq_ticket_categories_tenant_id_key"),
    )
    tenant_table("ticket_categories")


def _counters() -> None:
    op.create_table(
        "ticket_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("ticket_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_ticket_number_counters"),
    )
    tenant_table("ticket_number_counters")


def upgrade() -> None:
    _tickets()
    _messages()
    _categories()
    _counters()
    grant_to_existing_roles(GRANTS)


def downgrade() -> None:
    for table in ("ticket_number_counters", "ticket_categories", "ticket_messages", "tickets"):
        op.drop_table(table)
    op.execute(
        "DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'tickets' AND v0 = 'role:support'"
    )
