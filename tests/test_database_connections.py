"""The API's database connections: pooled connections are not pinged before use, yet one the
server has closed (a restart, an idle timeout, an operator's pg_terminate_backend) is never
handed to a request: the next requests succeed on fresh connections."""

from __future__ import annotations

import asyncpg

from tests.support.database import owner_dsn
from tests.support.graphql import TenantSession
from tests.support.stack import Stack, run_async

VIEWER = "query { viewer { user { email } } }"


async def _close_application_connections(stack: Stack) -> int:
    """Terminate every backend of the application role on the stack's database."""
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        terminated = await conn.fetch(
            """SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE datname = current_database() AND usename <> current_user
                 AND backend_type = 'client backend'"""
        )
        return len(terminated)
    finally:
        await conn.close()


def test_requests_after_the_server_closed_the_pooled_connections_succeed(
    stack: Stack, tenant: TenantSession
) -> None:
    for _ in range(5):
        assert tenant.client.data(VIEWER)["viewer"]["user"]["email"] == tenant.email

    assert run_async(_close_application_connections(stack)) > 0

    for _ in range(12):
        assert tenant.client.data(VIEWER)["viewer"]["user"]["email"] == tenant.email
