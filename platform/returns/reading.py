"""Reading returns: the staff list with its filters, lookups by id and number, lines and
inspections (DataLoader batches), returns of orders, and the portal contact's own returns."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, select, tuple_

from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode
from core.pagination import Page, decode_cursor, keyset_page
from core.tenancy import PrincipalKind
from returns.models import Return, ReturnInspection, ReturnLine
from returns.rules import NOT_COUNTED, ReturnStatus


@dataclass(frozen=True)
class ReturnFilter:
    """The staff list's filters; every one given must match."""

    statuses: tuple[ReturnStatus, ...] = ()
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None


def _staff(actor: Actor) -> bool:
    return actor.require_principal().kind is not PrincipalKind.PORTAL


def _filtered(statement: Select[Return], flt: ReturnFilter) -> Select[Return]:
    if flt.statuses:
        statement = statement.where(Return.status.in_([s.value for s in flt.statuses]))
    if flt.customer_id is not None:
        statement = statement.where(Return.customer_id == flt.customer_id)
    if flt.order_id is not None:
        statement = statement.where(Return.order_id == flt.order_id)
    return statement


def _after(statement: Select[Return], after: str | None) -> Select[Return]:
    """Rows after the cursor in (created_at, id) descending order."""
    if not after:
        return statement
    try:
        created, row = decode_cursor(after)
        bound = (datetime.fromisoformat(str(created)), uuid.UUID(str(row)))
    except (ValueError, TypeError) as error:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
        ) from error
    return statement.where(tuple_(Return.created_at, Return.id) < tuple_(*bound))


async def _page(
    actor: Actor, statement: Select[Return], first: int | None, after: str | None
) -> Page[Return]:
    return await keyset_page(
        actor.session,
        _after(statement, after),
        [Return.created_at, Return.id],
        first=first,
        after=None,
    )


async def list_returns(
    actor: Actor, flt: ReturnFilter, first: int | None, after: str | None
) -> Page[Return]:
    """Returns of customers in the caller's data scope (returns:read), newest first: one
    statement per page."""
    actor.require_staff()
    statement = _filtered(await access.restrict(actor, Return), flt)
    return await _page(actor, statement, first, after)


async def returns_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Return | None]:
    """A DataLoader batch of staff returns; portal contacts reach theirs as PortalReturn."""
    if not _staff(actor):
        return [None] * len(ids)
    return await access.rows_by_id(actor, Return, ids)


async def return_by_number(actor: Actor, number: str) -> Return | None:
    if not _staff(actor):
        return None
    statement = (await access.restrict(actor, Return)).where(Return.number == number.strip())
    return await actor.session.scalar(statement)


async def returns_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[Return]]:
    """Returns of orders the caller already reached, newest first (a DataLoader batch);
    empty lists for callers without returns:read."""
    grouped: dict[uuid.UUID, list[Return]] = {i: [] for i in order_ids}
    if not await actor.can("returns", "read"):
        return [grouped[i] for i in order_ids]
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Return))
            .where(Return.order_id.in_(order_ids))
            .order_by(Return.created_at.desc(), Return.id.desc())
        )
    ).all()
    for row in rows:
        grouped[row.order_id].append(row)
    return [grouped[i] for i in order_ids]


async def lines_of_returns(actor: Actor, return_ids: list[uuid.UUID]) -> list[list[ReturnLine]]:
    """Lines of returns the caller already reached, by line number (a DataLoader batch)."""
    action = "read" if _staff(actor) else access.PORTAL
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, ReturnLine, action))
            .where(ReturnLine.return_id.in_(return_ids))
            .order_by(ReturnLine.return_id, ReturnLine.line_no)
        )
    ).all()
    grouped: dict[uuid.UUID, list[ReturnLine]] = {i: [] for i in return_ids}
    for row in rows:
        grouped[row.return_id].append(row)
    return [grouped[i] for i in return_ids]


async def inspections_of_lines(
    actor: Actor, line_ids: list[uuid.UUID]
) -> list[list[ReturnInspection]]:
    """Inspections of return lines the caller already reached, oldest first (a batch)."""
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, ReturnInspection))
            .where(ReturnInspection.return_line_id.in_(line_ids))
            .order_by(ReturnInspection.created_at, ReturnInspection.id)
        )
    ).all()
    grouped: dict[uuid.UUID, list[ReturnInspection]] = {i: [] for i in line_ids}
    for row in rows:
        grouped[row.return_line_id].append(row)
    return [grouped[i] for i in line_ids]


async def requested_quantities(
    actor: Actor, order_line_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Decimal]:
    """Per order line, the quantity every return not cancelled or declined asks for (system
    read: the caller locked the order first, so this count holds until it commits)."""
    if not order_line_ids:
        return {}
    rows = await actor.session.execute(
        select(ReturnLine.order_line_id, func.sum(ReturnLine.quantity))
        .join(
            Return, (Return.tenant_id == ReturnLine.tenant_id) & (Return.id == ReturnLine.return_id)
        )
        .where(
            ReturnLine.tenant_id == actor.tenant_id,
            ReturnLine.order_line_id.in_(order_line_ids),
            Return.status.not_in([s.value for s in NOT_COUNTED]),
        )
        .group_by(ReturnLine.order_line_id)
    )
    return {line_id: Decimal(total) for line_id, total in rows.all()}


async def quarantined_quantities(
    actor: Actor, keys: list[tuple[uuid.UUID, uuid.UUID]]
) -> list[Decimal | None]:
    """Per (warehouse, SKU), what returns received there and not yet inspected (a DataLoader
    batch); None for callers without returns:read. Returned goods are expected back at the
    warehouse their order line shipped from."""
    if not await actor.can("returns", "read"):
        return [None] * len(keys)
    waiting = func.sum(ReturnLine.received_quantity - ReturnLine.inspected_quantity)
    rows = await actor.session.execute(
        (await access.restrict(actor, ReturnLine))
        .with_only_columns(ReturnLine.warehouse_id, ReturnLine.sku_id, waiting)
        .where(
            tuple_(ReturnLine.warehouse_id, ReturnLine.sku_id).in_(keys),
            ReturnLine.received_quantity > ReturnLine.inspected_quantity,
        )
        .group_by(ReturnLine.warehouse_id, ReturnLine.sku_id)
    )
    found = {(warehouse, sku): Decimal(total) for warehouse, sku, total in rows.all()}
    return [found.get(key, Decimal(0)) for key in keys]


async def portal_returns(
    actor: Actor, first: int | None, after: str | None, order_id: uuid.UUID | None = None
) -> Page[Return]:
    """The signed-in contact's customer's returns (of one order, if given), newest first."""
    actor.require_portal()
    statement = await access.restrict(actor, Return, access.PORTAL)
    if order_id is not None:
        statement = statement.where(Return.order_id == order_id)
    return await _page(actor, statement, first, after)


async def portal_return(actor: Actor, return_id: uuid.UUID) -> Return:
    """One of the contact's customer's returns, or NOT_FOUND (another customer's too)."""
    actor.require_portal()
    return await access.get_scoped(actor, Return, return_id, access.PORTAL)


async def locked_return(actor: Actor, return_id: uuid.UUID) -> Return:
    """A return the staff caller reaches (returns:read within scope; the use case checks
    its own permission), locked: every change of a return and its lines queues here."""
    actor.require_staff()
    return await access.get_scoped(actor, Return, return_id, "read", lock=True)


async def lines_for_change(actor: Actor, return_id: uuid.UUID) -> list[ReturnLine]:
    """The lines of a return the caller has locked, fresh from the database."""
    rows = await actor.session.scalars(
        select(ReturnLine)
        .where(ReturnLine.tenant_id == actor.tenant_id, ReturnLine.return_id == return_id)
        .order_by(ReturnLine.line_no)
        .execution_options(populate_existing=True)
    )
    return list(rows.all())


async def returns_of_exchange_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[Return | None]:
    """Per exchange order, the return whose resolution entered it (a DataLoader batch);
    None for other orders and for callers without returns:read."""
    if not _staff(actor) or not await actor.can("returns", "read"):
        return [None] * len(order_ids)
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Return)).where(Return.exchange_order_id.in_(order_ids))
        )
    ).all()
    found = {row.exchange_order_id: row for row in rows}
    return [found.get(i) for i in order_ids]
