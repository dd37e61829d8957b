"""Operations that migrations share: row-level security and grants for the app role."""

from __future__ import annotations

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
