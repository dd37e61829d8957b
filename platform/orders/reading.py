"""Reading orders within the caller's data scope: lookups, the order list with its sorts,
the DataLoader batches (lines, history), the portal contact's own orders, and facts read off
an order (its terms, what its customer owes)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import InstrumentedAttribute

import customers.services as customers
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode
from core.pagination import Page, decode_cursor, encode_cursor, page_size
from core.tenancy import PrincipalKind
from customers.services import plan_from_json
from orders import rules
from orders.errors import OrderErrorCode
from orders.models import Order, OrderLine, OrderStatusChange
from orders.rules import Status, Transition, TransitionRequest

# Terms on which an order may ship before it is paid (its receivables track the payment).
CREDIT_TERMS = ("net", "instalments")


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    customer_id: uuid.UUID | None = None
    priority: str | None = None
    search: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    statuses: tuple[str, ...] = ()
    channel: str | None = None
    tag: str | None = None


# The order list's sorts: each is keyset-paginated on (its key, id).
ORDER_SORTS = ("newest", "oldest", "total", "requested_date")
# Orders without a requested date sort after every dated one: as DATE 'infinity' in SQL,
# which asyncpg reads and writes as date.max.
_NO_DATE = date.max

# --- reading -------------------------------------------------------------------------------


async def visible_orders(actor: Actor, action: str = "read") -> Select[Order]:
    """Orders the caller may `action` (the rule beside the models): with orders:read, those
    of customers within their data scope (a sales rep with "own" scope sees the orders of
    customers they own); with access.PORTAL, a portal contact's own customer's."""
    return await access.restrict(actor, Order, action)


async def get_order(actor: Actor, order_id: uuid.UUID, action: str = "read") -> Order:
    """One order the caller may `action`, or NOT_FOUND (also when out of reach)."""
    return await access.get_scoped(actor, Order, order_id, action)


async def orders_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    """A DataLoader batch of staff orders: for portal contacts (who reach their orders as
    PortalOrder) none exists."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    return await access.rows_by_id(actor, Order, ids)


async def order_by_number(actor: Actor, number: str) -> Order | None:
    """The staff order with this number when the caller may read it, as `orders_by_id`
    decides; None when it is missing, another tenant's or out of reach."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return None
    statement = (await visible_orders(actor)).where(Order.number == number.strip())
    return await actor.session.scalar(statement)


def _like(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(statement: Select[Order], flt: OrderFilter) -> Select[Order]:
    if flt.status:
        statement = statement.where(Order.status == flt.status)
    if flt.statuses:
        statement = statement.where(Order.status.in_(flt.statuses))
    if flt.customer_id:
        statement = statement.where(Order.customer_id == flt.customer_id)
    if flt.priority:
        statement = statement.where(Order.priority == flt.priority)
    if flt.channel:
        statement = statement.where(Order.channel == flt.channel)
    if flt.tag and flt.tag.strip():
        statement = statement.where(Order.tags.contains([flt.tag.strip().lower()]))
    if flt.created_from:
        statement = statement.where(Order.created_at >= flt.created_from)
    if flt.created_to:
        statement = statement.where(Order.created_at < flt.created_to)
    if flt.search and flt.search.strip():
        pattern = _like(flt.search.strip())
        statement = statement.where(
            or_(
                Order.number.ilike(pattern),
                Order.external_ref.ilike(pattern),
                Order.customer_name.ilike(pattern),
            )
        )
    return statement


@dataclass(frozen=True)
class _SortKey:
    """A sort of the order list: its key, how to read it off a row and back off a cursor."""

    descending: bool
    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    value: Callable[[Order], Any]
    parse: Callable[[str], Any]


_SORT_KEYS = {
    "newest": _SortKey(True, Order.created_at, lambda o: o.created_at, datetime.fromisoformat),
    "oldest": _SortKey(False, Order.created_at, lambda o: o.created_at, datetime.fromisoformat),
    "total": _SortKey(True, Order.total, lambda o: o.total, Decimal),
    "requested_date": _SortKey(
        # A literal, not a bind parameter, so an index on the same expression can serve it.
        False,
        func.coalesce(Order.requested_delivery_date, literal_column("DATE 'infinity'", Date)),
        lambda o: o.requested_delivery_date or _NO_DATE,
        date.fromisoformat,
    ),
}


def _invalid_sort() -> BusinessRuleError:
    return BusinessRuleError.single(
        OrderErrorCode.INVALID_SORT, f"Sort by one of {', '.join(ORDER_SORTS)}.", "orderBy"
    )


def _after_cursor(sort: str, key: _SortKey, cursor: str) -> tuple[Any, uuid.UUID]:
    """The (key, id) a cursor of this sort carries; INVALID_CURSOR for another sort's."""
    values = decode_cursor(cursor)
    if len(values) != 3 or values[0] != sort:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
        )
    try:
        return key.parse(str(values[1])), uuid.UUID(str(values[2]))
    except (ValueError, ArithmeticError) as error:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
        ) from error


async def list_orders(
    actor: Actor,
    flt: OrderFilter,
    first: int | None,
    after: str | None,
    sort: str = "newest",
    action: str = "read",
) -> Page[Order]:
    """Orders the caller may `action` in one of ORDER_SORTS (default newest first), keyset
    paginated on (sort key, id) so each page is one index range scan."""
    key = _SORT_KEYS.get(sort)
    if key is None:
        raise _invalid_sort()
    size = page_size(first)
    statement = _filtered(await visible_orders(actor, action), flt)
    position = tuple_(key.expression, Order.id)
    if after:
        bound = tuple_(*_after_cursor(sort, key, after))
        statement = statement.where(position < bound if key.descending else position > bound)
    order_by = (
        [key.expression.desc(), Order.id.desc()]
        if key.descending
        else [key.expression.asc(), Order.id.asc()]
    )
    rows = list((await actor.session.scalars(statement.order_by(*order_by).limit(size + 1))).all())
    page = rows[:size]
    cursors = [encode_cursor([sort, str(key.value(o)), str(o.id)]) for o in page]
    return Page(rows=page, has_next_page=len(rows) > size, cursors=cursors)


async def lines_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    """Lines of orders the caller already reached, by line number (a DataLoader batch)."""
    rows = (
        await actor.session.scalars(
            select(OrderLine)
            .where(OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id.in_(order_ids))
            .order_by(OrderLine.order_id, OrderLine.line_no)
        )
    ).all()
    grouped: dict[uuid.UUID, list[OrderLine]] = {i: [] for i in order_ids}
    for line in rows:
        grouped[line.order_id].append(line)
    return [grouped[i] for i in order_ids]


async def quantities_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[tuple[Decimal, Decimal]]:
    """(ordered, shipped) summed over each order's lines, for orders the caller already
    reached (a DataLoader batch): plain sums, no line objects (lists show the progress of
    every order of the page)."""
    rows = await actor.session.execute(
        select(
            OrderLine.order_id, func.sum(OrderLine.quantity), func.sum(OrderLine.shipped_quantity)
        )
        .where(OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id.in_(order_ids))
        .group_by(OrderLine.order_id)
    )
    sums = {order_id: (ordered, shipped) for order_id, ordered, shipped in rows}
    return [sums.get(order_id, (Decimal(0), Decimal(0))) for order_id in order_ids]


async def history_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[list[OrderStatusChange]]:
    """Status history of orders the caller already reached, oldest first (a batch)."""
    rows = (
        await actor.session.scalars(
            select(OrderStatusChange)
            .where(
                OrderStatusChange.tenant_id == actor.tenant_id,
                OrderStatusChange.order_id.in_(order_ids),
            )
            .order_by(
                OrderStatusChange.order_id, OrderStatusChange.created_at, OrderStatusChange.id
            )
        )
    ).all()
    grouped: dict[uuid.UUID, list[OrderStatusChange]] = {i: [] for i in order_ids}
    for change in rows:
        grouped[change.order_id].append(change)
    return [grouped[i] for i in order_ids]


async def order_lines_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[OrderLine | None]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (
        await actor.session.scalars(
            select(OrderLine)
            .join(
                Order, (Order.tenant_id == OrderLine.tenant_id) & (Order.id == OrderLine.order_id)
            )
            .where(
                OrderLine.id.in_(ids),
                Order.id.in_((await visible_orders(actor)).with_only_columns(Order.id)),
            )
        )
    ).all()
    found = {line.id: line for line in rows}
    return [found.get(i) for i in ids]


async def held_order_permissions(actor: Actor) -> set[str]:
    """The orders actions the caller holds (for availableTransitions)."""
    principal = actor.principal
    if principal is None or principal.kind is PrincipalKind.PORTAL:
        return set()
    held = await actor.services.authorizer.permissions(principal)
    return {action for resource, action in held if resource == "orders"}


def available_transitions(
    order: Order, permissions: set[str], lines: Sequence[OrderLine]
) -> list[Transition]:
    return rules.available_actions(
        Status(order.status),
        permissions,
        TransitionRequest(on_credit_terms=on_credit(order), shipped_in_part=shipped_in_part(lines)),
    )


def shipped_in_part(lines: Iterable[OrderLine]) -> bool:
    return any(line.shipped_quantity > 0 for line in lines)


def on_credit(order: Order) -> bool:
    return order.payment_terms_kind.lower() in CREDIT_TERMS


async def lines_of_order(actor: Actor, order: Order) -> list[OrderLine]:
    [lines] = await lines_of_orders(actor, [order.id])
    return lines


async def visible_order_ids(actor: Actor, action: str = "read") -> Select[tuple[uuid.UUID]]:
    """Ids of the orders the caller may `action` (as `visible_orders`), as a subquery."""
    return await access.visible_ids(actor, Order, action)


async def orders_for_system(actor: Actor, order_ids: list[uuid.UUID]) -> list[Order]:
    """Orders of the actor's tenant by id, for work the system does itself (jobs and event
    handlers act for nobody, so no permission applies)."""
    if not order_ids:
        return []
    return list(
        (
            await actor.session.scalars(
                select(Order).where(Order.tenant_id == actor.tenant_id, Order.id.in_(order_ids))
            )
        ).all()
    )


_OWING = (
    Status.CONFIRMED,
    Status.AWAITING_PAYMENT,
    Status.READY_TO_SHIP,
    Status.SHIPPED,
    Status.DELIVERED,
)


@dataclass(frozen=True, slots=True)
class OrderHead:
    """What event handlers read of an order, as a plain row: who it is for, who made and
    owns it, its total and the terms it was sold on. Reading these few columns costs a
    fraction of loading the order as an entity, which handlers paid once per event."""

    id: uuid.UUID
    number: str
    status: str
    customer_id: uuid.UUID
    customer_name: str
    owner_id: uuid.UUID | None
    created_by_kind: str | None
    created_by_id: uuid.UUID | None
    currency: str
    total: Decimal
    payment_terms_kind: str
    payment_net_days: int | None
    payment_plan: list[dict[str, Any]] | None


_HEADS = (
    select(
        Order.id,
        Order.number,
        Order.status,
        Order.customer_id,
        Order.customer_name,
        Order.owner_id,
        Order.created_by_kind,
        Order.created_by_id,
        Order.currency,
        Order.total,
        Order.payment_terms_kind,
        Order.payment_net_days,
        Order.payment_plan,
    )
    .where(
        Order.tenant_id == bindparam("tenant_id"),
        Order.id == any_(bindparam("ids", type_=ARRAY(UUID(as_uuid=True)))),
    )
    .order_by(Order.id)
)
_LOCKED_HEADS = _HEADS.with_for_update(of=Order)


async def order_heads_for_system(
    actor: Actor, order_ids: Sequence[uuid.UUID], *, lock: bool = False
) -> dict[uuid.UUID, OrderHead]:
    """The heads of the tenant's orders by id, for work the system does itself (no
    permission applies). With `lock`, their rows are locked in id order, the lock order
    every order writer keeps."""
    if not order_ids:
        return {}
    rows = await actor.session.execute(
        _LOCKED_HEADS if lock else _HEADS,
        {"tenant_id": actor.tenant_id, "ids": list(order_ids)},
    )
    return {row.id: OrderHead(**row._asdict()) for row in rows}


def _owing(actor: Actor) -> list[Any]:
    """Orders a customer owes on: confirmed or later and neither paid, completed nor
    cancelled (a finance user may still mark an order paid by hand)."""
    return [
        Order.tenant_id == actor.tenant_id,
        Order.status.in_([s.value for s in _OWING]),
        Order.amount_paid < Order.total,
    ]


async def open_receivables(
    actor: Actor, customer_id: uuid.UUID, excluding: uuid.UUID | None = None
) -> Decimal:
    """What the customer owes on orders, for the credit check and its open balance: the
    totals of its owing orders less what payments settled."""
    statement = select(func.coalesce(func.sum(Order.total - Order.amount_paid), 0)).where(
        *_owing(actor), Order.customer_id == customer_id
    )
    if excluding is not None:
        statement = statement.where(Order.id != excluding)
    return Decimal(await actor.session.scalar(statement) or 0)


async def open_receivables_of(
    actor: Actor, customer_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Decimal]:
    """`open_receivables` of several customers in one statement (absent: nothing owed)."""
    if not customer_ids:
        return {}
    rows = await actor.session.execute(
        select(Order.customer_id, func.sum(Order.total - Order.amount_paid))
        .where(*_owing(actor), Order.customer_id.in_(customer_ids))
        .group_by(Order.customer_id)
    )
    return {customer_id: Decimal(owed) for customer_id, owed in rows}


def payment_terms_of(order: Order | OrderHead) -> customers.PaymentTerms:
    """The terms the order was sold on (orders from before it kept them: the kind only)."""
    return customers.PaymentTerms(
        kind=order.payment_terms_kind.lower(),
        net_days=order.payment_net_days,
        instalments=plan_from_json(order.payment_plan),
    )


async def orders_delivered_between(actor: Actor, start: datetime, end: datetime) -> int:
    """How many of the tenant's orders became Delivered in [start, end) (orders:read), the
    denominator of after-sales rates."""
    await actor.require("orders", "read")
    return int(
        await actor.session.scalar(
            select(func.count(func.distinct(OrderStatusChange.order_id))).where(
                OrderStatusChange.tenant_id == actor.tenant_id,
                OrderStatusChange.to_status == Status.DELIVERED.value,
                OrderStatusChange.created_at >= start,
                OrderStatusChange.created_at < end,
            )
        )
        or 0
    )


async def delivered_quantities_by_sku(
    actor: Actor, start: datetime, end: datetime
) -> dict[uuid.UUID, tuple[str, Decimal]]:
    """Per SKU (its code and quantity), what was shipped on the tenant's orders that became
    Delivered in [start, end) (orders:read): the denominator of return rates."""
    await actor.require("orders", "read")
    delivered = (
        select(OrderStatusChange.order_id)
        .where(
            OrderStatusChange.tenant_id == actor.tenant_id,
            OrderStatusChange.to_status == Status.DELIVERED.value,
            OrderStatusChange.created_at >= start,
            OrderStatusChange.created_at < end,
        )
        .distinct()
    )
    rows = await actor.session.execute(
        select(OrderLine.sku_id, func.min(OrderLine.sku_code), func.sum(OrderLine.shipped_quantity))
        .where(OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id.in_(delivered))
        .group_by(OrderLine.sku_id)
    )
    return {sku_id: (code, Decimal(total or 0)) for sku_id, code, total in rows.tuples()}
