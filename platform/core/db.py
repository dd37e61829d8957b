"""Database access: one engine per process, one transaction per unit of work.

Every transaction that touches tenant data binds its tenant with a transaction-local
`set_config('app.tenant_id', …, true)`; row-level security policies read it, so a
transaction that binds nothing sees no tenant rows at all.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from core.settings import Settings

AfterCommit = Callable[[], Awaitable[None]]
_AFTER_COMMIT_KEY = "orbit.after_commit"


def asyncpg_url(url: str) -> str:
    return str(make_url(url).set(drivername="postgresql+asyncpg").render_as_string(False))


def application_url(settings: Settings) -> str:
    """The unprivileged role's URL: the explicit setting, or the owner URL with the app role."""
    if settings.app_database_url:
        return settings.app_database_url
    owner = make_url(settings.database_url)
    app = owner.set(username=settings.app_role, password=settings.app_role_password)
    return app.render_as_string(hide_password=False)


class Database:
    """The process's engine and session factory."""

    def __init__(
        self, url: str, *, pool_size: int = 10, recycle_seconds: int = 1800, echo: bool = False
    ) -> None:
        # No pre-ping: it costs a round trip per checkout (BEGIN; ROLLBACK on asyncpg). A
        # connection the server closed is caught at checkout without one (below), an old one
        # is replaced after `recycle_seconds`, and a disconnect met mid-request invalidates
        # the whole pool, as SQLAlchemy does by default.
        self.engine: AsyncEngine = create_async_engine(
            asyncpg_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_recycle=recycle_seconds,
            echo=echo,
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._statement_listeners: list[Callable[[], None]] = []
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._on_statement)
        event.listen(self.engine.sync_engine.pool, "checkout", _refuse_closed_connection)

    def on_statement(self, listener: Callable[[], None]) -> None:
        """Register a callback run for every SQL statement (metrics count them)."""
        self._statement_listeners.append(listener)

    def _on_statement(self, *_: Any) -> None:
        for listener in self._statement_listeners:
            listener()

    async def dispose(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def transaction(self, tenant_id: uuid.UUID | None = None) -> AsyncIterator[AsyncSession]:
        """A unit of work: commit on success, roll back on any exception, then run
        after-commit callbacks (jobs, mail) so nothing escapes a rolled-back transaction."""
        async with self.sessions() as session:
            async with session.begin():
                if tenant_id is not None:
                    await bind_tenant(session, tenant_id)
                yield session
            await run_after_commit(session)


def _refuse_closed_connection(
    dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: Any
) -> None:
    """A pooled connection whose socket the server has closed (restart, idle timeout,
    pg_terminate_backend) is already marked closed by asyncpg's event loop; the pool then
    opens a fresh one instead of handing out a dead one."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("The database closed this pooled connection.")


async def bind_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    # Straight to the driver: this runs at the start of every transaction.
    connection = await session.connection()
    await connection.exec_driver_sql(
        "SELECT set_config('app.tenant_id', $1, true)", (str(tenant_id),)
    )


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Schedule `callback` to run only once the session's transaction has committed."""
    session.info.setdefault(_AFTER_COMMIT_KEY, []).append(callback)


async def run_after_commit(session: AsyncSession) -> None:
    callbacks: list[AfterCommit] = session.info.pop(_AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        await callback()


def discard_after_commit(session: AsyncSession, since: int = 0) -> None:
    """Forget callbacks scheduled after `since` (see `after_commit_mark`), e.g. by work
    rolled back to a savepoint."""
    callbacks: list[AfterCommit] = session.info.get(_AFTER_COMMIT_KEY, [])
    del callbacks[since:]


def is_scheduled_after_commit(session: AsyncSession, callback: AfterCommit) -> bool:
    """Whether `callback` is still to run after commit (a savepoint rollback may have
    discarded it)."""
    return any(c is callback for c in session.info.get(_AFTER_COMMIT_KEY, []))


def after_commit_mark(session: AsyncSession) -> int:
    return len(session.info.get(_AFTER_COMMIT_KEY, []))
