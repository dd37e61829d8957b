"""Bulk import jobs and their row reports.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("import_jobs", "import_issues")
# Existing tenants' default roles get what new tenants get (rbac/catalog.py DEFAULT_ROLES);
# admins get every permission from `orbit migrate` itself.
DEFAULT_GRANTS = (
    ("manager", "imports", "read"),
    ("manager", "imports", "run"),
    ("sales", "imports", "read"),
    ("sales", "imports", "run"),
)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)


def _create_import_jobs() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        _count("total_rows"),
        _count("processed_rows"),
        _count("valid_rows"),
        _count("written_rows"),
        _count("duplicate_rows"),
        _count("error_rows"),
        sa.Column("failure_code", sa.String(length=60), nullable=True),
        sa.Column("failure_message", sa.Text(), nullable=True),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        timestamp_column("updated_at"),
        timestamp_column("created_at"),
        tenant_fk("import_jobs"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_import_jobs"),
    )
    op.create_index(
        "ix_import_jobs_tenant_id_created_at_id", "import_jobs", ["tenant_id", "created_at", "id"]
    )


def _create_import_issues() -> None:
    op.create_table(
        "import_issues",
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=60), nullable=True),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        tenant_fk("import_issues"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "job_id"],
            ["import_jobs.tenant_id", "import_jobs.id"],
            name="fk_import_issues_tenant_id_import_jobs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_import_issues"),
    )
    op.create_index(
        "ix_import_issues_tenant_id_job_id_row_number_id",
        "import_issues",
        ["tenant_id", "job_id", "row_number", "id"],
    )


def upgrade() -> None:
    _create_import_jobs()
    _create_import_issues()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 = 'imports'")
    for table in reversed(TABLES):
        op.drop_table(table)
