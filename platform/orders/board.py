"""The order board (Kanban): one column per active status, cards ordered by `rank` (ascending,
id as the tiebreak), and moving a card within its column.

A move places the order strictly between its two new neighbours' ranks. New orders start at
rank 0, so ties are common; when the neighbours leave no integer between them the whole
column is renumbered with gaps of RANK_GAP (in its current order) and the move retried.
Moves within one column queue on a transaction-level advisory lock, so two concurrent moves
never read the same neighbours.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, select, text, tuple_

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, NotFound
from core.pagination import Page, decode_cursor, encode_cursor, page_size
from orders.errors import OrderErrorCode
from orders.models import Order
from orders.reading import visible_orders
from orders.rules import Status

RANK_GAP = 1024
# The board's columns, left to right; completed and cancelled orders are not on it.
BOARD_STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.PENDING_APPROVAL,
    Status.CONFIRMED,
    Status.AWAITING_PAYMENT,
    Status.PAID,
    Status.READY_TO_SHIP,
    Status.SHIPPED,
    Status.DELIVERED,
)


@dataclass(frozen=True)
class BoardMove:
    order_id: uuid.UUID
    before_order_id: uuid.UUID | None = None
    after_order_id: uuid.UUID | None = None


def _column(statement: Select[Order], status: str) -> Select[Order]:
    return statement.where(Order.status == status)


def _malformed_cursor() -> BusinessRuleError:
    return BusinessRuleError.single(
        CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
    )


async def board_columns(actor: Actor, first: int | None) -> list[tuple[Status, Page[Order]]]:
    """Every column's first cards in the caller's data scope (the scope is read once)."""
    visible = await visible_orders(actor)
    return [
        (status, await _column_page(actor, visible, status.value, first, None))
        for status in BOARD_STATUSES
    ]


async def board_column(
    actor: Actor, status: str, first: int | None, after: str | None
) -> Page[Order]:
    """One column's cards in the caller's data scope, top first (rank, id)."""
    return await _column_page(actor, await visible_orders(actor), status, first, after)


async def _column_page(
    actor: Actor, visible: Select[Order], status: str, first: int | None, after: str | None
) -> Page[Order]:
    size = page_size(first)
    statement = _column(visible, status)
    if after:
        values = decode_cursor(after)
        if len(values) != 2 or not isinstance(values[0], int):
            raise _malformed_cursor()
        try:
            bound = (values[0], uuid.UUID(str(values[1])))
        except ValueError as error:
            raise _malformed_cursor() from error
        statement = statement.where(tuple_(Order.rank, Order.id) > tuple_(*bound))
    rows = list(
        (
            await actor.session.scalars(statement.order_by(Order.rank, Order.id).limit(size + 1))
        ).all()
    )
    page = rows[:size]
    return Page(
        rows=page,
        has_next_page=len(rows) > size,
        cursors=[encode_cursor([o.rank, str(o.id)]) for o in page],
    )


async def _visible(actor: Actor, order_id: uuid.UUID, *, lock: bool = False) -> Order:
    statement = (await visible_orders(actor)).where(Order.id == order_id)
    if lock:
        statement = statement.with_for_update(of=Order)
    order = await actor.session.scalar(statement.execution_options(populate_existing=True))
    if order is None:
        raise NotFound()
    return order


async def _neighbour(
    actor: Actor, order_id: uuid.UUID | None, moved: Order, field_name: str
) -> Order | None:
    if order_id is None:
        return None
    if order_id == moved.id:
        raise BusinessRuleError.single(
            OrderErrorCode.INVALID_NEIGHBOUR, "An order cannot be its own neighbour.", field_name
        )
    neighbour = await _visible(actor, order_id)
    if neighbour.status != moved.status:
        raise BusinessRuleError.single(
            OrderErrorCode.NOT_IN_COLUMN, "That order is in another column.", field_name
        )
    return neighbour


async def _column_rows(actor: Actor, status: str, moved: Order) -> list[Order]:
    """The whole column (every data scope: ranks are shared), in board order, locked."""
    rows = (
        await actor.session.scalars(
            select(Order)
            .where(Order.tenant_id == actor.tenant_id, Order.status == status, Order.id != moved.id)
            .order_by(Order.id)
            .with_for_update(of=Order)  # orders are locked in id order
            .execution_options(populate_existing=True)
        )
    ).all()
    return sorted(rows, key=lambda order: (order.rank, order.id))


def _slot(
    column: list[Order], above: Order | None, below: Order | None
) -> tuple[Order | None, Order | None]:
    """Complete the neighbours from the column: the card right below `above`, or right
    above `below`."""
    ids = [o.id for o in column]
    if above is not None:
        index = ids.index(above.id)
        return above, column[index + 1] if index + 1 < len(column) else None
    if below is not None:
        index = ids.index(below.id)
        return (column[index - 1] if index > 0 else None), below
    return None, None


def _rank_between(above: Order | None, below: Order | None) -> int | None:
    if above is None and below is None:
        return 0
    if below is None:
        assert above is not None
        return above.rank + RANK_GAP
    if above is None:
        return below.rank - RANK_GAP
    if below.rank - above.rank >= 2:
        return (above.rank + below.rank) // 2
    return None


def _renumber(column: list[Order]) -> None:
    for position, order in enumerate(column, start=1):
        order.rank = position * RANK_GAP


async def move_order_on_board(actor: Actor, move: BoardMove) -> Order:
    """Place an order within its status column (orders:write): after `after_order_id`
    (the card above it) and/or before `before_order_id` (the card below it)."""
    await actor.require("orders", "write")
    if move.before_order_id is None and move.after_order_id is None:
        raise BusinessRuleError.single(
            OrderErrorCode.REQUIRED, "Give the card above or below.", "afterOrderId"
        )
    moved = await _visible(actor, move.order_id)
    await actor.session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"orders.board:{actor.tenant_id}:{moved.status}"},
    )
    moved = await _visible(actor, move.order_id, lock=True)
    above = await _neighbour(actor, move.after_order_id, moved, "afterOrderId")
    below = await _neighbour(actor, move.before_order_id, moved, "beforeOrderId")
    column = await _column_rows(actor, moved.status, moved)
    # With both given, the card above decides: cards outside the caller's data scope may sit
    # between the two, and the move must still land right below the card they dropped it on.
    above, below = _slot(column, above, below if above is None else None)
    rank = _rank_between(above, below)
    if rank is None:
        _renumber(column)
        rank = _rank_between(above, below)
        assert rank is not None
    before_rank = moved.rank
    moved.rank = rank
    await audit.record(
        actor,
        "orders.move_on_board",
        "order",
        moved.id,
        before={"rank": before_rank},
        after={"rank": rank},
    )
    await actor.session.flush()
    return moved
