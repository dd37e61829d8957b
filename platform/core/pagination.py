"""Keyset pagination: services return a `Page` of rows with a cursor per row
(`core.gql.pagination` turns it into a Relay connection).

A cursor encodes the last row's sort key and id; the next page is the rows strictly after
it in (sort key, id) order, so pages stay stable while rows are added and each page costs
one index range scan however deep the client pages.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from core.errors import BusinessRuleError, CommonErrorCode

Row = TypeVar("Row")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass
class Page(Generic[Row]):
    rows: list[Row]
    has_next_page: bool
    cursors: list[str]


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) if not isinstance(v, (int, float, str)) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError) as error:
        raise _malformed_cursor() from error
    if not isinstance(values, list):
        raise _malformed_cursor()
    return values


def _malformed_cursor() -> BusinessRuleError:
    return BusinessRuleError.single(
        CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
    )


def cursor_values(cursor: str, keys: Sequence[InstrumentedAttribute[Any]]) -> list[Any]:
    """The sort-key values a cursor carries, typed like `keys`; INVALID_CURSOR when the
    cursor was not made for these keys (tampered, or from another list)."""
    values = decode_cursor(cursor)
    if len(values) != len(keys):
        raise _malformed_cursor()
    try:
        return [
            _typed(k.type.python_type, v) if v is not None else None
            for k, v in zip(keys, values, strict=True)
        ]
    except (ValueError, TypeError, AttributeError) as error:
        raise _malformed_cursor() from error


def _typed(kind: Any, value: Any) -> Any:
    """A cursor value back as the key's type: times and dates travel as ISO text, which
    their constructors do not read."""
    if issubclass(kind, datetime | date):
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not an ISO {kind.__name__}")
        return kind.fromisoformat(value)
    return kind(value)


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 1 or first > MAX_PAGE_SIZE:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_PAGE_SIZE,
            f"`first` must be between 1 and {MAX_PAGE_SIZE}.",
            "first",
        )
    return first


async def keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    *,
    first: int | None,
    after: str | None,
    descending: bool = True,
) -> Page[Any]:
    """Fetch one page of `statement` (already filtered) ordered by `keys` (last is unique)."""
    size = page_size(first)
    if after:
        key_tuple = tuple_(*keys)
        bound = tuple_(*cursor_values(after, keys))
        statement = statement.where(key_tuple < bound if descending else key_tuple > bound)
    order = [k.desc() if descending else k.asc() for k in keys]
    rows = list((await session.scalars(statement.order_by(*order).limit(size + 1))).all())
    has_next = len(rows) > size
    rows = rows[:size]
    cursors = [encode_cursor([getattr(r, k.key) for k in keys]) for r in rows]
    return Page(rows=rows, has_next_page=has_next, cursors=cursors)
