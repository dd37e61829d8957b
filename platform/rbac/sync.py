"""Keep every tenant's administrator role complete as the permission catalog grows.

Runs after migrations, as the owner role (it spans tenants, which the application role
never does). Grants of other roles for new resources are data migrations of the domain that
adds the resource.
"""

from __future__ import annotations

import asyncpg

from rbac.catalog import ADMIN_ROLE, RESOURCE_ACTIONS
from rbac.enforcer import role_subject

GRANT_MISSING = """
INSERT INTO casbin_rules (tenant_id, id, ptype, v0, v1, v2)
SELECT t.id, gen_random_uuid(), 'p', $1, grant_.resource, grant_.action
FROM tenants t
CROSS JOIN unnest($2::text[], $3::text[]) AS grant_(resource, action)
ON CONFLICT (tenant_id, ptype, v0, v1, v2) DO NOTHING
"""


async def grant_full_catalog_to_admins(owner_dsn: str) -> int:
    """Give each tenant's admin role every catalog permission it lacks; returns how many."""
    resources, actions = zip(*sorted(RESOURCE_ACTIONS), strict=True)
    conn = await asyncpg.connect(owner_dsn)
    try:
        status = await conn.execute(
            GRANT_MISSING, role_subject(ADMIN_ROLE), list(resources), list(actions)
        )
    finally:
        await conn.close()
    return int(status.split()[-1])
