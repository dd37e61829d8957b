"""`orbit migrate` against databases that share one PostgreSQL server.

The application's role belongs to the server, not to one database. Every test stack (one
per pytest-xdist worker), and every deployment sharing a server, runs `orbit migrate` and
creates or alters that role; two of them at once failed with PostgreSQL's "tuple
concurrently updated" and left a stack without a database. The migrations here start
together but not in step, so before the fix this failed about every other run, not always.
"""

from __future__ import annotations

import os
import subprocess
import uuid

import asyncpg
from sqlalchemy.engine import make_url

from tests.support.stack import ORBIT, REPO, base_database_url, run_async

AT_ONCE = 6


def _url(database: str) -> str:
    return (
        make_url(base_database_url()).set(database=database).render_as_string(hide_password=False)
    )


async def _drop(databases: list[str]) -> None:
    url = make_url(base_database_url()).set(drivername="postgresql", database="postgres")
    conn = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        for name in databases:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def test_several_databases_on_one_server_are_migrated_at_once() -> None:
    databases = [f"orbit_migrate_{uuid.uuid4().hex[:10]}" for _ in range(AT_ONCE)]
    base_env = {k: v for k, v in os.environ.items() if k != "ORBIT_APP_DATABASE_URL"}
    migrations = [
        subprocess.Popen(
            [ORBIT, "migrate"],
            env={**base_env, "ORBIT_DATABASE_URL": _url(name), "ORBIT_ENVIRONMENT": "test"},
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in databases
    ]
    try:
        outputs = [migration.communicate(timeout=300) for migration in migrations]
        for migration, (stdout, stderr) in zip(migrations, outputs, strict=True):
            assert migration.returncode == 0, stderr
            assert "Database schema is at the latest revision" in stdout
    finally:
        for migration in migrations:
            migration.kill()
        run_async(_drop(databases))
