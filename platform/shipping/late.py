"""The late-shipment rule: an order still Ready to Ship N days (the tenant's
`lateShipmentDays`) after it became ready, and not fully shipped, raises
`order.shipment_late` once, and its owner gets an in-app notice.

How it runs: when an order becomes Ready to Ship, a handler puts it on the platform-level
`shipment_deadlines` queue with the time it becomes late; a worker cron job takes due
entries, re-checks each order in its tenant's transaction, and in that same transaction
records the alert, emits the event and removes the entry. The alert record (one per order)
and the removal make the event happen once, however often the job runs or restarts.
"""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

import identity.services as identity
import notifications.services as notifications
import orders.services as orders
import tenants.services as tenants
from core.console_links import order_path
from core.context import Actor, Services
from core.outbox import emit
from notifications import RenderedNotice, is_chinese
from orders.events import OrderStatusChanged
from shipping import rules
from shipping.events import OrderShipmentLate
from shipping.models import LateShipmentAlert, ShipmentDeadline
from shipping.services import late_shipment_days

if TYPE_CHECKING:
    from orders.models import Order

LATE_KIND = "order_shipment_late"
BATCH_SIZE = 200

log = structlog.get_logger("orbit.shipping")


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- watching orders that become ready -----------------------------------------------------


async def watch_status_change(
    actor: Actor, change: OrderStatusChanged, happened_at: datetime
) -> None:
    """Queue an order that became Ready to Ship; forget one that left it. Events may arrive
    out of order: the job re-checks the order's status before raising anything."""
    order_id = change.order_id
    if change.to == orders.Status.READY_TO_SHIP.value:
        due_at = rules.late_after(happened_at, await late_shipment_days(actor))
        await actor.session.execute(
            insert(ShipmentDeadline)
            .values(
                tenant_id=actor.tenant_id,
                order_id=order_id,
                ready_at=happened_at,
                due_at=due_at,
            )
            .on_conflict_do_update(
                index_elements=[ShipmentDeadline.tenant_id, ShipmentDeadline.order_id],
                set_={"ready_at": happened_at, "due_at": due_at},
            )
        )
    elif change.from_ == orders.Status.READY_TO_SHIP.value:
        await actor.session.execute(
            delete(ShipmentDeadline).where(
                ShipmentDeadline.tenant_id == actor.tenant_id, ShipmentDeadline.order_id == order_id
            )
        )


# --- the cron job --------------------------------------------------------------------------


async def _due_entries(services: Services) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Due queue entries by tenant (no tenant bound: the queue holds ids and times only)."""
    async with services.db.transaction() as session:
        rows = (
            await session.execute(
                select(ShipmentDeadline.tenant_id, ShipmentDeadline.order_id)
                .where(ShipmentDeadline.due_at <= utcnow())
                .order_by(ShipmentDeadline.due_at)
                .limit(BATCH_SIZE)
            )
        ).all()
    due: dict[uuid.UUID, list[uuid.UUID]] = {}
    for tenant_id, order_id in rows:
        due.setdefault(tenant_id, []).append(order_id)
    return due


async def check_late_shipments(services: Services) -> int:
    """Raise `order.shipment_late` for every due order; returns how many were raised."""
    raised = 0
    for tenant_id, order_ids in (await _due_entries(services)).items():
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            raised += await _raise_due(actor, order_ids)
    if raised:
        log.info("shipping.late_orders", raised=raised)
    return raised


async def _locked_entries(actor: Actor, order_ids: list[uuid.UUID]) -> Sequence[ShipmentDeadline]:
    """The entries, locked; one another run holds is skipped (it is being handled)."""
    return (
        await actor.session.scalars(
            select(ShipmentDeadline)
            .where(
                ShipmentDeadline.tenant_id == actor.tenant_id,
                ShipmentDeadline.order_id.in_(order_ids),
            )
            .order_by(ShipmentDeadline.order_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    ).all()


async def _raise_due(actor: Actor, order_ids: list[uuid.UUID]) -> int:
    days = await late_shipment_days(actor)
    found = {o.id: o for o in await orders.orders_for_system(actor, order_ids)}
    raised = 0
    for entry in await _locked_entries(actor, order_ids):
        order = found.get(entry.order_id)
        due_at = rules.late_after(entry.ready_at, days)
        if (
            order is not None
            and order.status == orders.Status.READY_TO_SHIP.value
            and due_at > utcnow()
        ):
            entry.due_at = due_at  # the rule was relaxed meanwhile: not late yet
            continue
        if order is not None and order.status == orders.Status.READY_TO_SHIP.value:
            raised += await _raise_once(actor, order, entry.ready_at, days)
        await actor.session.delete(entry)
    await actor.session.flush()
    return raised


async def _raise_once(actor: Actor, order: Order, ready_at: datetime, days: int) -> int:
    """Emit the event unless this order already had it (the alert row records it)."""
    [lines] = await orders.lines_of_orders(actor, [order.id])
    if rules.fully_shipped(
        [rules.Remaining(str(li.id), li.quantity, li.shipped_quantity) for li in lines]
    ):
        return 0
    if await actor.session.get(LateShipmentAlert, (actor.tenant_id, order.id)) is not None:
        return 0
    event_id = await emit(
        actor,
        OrderShipmentLate(
            order_id=order.id,
            number=order.number,
            owner_id=order.owner_id,
            ready_since=ready_at,
            late_shipment_days=days,
        ),
    )
    actor.session.add(
        LateShipmentAlert(tenant_id=actor.tenant_id, order_id=order.id, event_id=event_id)
    )
    return 1


# --- the owner's notice --------------------------------------------------------------------


def late_notice(locale: str | None, *, number: str, days: int) -> RenderedNotice:
    if is_chinese(locale):
        return RenderedNotice(
            title=f"订单 {number} 发货延迟",
            body=f"订单 {number} 已待发货超过 {days} 天，仍未全部发出。",
        )
    return RenderedNotice(
        title=f"Order {number} is late to ship",
        body=f"Order {number} has been ready to ship for more than {days} days and has not "
        "fully shipped.",
    )


async def notify_owner(actor: Actor, late: OrderShipmentLate, event_id: uuid.UUID) -> bool:
    """An in-app notice to the order's owner (the customer's sales rep), once per event."""
    if late.owner_id is None:
        return False
    [owner] = await identity.users_by_id(actor, [late.owner_id])
    if owner is None or owner.status != "active":
        return False
    tenant = await tenants.current_tenant(actor)
    notice = late_notice(
        owner.locale or tenant.locale,
        number=late.number,
        days=late.late_shipment_days,
    )
    link = order_path(late.number)
    return await notifications.notify(actor, owner.id, LATE_KIND, notice, event_id, link)
