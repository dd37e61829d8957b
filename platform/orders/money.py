"""Money on orders: payments and refunds recorded against locked orders, and the payment
status they give (payments authorises)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (
    select,
)

from core.context import Actor
from orders import rules
from orders.history_notes import NoteCode
from orders.lifecycle import HistoryNote, move
from orders.models import Order
from orders.reading import on_credit
from orders.rules import Action, Status


def payment_status(total: Decimal, paid: Decimal, refunded: Decimal) -> str:
    if refunded > 0:
        return "refunded" if refunded >= paid else "partially_refunded"
    if paid <= 0:
        return "unpaid"
    return "paid" if paid >= total else "partially_paid"


async def lock_orders_for_payment(
    actor: Actor, order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Order]:
    """The orders a payment settles, locked in id order (the lock order every order writer
    keeps), whatever the recorder's data scope: recording money is finance's authority."""
    rows = (
        await actor.session.scalars(
            select(Order)
            .where(Order.tenant_id == actor.tenant_id, Order.id.in_(order_ids))
            .order_by(Order.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    return {order.id: order for order in rows}


async def apply_payment(actor: Actor, order: Order, amount: Decimal, reference: str) -> None:
    """Add a payment to a locked order: its paid amount and payment status; a prepaid order
    paid in full moves on to Paid (through Awaiting Payment when it was only Confirmed),
    the payment named in its status history."""
    order.amount_paid += amount
    order.payment_status = payment_status(order.total, order.amount_paid, order.amount_refunded)
    order.version += 1
    order.updated_at = datetime.now(UTC)
    if order.payment_status != "paid" or on_credit(order):
        return
    note = HistoryNote(code=NoteCode.PAID_IN_FULL, params={"payment": reference})
    for action in (Action.REQUEST_PAYMENT, Action.MARK_PAID):
        transition = rules.transition_for(Status(order.status), action)
        if transition is not None:
            await move(actor, order, [], transition, note)


async def apply_refund(actor: Actor, order: Order, amount: Decimal, reference: str) -> None:
    """Add money paid back to a locked order: its refunded amount and payment status
    (refunded once what was paid back reaches what was paid, partially refunded before).
    The lifecycle status stays where it is (a refund is no transition); `reference`, the
    refund's number, is named by the refund's own audit entry and credit note."""
    order.amount_refunded += amount
    order.payment_status = payment_status(order.total, order.amount_paid, order.amount_refunded)
    order.version += 1
    order.updated_at = datetime.now(UTC)
