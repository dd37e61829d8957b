"""Schema management: create the database and application role, run Alembic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def migrations_dir(settings: Settings) -> Path:
    """The Alembic scripts: the checkout's migrations/ unless ORBIT_MIGRATIONS_DIR says where
    an installed image keeps them."""
    return Path(settings.migrations_dir) if settings.migrations_dir else REPO_ROOT / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir(settings)))
    config.attributes["database_url"] = settings.database_url
    config.attributes["app_role"] = settings.app_role
    return config


def asyncpg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def ensure_database(settings: Settings) -> None:
    """Create the target database when the server does not have it yet."""
    name = make_url(settings.database_url).database
    if not name:
        raise ValueError("ORBIT_DATABASE_URL must name a database")
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url, "postgres"))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


# Held while the application's role is created or altered. Roles belong to the server, not
# to one database: two migrations at once (of two databases on one server, as the test
# stacks run them) altering the role together fail with "tuple concurrently updated".
# Advisory locks are per database, so it is taken in the `postgres` database every
# migration can reach.
ROLE_LOCK_KEY = 0x6F72626974726F6C  # "orbitrol"


async def ensure_app_role(settings: Settings) -> None:
    """The application's role: may log in, owns nothing, never bypasses row-level security."""
    guard = await asyncpg.connect(asyncpg_dsn(settings.database_url, "postgres"))
    try:
        await guard.execute("SELECT pg_advisory_lock($1)", ROLE_LOCK_KEY)
        await _ensure_app_role(settings)
    finally:
        await guard.close()  # the session's advisory lock goes with it


async def _ensure_app_role(settings: Settings) -> None:
    role, password = settings.app_role, settings.app_role_password
    database = make_url(settings.database_url).database
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        verb = "ALTER" if exists else "CREATE"
        quoted_password = password.replace("'", "''")
        await conn.execute(
            f'{verb} ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE '
            f"PASSWORD '{quoted_password}'"
        )
        await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        await conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    finally:
        await conn.close()


async def grant_revision_read(settings: Settings) -> None:
    """Readiness checks compare the applied revision with the code's head."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        await conn.execute(f'GRANT SELECT ON alembic_version TO "{settings.app_role}"')
    finally:
        await conn.close()


def upgrade(settings: Settings) -> None:
    asyncio.run(ensure_database(settings))
    asyncio.run(ensure_app_role(settings))
    command.upgrade(alembic_config(settings), "head")
    asyncio.run(grant_revision_read(settings))


def head_revision(settings: Settings) -> str | None:
    return ScriptDirectory.from_config(alembic_config(settings)).get_current_head()


def schema_state(settings: Settings, current: str | None) -> str:
    """'ok' when the database is at this code's head, or ahead of it (a newer release
    migrated during a rolling deploy: old processes keep serving); otherwise what is wrong."""
    scripts = ScriptDirectory.from_config(alembic_config(settings))
    head = scripts.get_current_head()
    if current == head:
        return "ok"
    if current is not None:
        try:
            scripts.get_revision(current)
        except CommandError:
            return "ok"
    return f"at {current}, head is {head}: run `orbit migrate`"


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync_conn: MigrationContext.configure(sync_conn).get_current_revision()
        )
