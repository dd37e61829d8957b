"""createOrder's statements (create_order_sql.py) sent through SQLAlchemy's async session
instead of straight to asyncpg: the same text, parameters and count, each statement a
`text()` clause built once and served from SQLAlchemy's compiled cache, rows read as
mappings. No ORM entities and no Orbit code: what this side costs above raw asyncpg is
SQLAlchemy's own execution path (session, greenlet hand-off, the driver adapter, result
objects) for these 13 statements, a cost of the stack Orbit is built on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from functools import cache
from typing import Any

from create_order_sql import Row
from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

_DOLLAR_PARAMETER = re.compile(r"\$(\d+)")


@cache
def _clause(sql: str) -> TextClause:
    # `$1::UUID` becomes `:p1 ::UUID`: the space keeps the cast out of the bind's name.
    return text(_DOLLAR_PARAMETER.sub(r":p\1 ", sql))


def _parameters(args: tuple[Any, ...]) -> dict[str, Any]:
    return {f"p{index}": value for index, value in enumerate(args, start=1)}


class ThroughSQLAlchemy:
    """The `Statements` of create_order_sql.py on one SQLAlchemy async session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def transaction(self) -> AbstractAsyncContextManager[Any]:
        return self.session.begin()

    async def execute(self, sql: str, *args: Any) -> Any:
        return await self.session.execute(_clause(sql), _parameters(args))

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        result = await self.session.execute(_clause(sql), _parameters(args))
        return result.mappings().all()

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        result = await self.session.execute(_clause(sql), _parameters(args))
        return result.mappings().first()

    async def fetchval(self, sql: str, *args: Any) -> Any:
        result = await self.session.execute(_clause(sql), _parameters(args))
        return result.scalar()
