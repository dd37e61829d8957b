"""Operations that migrations share: row-level security and grants for the app role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

TENANT_SETTING = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"


def _app_role() -> str:
    return str(context.config.attributes.get("app_role", "orbit_app"))


def grant_to_app(table: str, privileges: str = "SELECT, INSERT, UPDATE, DELETE") -> None:
    op.execute(f'GRANT {privileges} ON TABLE {table} TO "{_app_role()}"')


def tenant_table(table: str, privileges: str = "SELECT, INSERT, UPDATE, DELETE") -> None:
    """Force row-level security on a tenant-owned table: a transaction sees and writes
    only rows of the tenant it bound with set_config('app.tenant_id', …, true)."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING (tenant_id = {TENANT_SETTING}) WITH CHECK (tenant_id = {TENANT_SETTING})"
    )
    grant_to_app(table, privileges)


def grant_to_existing_roles(grants: Sequence[tuple[str, str, str]]) -> None:
    """Give existing tenants' roles (role key, resource, action) permissions that new tenants
    get from rbac.catalog's defaults; roles a tenant deleted or renamed are left alone."""
    roles, resources, actions = (list(column) for column in zip(*grants, strict=True))
    op.get_bind().execute(
        sa.text("""
        INSERT INTO casbin_rules (tenant_id, id, ptype, v0, v1, v2)
        SELECT r.tenant_id, gen_random_uuid(), 'p', 'role:' || g.role, g.resource, g.action
        FROM unnest(CAST(:roles AS text[]), CAST(:resources AS text[]),
                    CAST(:actions AS text[])) AS g(role, resource, action)
        JOIN roles r ON r.key = g.role
        ON CONFLICT (tenant_id, ptype, v0, v1, v2) DO NOTHING"""),
        {"roles": roles, "resources": resources, "actions": actions},
    )


def timestamp_column(name: str = "created_at") -> sa.Column[Any]:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def quantity_column(name: str) -> sa.Column[Any]:
    """Quantities allow fractional units (kg, m) to three places; they start at zero."""
    return sa.Column(
        name, sa.Numeric(precision=18, scale=3), server_default=sa.text("0"), nullable=False
    )


def tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    """Every tenant-owned table's tenant_id references its tenant."""
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=f"fk_{table}_tenant_id_tenants", ondelete="CASCADE"
    )
