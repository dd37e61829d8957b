"""Writing a new order: the order row, its lines and its status history in one prebuilt
statement (order entry is the hottest write path), and the written order handed to the
session as if it had been loaded, without reading it back."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Table, TextClause, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.types import JSON

from core.context import Actor
from orders.models import Order, OrderLine, OrderStatusChange

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def _sql_type(column: Column[Any]) -> str:
    """The column's type without length or precision: the column's own assignment then
    refuses a too-long value or rounds a number, as an ORM insert would (a cast to
    VARCHAR(n) would cut the value short instead)."""
    if isinstance(column.type, JSON):
        return "jsonb"
    return re.sub(r"\(\d+(, \d+)?\)", "", column.type.compile(dialect=_DIALECT)).lower()


def _columns(table: Table, *skipped: str) -> list[Column[Any]]:
    return [column for column in table.columns if column.name not in skipped]


_ORDERS = Order.__table__
_LINES = OrderLine.__table__
_HISTORY = OrderStatusChange.__table__
assert isinstance(_ORDERS, Table) and isinstance(_LINES, Table) and isinstance(_HISTORY, Table)
# created_at is the transaction's time (the server default), as for any row.
_ORDER_COLUMNS = _columns(_ORDERS, "created_at")
_LINE_COLUMNS = _columns(_LINES)
_HISTORY_COLUMNS = _columns(_HISTORY, "created_at")


def _order_value(column: Column[Any]) -> str:
    cast = f"CAST(:o_{column.name} AS {_sql_type(column)})"
    # A draft keeps the server's time; a submitted order the time of its last transition.
    return f"coalesce({cast}, now())" if column.name == "updated_at" else cast


def _rows_from_arrays(prefix: str, table: Table, columns: Sequence[Column[Any]]) -> str:
    """INSERT ... SELECT FROM unnest(one array per column): any number of rows, one
    statement text. JSON travels as text and is cast per row."""
    names = ", ".join(column.name for column in columns)
    arrays = ", ".join(
        f"CAST(:{prefix}_{c.name} AS {'text' if _sql_type(c) == 'jsonb' else _sql_type(c)}[])"
        for c in columns
    )
    values = ", ".join(
        f"CAST(r.{c.name} AS jsonb)" if _sql_type(c) == "jsonb" else f"r.{c.name}" for c in columns
    )
    # Only the models' own table and column names go into the text, at import.
    return f"INSERT INTO {table.name} ({names}) SELECT {values} FROM unnest({arrays}) AS r({names})"  # noqa: S608


_WRITE: TextClause = text(
    f"WITH new_order AS (INSERT INTO {_ORDERS.name} "  # noqa: S608 (the models' names only)
    f"({', '.join(c.name for c in _ORDER_COLUMNS)}) "
    f"VALUES ({', '.join(_order_value(c) for c in _ORDER_COLUMNS)}) RETURNING *), "
    f"new_lines AS ({_rows_from_arrays('l', _LINES, _LINE_COLUMNS)}), "
    f"new_history AS ({_rows_from_arrays('h', _HISTORY, _HISTORY_COLUMNS)}) "
    "SELECT * FROM new_order"
)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _default(column: Column[Any]) -> Any:
    default = column.default
    return getattr(default, "arg", None) if default is not None and default.is_scalar else None


# Per column, worked out once: (parameter, attribute, default, JSON or not).
_ORDER_PARAMETERS = [
    (f"o_{c.name}", c.name, _default(c), _sql_type(c) == "jsonb") for c in _ORDER_COLUMNS
]
_ROW_PARAMETERS = [
    (prefix, [(f"{prefix}_{c.name}", c.name, _sql_type(c) == "jsonb") for c in columns])
    for prefix, columns in (("l", _LINE_COLUMNS), ("h", _HISTORY_COLUMNS))
]


def _parameters(
    order: Order, lines: Sequence[OrderLine], history: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    values = order.__dict__
    parameters: dict[str, Any] = {}
    for parameter, name, default, jsonb in _ORDER_PARAMETERS:
        value = values.get(name, default)
        parameters[parameter] = _json(value) if jsonb else value
    rows_of = {"l": [line.__dict__ for line in lines], "h": history}
    for prefix, columns in _ROW_PARAMETERS:
        rows = rows_of[prefix]
        for parameter, name, jsonb in columns:
            parameters[parameter] = [
                _json(row.get(name)) if jsonb else row.get(name) for row in rows
            ]
    return parameters


async def write_new_order(
    actor: Actor,
    order: Order,
    lines: Sequence[OrderLine],
    history: Sequence[dict[str, Any]],
) -> None:
    """Insert the (transient) order, its lines and history, then make `order` the
    session's persistent, unmodified copy of the row, server defaults included."""
    row = (await actor.session.execute(_WRITE, _parameters(order, lines, history))).mappings()
    values = order.__dict__
    # As after an ORM flush: what the server filled in is taken, the rest kept as set.
    for name, value in row.one().items():
        if name not in values or (values[name] is None and value is not None):
            setattr(order, name, value)
    make_transient_to_detached(order)
    actor.session.add(order)
