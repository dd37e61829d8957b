"""Latency of `logIn` and of a simple authenticated query, against a baseline.

Starts a private Orbit stack (its own database, API and worker, as the tests do), then
measures, interleaved in one run so machine noise hits both alike:
  * ours: the GraphQL operation over HTTP (uvicorn + Litestar + Strawberry + services);
  * baseline: raw asyncpg sending the same SQL statements the service sends, plus the same
    argon2 verification for logIn, with no HTTP, GraphQL or ORM in between.
Prints p50/p95 for each and the ratio ours / baseline.

    .venv/bin/python bench/api_latency.py --rounds 200
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import httpx
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform")]

from tests.support.graphql import LOG_IN, STRONG_PASSWORD, GraphQLClient, sign_up  # noqa: E402
from tests.support.stack import create_stack, destroy_stack  # noqa: E402

VIEWER = "query Viewer { viewer { user { email name } } tenant { name slug } }"
hasher = PasswordHasher()


def app_dsn(owner_url: str) -> str:
    url = make_url(owner_url).set(
        drivername="postgresql", username="orbit_app", password="orbit_app"
    )
    return url.render_as_string(hide_password=False)


async def baseline_log_in(conn: asyncpg.Connection, slug: str, email: str) -> None:
    """The statements `logIn` sends, in one transaction, plus the password check."""
    async with conn.transaction():
        tenant = await conn.fetchrow("SELECT * FROM tenants WHERE slug = $1", slug)
        await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant["id"]))
        user = await conn.fetchrow(
            "SELECT * FROM users WHERE tenant_id = $1 AND email = $2", tenant["id"], email
        )
        hasher.verify(user["password_hash"], STRONG_PASSWORD)
        await conn.execute(
            "UPDATE users SET last_login_at = now() WHERE tenant_id = $1 AND id = $2",
            tenant["id"],
            user["id"],
        )
        await conn.execute(
            "INSERT INTO audit_log (tenant_id, id, actor_kind, actor_id, actor_label, action,"
            " target_type, target_id, changes, request_id) VALUES ($1, gen_random_uuid(),"
            " 'staff', $2, $3, 'auth.log_in', 'user', $4, '{}', 'bench')",
            tenant["id"],
            user["id"],
            email,
            str(user["id"]),
        )
        await conn.execute(
            "INSERT INTO refresh_tokens (tenant_id, id, subject_kind, subject_id, family_id,"
            " token_hash, expires_at) VALUES ($1, gen_random_uuid(), 'staff', $2,"
            " gen_random_uuid(), md5(random()::text), now() + interval '30 days')",
            tenant["id"],
            user["id"],
        )


async def baseline_viewer(conn: asyncpg.Connection, tenant_id: str, user_id: str) -> None:
    """The statements of the viewer query: bind, verify principal, load user and tenant."""
    async with conn.transaction():
        await conn.execute("SELECT set_config('app.tenant_id', $1, true)", tenant_id)
        await conn.fetchrow(
            "SELECT t.status, u.status FROM tenants t LEFT JOIN users u ON u.tenant_id = t.id"
            " AND u.id = $2 WHERE t.id = $1",
            tenant_id,
            user_id,
        )
        await conn.fetchrow(
            "SELECT * FROM users WHERE tenant_id = $1 AND id = $2", tenant_id, user_id
        )
        await conn.fetchrow("SELECT * FROM tenants WHERE id = $1", tenant_id)


async def timed(action: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await action()
    return (time.perf_counter() - started) * 1000


def summary(name: str, ours: list[float], base: list[float]) -> str:
    def pct(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1]

    return (
        f"{name:<26} ours p50 {statistics.median(ours):7.2f} ms  p95 {pct(ours, 95):7.2f} ms"
        f" | baseline p50 {statistics.median(base):7.2f} ms  p95 {pct(base, 95):7.2f} ms"
        f" | ratio p50 {statistics.median(ours) / statistics.median(base):5.2f}x"
    )


async def measure(base_url: str, owner_url: str, rounds: int) -> None:
    api = GraphQLClient(base_url)
    tenant = sign_up(api)
    conn = await asyncpg.connect(app_dsn(owner_url))
    me = api.data("query { viewer { user { id } } }", token=tenant.access_token)
    user_id = me["viewer"]["user"]["id"]
    import base64

    raw_user_id = base64.b64decode(user_id).decode().split(":", 1)[1]
    tenant_id = await conn.fetchval("SELECT id::text FROM tenants WHERE slug = $1", tenant.slug)
    log_in_vars = {
        "input": {"tenantSlug": tenant.slug, "email": tenant.email, "password": STRONG_PASSWORD}
    }
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:

        async def ours_log_in() -> None:
            response = await client.post(
                "/graphql",
                json={"query": LOG_IN, "variables": log_in_vars, "operationName": "LogIn"},
            )
            assert not response.json()["data"]["logIn"]["userErrors"]

        async def ours_viewer() -> None:
            response = await client.post(
                "/graphql",
                json={"query": VIEWER, "operationName": "Viewer"},
                headers={"Authorization": f"Bearer {tenant.access_token}"},
            )
            assert "errors" not in response.json()

        results: dict[str, tuple[list[float], list[float]]] = {
            "logIn": ([], []),
            "viewer (authenticated)": ([], []),
        }
        for _ in range(5):  # warm caches on both sides
            await ours_log_in(), await ours_viewer()
            await baseline_log_in(conn, tenant.slug, tenant.email)
        for _ in range(rounds):
            results["logIn"][0].append(await timed(ours_log_in))
            results["logIn"][1].append(
                await timed(lambda: baseline_log_in(conn, tenant.slug, tenant.email))
            )
            results["viewer (authenticated)"][0].append(await timed(ours_viewer))
            results["viewer (authenticated)"][1].append(
                await timed(lambda: baseline_viewer(conn, tenant_id, raw_user_id))
            )
    await conn.close()
    for name, (ours, base) in results.items():
        print(summary(name, ours, base))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    # Production password hashing cost: logIn's latency is mostly argon2 by design.
    stack = create_stack(
        {"ORBIT_PASSWORD_HASH_TIME_COST": "3", "ORBIT_PASSWORD_HASH_MEMORY_KIB": "65536"}
    )
    try:
        asyncio.run(measure(stack.base_url, stack.owner_url, args.rounds))
    finally:
        destroy_stack(stack)


if __name__ == "__main__":
    main()
