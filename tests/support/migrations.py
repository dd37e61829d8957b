"""Run one step of a migration (a function of its revision file) against a test stack's
database, as `orbit migrate` would: over asyncpg as the owner, in one transaction. Tests of
conversions put rows in the shape the migration found and call its conversion again."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.stack import Stack, run_async

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def migration(file_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"migration_{file_name}", VERSIONS / file_name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_step(stack: Stack, file_name: str, step: str) -> None:
    """Call `step()` of migrations/versions/<file_name> with alembic's `op` bound."""
    function = getattr(migration(file_name), step)

    def call(connection: Connection) -> None:
        with Operations.context(MigrationContext.configure(connection)):
            function()

    async def run() -> None:
        url = make_url(stack.owner_url).set(drivername="postgresql+asyncpg")
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(call)
        await engine.dispose()

    run_async(run())
