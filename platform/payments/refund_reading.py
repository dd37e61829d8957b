"""Reading refunds: the refunds list, refunds by id, and each payment's or (for the portal)
each order's refunds, within the caller's data scope."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from payments.models import Refund
from payments.refunds import RefundStatus


def _grouped(
    rows: Sequence[Refund], keys: list[uuid.UUID], key_of: Callable[[Refund], uuid.UUID | None]
) -> list[list[Refund]]:
    """`rows` split by `key_of`, one list per key in `keys` (a DataLoader batch's answer)."""
    grouped: dict[uuid.UUID, list[Refund]] = {key: [] for key in keys}
    for row in rows:
        key = key_of(row)
        if key is not None:
            grouped[key].append(row)
    return [grouped[key] for key in keys]


@dataclass(frozen=True)
class RefundFilter:
    status: RefundStatus | None = None
    customer_id: uuid.UUID | None = None
    payment_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None


async def list_refunds(
    actor: Actor, flt: RefundFilter, first: int | None, after: str | None
) -> Page[Refund]:
    """Refunds of the customers in the caller's data scope, newest first (refunds:read)."""
    statement = await access.restrict(actor, Refund)
    if flt.status is not None:
        statement = statement.where(Refund.status == flt.status.value)
    if flt.customer_id is not None:
        statement = statement.where(Refund.customer_id == flt.customer_id)
    if flt.payment_id is not None:
        statement = statement.where(Refund.payment_id == flt.payment_id)
    if flt.order_id is not None:
        statement = statement.where(Refund.order_id == flt.order_id)
    return await keyset_page(
        actor.session, statement, [Refund.created_at, Refund.id], first=first, after=after
    )


async def refunds_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Refund | None]:
    return await access.rows_by_id(actor, Refund, ids)


async def refunds_of_payments(actor: Actor, payment_ids: list[uuid.UUID]) -> list[list[Refund]]:
    """Each payment's refunds, newest first; none for a caller without refunds:read."""
    if not await actor.can("refunds", "read"):
        return [[] for _ in payment_ids]
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Refund))
            .where(Refund.payment_id.in_(payment_ids))
            .order_by(Refund.created_at.desc(), Refund.id.desc())
        )
    ).all()
    return _grouped(rows, payment_ids, lambda refund: refund.payment_id)


async def refunds_of_orders_for_portal(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[list[Refund]]:
    """Each order's refunds, oldest first, as its portal customer follows them (the
    signed-in contact's own customer only)."""
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Refund, access.PORTAL))
            .where(Refund.order_id.in_(order_ids))
            .order_by(Refund.created_at, Refund.id)
        )
    ).all()
    return _grouped(rows, order_ids, lambda refund: refund.order_id)
