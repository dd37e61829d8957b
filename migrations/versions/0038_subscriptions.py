"""Subscriptions (issue 13): plans, subscriptions and their lines, periods and renewal
orders, changes, payment attempts, renewal reminders, the tenant's renewal settings, the
SUB-number counter and the worker's cross-tenant schedule (subscription_due).

Revision ID: 0038
Revises: 0037
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def _ref(
    table: str, columns: list[str], target: str, name: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", *columns],
        [f"{target}.tenant_id", f"{target}.id"],
        name=name,
        ondelete=ondelete,
    )


def _keys() -> list[Any]:
    return [
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
    ]


def _closing(table: str) -> list[Any]:
    return [tenant_fk(table), sa.PrimaryKeyConstraint("tenant_id", "id", name=f"pk_{table}")]


def _of_subscription(table: str) -> list[Any]:
    return [
        sa.Column("subscription_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        _ref(
            table,
            ["subscription_id"],
            "subscriptions",
            f"fk_{table}_tenant_id_subscriptions",
            "CASCADE",
        ),
    ]


def _plans() -> None:
    op.create_table(
        "subscription_plans",
        *_keys(),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("billing_period", sa.String(length=10), nullable=False),
        sa.Column("trial_days", sa.Integer(), nullable=False),
        sa.Column("customer_may_cancel", sa.Boolean(), nullable=False),
        sa.Column("customer_may_change_quantity", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        _ref("subscription_plans", ["sku_id"], "skus", "fk_subscription_plans_tenant_id_skus"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_subscription_plans_tenant_id_code"),
        sa.CheckConstraint(
            "trial_days >= 0 AND trial_days <= 365", name="ck_subscription_plans_trial_days"
        ),
        *_closing("subscription_plans"),
    )
    tenant_table("subscription_plans")


def _subscriptions() -> None:
    op.create_table(
        "subscriptions",
        *_keys(),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("billing_period", sa.String(length=10), nullable=False),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("current_period_start", sa.Date(), nullable=False),
        sa.Column("current_period_end", sa.Date(), nullable=False),
        sa.Column("trial_end", sa.Date(), nullable=True),
        sa.Column("auto_renew", sa.Boolean(), nullable=False),
        sa.Column("reminders_opted_out", sa.Boolean(), nullable=False),
        sa.Column("quote_id", sa.UUID(), nullable=True),
        sa.Column("renewal_quote_id", sa.UUID(), nullable=True),
        sa.Column("payment_method", sa.String(length=100), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("paused_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        _ref("subscriptions", ["customer_id"], "customers", "fk_subscriptions_tenant_id_customers"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_subscriptions_tenant_id_number"),
        *_closing("subscriptions"),
    )
    for name, columns in (
        ("status_created_at_id", ["status", "created_at", "id"]),
        ("created_at_id", ["created_at", "id"]),
        ("customer_id", ["customer_id"]),
        ("current_period_end", ["current_period_end"]),
    ):
        op.create_index(
            f"ix_subscriptions_tenant_id_{name}", "subscriptions", ["tenant_id", *columns]
        )
    tenant_table("subscriptions")


def _lines() -> None:
    op.create_table(
        "subscription_lines",
        *_keys(),
        *_of_subscription("subscription_lines"),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("price_source", sa.String(length=120), nullable=False),
        sa.Column("price_source_label", sa.String(length=200), nullable=False),
        sa.Column("price_agreed", sa.Boolean(), nullable=False),
        _ref(
            "subscription_lines",
            ["plan_id"],
            "subscription_plans",
            "fk_subscription_lines_tenant_id_subscription_plans",
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "subscription_id",
            "line_no",
            name="uq_subscription_lines_tenant_id_subscription_id_line_no",
        ),
        sa.CheckConstraint("quantity >= 0", name="ck_subscription_lines_quantity"),
        sa.CheckConstraint(
            "discount_percent >= 0 AND discount_percent <= 100",
            name="ck_subscription_lines_discount_percent",
        ),
        *_closing("subscription_lines"),
    )
    tenant_table("subscription_lines")


def _periods() -> None:
    op.create_table(
        "subscription_periods",
        *_keys(),
        *_of_subscription("subscription_periods"),
        sa.Column("period_index", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("order_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        timestamp_column("created_at"),
        _ref(
            "subscription_periods",
            ["order_id"],
            "orders",
            "fk_subscription_periods_tenant_id_orders",
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "subscription_id",
            "period_start",
            name="uq_subscription_periods_tenant_id_subscription_id_period_start",
        ),
        *_closing("subscription_periods"),
    )
    op.create_index(
        "uq_subscription_periods_tenant_id_order_id",
        "subscription_periods",
        ["tenant_id", "order_id"],
        unique=True,
        postgresql_where=sa.text("order_id IS NOT NULL"),
    )
    tenant_table("subscription_periods")


def _changes() -> None:
    op.create_table(
        "subscription_changes",
        *_keys(),
        *_of_subscription("subscription_changes"),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("before", sa.dialects.postgresql.JSONB(), nullable=True),
        sa.Column("after", sa.dialects.postgresql.JSONB(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("proration_sku_id", sa.UUID(), nullable=True),
        sa.Column("proration_quantity", sa.Numeric(precision=18, scale=3), nullable=True),
        sa.Column("proration_unit_price", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("billed_order_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        *_closing("subscription_changes"),
    )
    op.create_index(
        "ix_subscription_changes_tenant_id_subscription_id_created_at",
        "subscription_changes",
        ["tenant_id", "subscription_id", "created_at"],
    )
    tenant_table("subscription_changes")


def _attempts() -> None:
    op.create_table(
        "subscription_payment_attempts",
        *_keys(),
        sa.Column("subscription_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("period_id", sa.UUID(), nullable=False),
        sa.Column("attempt_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payment_intent_id", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("created_at"),
        _ref(
            "subscription_payment_attempts",
            ["period_id"],
            "subscription_periods",
            "fk_subscription_payment_attempts_tenant_id_subscription_periods",
            "CASCADE",
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "period_id",
            "attempt_no",
            name="uq_subscription_payment_attempts_tenant_id_period_id_attempt_no",
        ),
        *_closing("subscription_payment_attempts"),
    )
    tenant_table("subscription_payment_attempts")


def _reminders() -> None:
    op.create_table(
        "subscription_reminders",
        *_keys(),
        *_of_subscription("subscription_reminders"),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("sent_to", sa.Text(), nullable=True),
        timestamp_column("created_at"),
        sa.UniqueConstraint(
            "tenant_id",
            "subscription_id",
            "term_end",
            "offset_days",
            name="uq_subscription_reminders_once",
        ),
        *_closing("subscription_reminders"),
    )
    tenant_table("subscription_reminders")


def _per_tenant() -> None:
    op.create_table(
        "subscription_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("renewal_lead_days", sa.Integer(), nullable=False),
        sa.Column("retry_days", sa.dialects.postgresql.JSONB(), nullable=False),
        sa.Column("proration_mode", sa.String(length=20), nullable=False),
        sa.Column("reminder_offsets", sa.dialects.postgresql.JSONB(), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("subscription_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_subscription_settings"),
    )
    tenant_table("subscription_settings")
    op.create_table(
        "subscription_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("subscription_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_subscription_number_counters"),
    )
    tenant_table("subscription_number_counters")


def _due() -> None:
    op.create_table(
        "subscription_due",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("subscription_id", sa.UUID(), nullable=False),
        *[
            sa.Column(name, sa.DateTime(timezone=True), nullable=True)
            for name in ("renew_at", "period_end_at", "remind_at", "retry_at")
        ],
        sa.PrimaryKeyConstraint("tenant_id", "subscription_id", name="pk_subscription_due"),
    )
    for name in ("renew_at", "period_end_at", "remind_at", "retry_at"):
        op.create_index(f"ix_subscription_due_{name}", "subscription_due", [name])
    grant_to_app("subscription_due")


def upgrade() -> None:
    _plans()
    _subscriptions()
    _lines()
    _periods()
    _changes()
    _attempts()
    _reminders()
    _per_tenant()
    _due()


def downgrade() -> None:
    for table in (
        "subscription_due",
        "subscription_number_counters",
        "subscription_settings",
        "subscription_reminders",
        "subscription_payment_attempts",
        "subscription_changes",
        "subscription_periods",
        "subscription_lines",
        "subscriptions",
        "subscription_plans",
    ):
        op.drop_table(table)
