"""Contracts (issue 13): templates, contracts with their terms and links, versions
(documents through the files storage), signatures, reminders sent, settings, the CT number
counter and the platform-level schedule the daily job reads (contract_due).

Revision ID: 0039
Revises: 0038
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_app, tenant_fk, tenant_table, timestamp_column

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def _id_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
    ]


def _ref(
    table: str, column: str, target: str, name: str | None = None, cascade: bool = False
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=name or f"fk_{table}_tenant_id_{target}",
        ondelete="CASCADE" if cascade else None,
    )


def _templates() -> None:
    op.create_table(
        "contract_templates",
        *_id_columns(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk("contract_templates"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contract_templates"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_contract_templates_tenant_id_name"),
    )
    op.create_index(
        "uq_contract_templates_tenant_id_default",
        "contract_templates",
        ["tenant_id"],
        unique=True,
        postgresql_where=sa.text("is_default"),
    )
    tenant_table("contract_templates")


def _contracts() -> None:
    op.create_table(
        "contracts",
        *_id_columns(),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=True),
        sa.Column("template_id", sa.UUID(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("initial_term_months", sa.Integer(), nullable=False),
        sa.Column("current_term_start", sa.Date(), nullable=False),
        sa.Column("current_term_end", sa.Date(), nullable=False),
        sa.Column("renewal_type", sa.String(length=20), nullable=False),
        sa.Column("renewal_term_months", sa.Integer(), nullable=True),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("minimum_term_months", sa.Integer(), nullable=True),
        sa.Column("renewal_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("termination_reason", sa.Text(), nullable=True),
        sa.Column("terminated_by_id", sa.UUID(), nullable=True),
        sa.Column("terminated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("quote_id", sa.UUID(), nullable=True),
        sa.Column("quote_number", sa.String(length=40), nullable=True),
        sa.Column("version_count", sa.Integer(), nullable=False),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk("contracts"),
        _ref("contracts", "customer_id", "customers"),
        sa.CheckConstraint(
            "initial_term_months > 0 AND notice_days >= 0 AND current_term_end >= start_date",
            name="terms",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contracts"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_contracts_tenant_id_number"),
    )
    for name, columns in (
        ("created_at_id", ["created_at", "id"]),
        ("customer_id", ["customer_id"]),
        ("current_term_end", ["current_term_end"]),
        ("quote_id", ["quote_id"]),
    ):
        op.create_index(f"ix_contracts_tenant_id_{name}", "contracts", ["tenant_id", *columns])
    tenant_table("contracts")
    op.create_table(
        "contract_links",
        *_id_columns(),
        sa.Column("contract_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.UUID(), nullable=False),
        tenant_fk("contract_links"),
        _ref("contract_links", "contract_id", "contracts", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contract_links"),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "kind",
            "target_id",
            name="uq_contract_links_tenant_id_contract_id_kind_target_id",
        ),
    )
    op.create_index(
        "ix_contract_links_tenant_id_kind_target_id",
        "contract_links",
        ["tenant_id", "kind", "target_id"],
    )
    tenant_table("contract_links")


def _versions() -> None:
    op.create_table(
        "contract_versions",
        *_id_columns(),
        sa.Column("contract_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("file_id", sa.UUID(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_file_id", sa.UUID(), nullable=True),
        sa.Column("amends_version_id", sa.UUID(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        *[
            sa.Column(name, sa.DateTime(timezone=True), nullable=True)
            for name in ("sent_at", "expires_at", "signed_at", "declined_at")
        ],
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        timestamp_column("created_at"),
        tenant_fk("contract_versions"),
        _ref("contract_versions", "contract_id", "contracts", cascade=True),
        _ref(
            "contract_versions",
            "amends_version_id",
            "contract_versions",
            name="fk_contract_versions_tenant_id_amends_version_id",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contract_versions"),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "number",
            name="uq_contract_versions_tenant_id_contract_id_number",
        ),
    )
    tenant_table("contract_versions")
    op.create_table(
        "contract_signatures",
        *_id_columns(),
        sa.Column("version_id", sa.UUID(), nullable=False),
        sa.Column("contract_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_title", sa.String(length=200), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=500), nullable=True),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("contact_id", sa.UUID(), nullable=True),
        tenant_fk("contract_signatures"),
        _ref("contract_signatures", "version_id", "contract_versions", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contract_signatures"),
        sa.UniqueConstraint(
            "tenant_id",
            "version_id",
            "party",
            name="uq_contract_signatures_tenant_id_version_id_party",
        ),
    )
    tenant_table("contract_signatures")


def _reminders_and_settings() -> None:
    op.create_table(
        "contract_reminders",
        *_id_columns(),
        sa.Column("contract_id", sa.UUID(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("ladder", sa.String(length=20), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        timestamp_column("sent_at"),
        tenant_fk("contract_reminders"),
        _ref("contract_reminders", "contract_id", "contracts", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_contract_reminders"),
        sa.UniqueConstraint(
            "tenant_id",
            "contract_id",
            "term_end",
            "ladder",
            "offset_days",
            "recipient_kind",
            name="uq_contract_reminders_once",
        ),
    )
    tenant_table("contract_reminders")
    op.create_table(
        "contract_settings",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("reminder_offsets", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("signature_days", sa.Integer(), nullable=False),
        timestamp_column("updated_at"),
        tenant_fk("contract_settings"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_contract_settings"),
    )
    tenant_table("contract_settings")
    op.create_table(
        "contract_number_counters",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        tenant_fk("contract_number_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name="pk_contract_number_counters"),
    )
    tenant_table("contract_number_counters")


def _due() -> None:
    op.create_table(
        "contract_due",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("contract_id", sa.UUID(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "contract_id", name="pk_contract_due"),
    )
    op.create_index("ix_contract_due_due_on", "contract_due", ["due_on"])
    grant_to_app("contract_due")


def upgrade() -> None:
    _templates()
    _contracts()
    _versions()
    _reminders_and_settings()
    _due()


def downgrade() -> None:
    for table in (
        "contract_due",
        "contract_number_counters",
        "contract_settings",
        "contract_reminders",
        "contract_signatures",
        "contract_versions",
        "contract_links",
        "contracts",
        "contract_templates",
    ):
        op.drop_table(table)
