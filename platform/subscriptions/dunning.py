"""Past due and back: a renewal order unpaid after its due date makes its subscription
PAST_DUE (receivables' overdue reminders — the dunning — carry on as for any order), unless
a saved card is still being retried for it (charging.py then decides); once
the customer has paid every period's order, it is ACTIVE again. Both are the system's work
in event handlers (receivable.overdue, payment.recorded), recorded like any change."""

from __future__ import annotations

import uuid

from sqlalchemy import select

import catalog.services as catalog
import orders.services as orders
from core.context import Actor
from subscriptions.models import Subscription, SubscriptionPeriod
from subscriptions.recording import lines_of, mrr_of, record_change, summary
from subscriptions.rules import ChangeKind, PeriodStatus, SubscriptionStatus

SETTLED = frozenset({"paid", "refunded", "partially_refunded"})


async def renewal_overdue(actor: Actor, order_id: uuid.UUID) -> bool:
    """The order's receivable is overdue: when it bills a period of a running subscription,
    the subscription goes past due. False for other orders."""
    period = await actor.session.scalar(
        select(SubscriptionPeriod).where(
            SubscriptionPeriod.tenant_id == actor.tenant_id,
            SubscriptionPeriod.order_id == order_id,
        )
    )
    if period is None:
        return False
    subscription = await actor.session.get(
        Subscription, (actor.tenant_id, period.subscription_id), with_for_update=True
    )
    if subscription is None or subscription.status != SubscriptionStatus.ACTIVE.value:
        return False
    if subscription.payment_method and period.status == PeriodStatus.BILLED.value:
        # The saved card is still being retried: the card-charge run makes the subscription
        # past due after the last failed try, not the first overdue reminder.
        return False
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    subscription.status = SubscriptionStatus.PAST_DUE.value
    await record_change(
        actor, subscription, ChangeKind.PAST_DUE, await catalog.today(actor), before, mrr_before
    )
    return True


async def customer_paid(actor: Actor, customer_id: uuid.UUID) -> int:
    """The customer paid: mark their periods' paid orders and bring back every past-due
    subscription whose orders are all paid; returns how many came back."""
    rows = await actor.session.scalars(
        select(Subscription)
        .where(
            Subscription.tenant_id == actor.tenant_id,
            Subscription.customer_id == customer_id,
            Subscription.status == SubscriptionStatus.PAST_DUE.value,
        )
        .order_by(Subscription.id)
        .with_for_update()
    )
    back = 0
    for subscription in rows.all():
        if await _all_paid(actor, subscription.id):
            lines = await lines_of(actor, subscription.id)
            before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
            subscription.status = SubscriptionStatus.ACTIVE.value
            today = await catalog.today(actor)
            await record_change(actor, subscription, ChangeKind.PAID, today, before, mrr_before)
            back += 1
    return back


async def _all_paid(actor: Actor, subscription_id: uuid.UUID) -> bool:
    periods = list(
        (
            await actor.session.scalars(
                select(SubscriptionPeriod).where(
                    SubscriptionPeriod.tenant_id == actor.tenant_id,
                    SubscriptionPeriod.subscription_id == subscription_id,
                    SubscriptionPeriod.order_id.is_not(None),
                )
            )
        ).all()
    )
    found = {
        order.id: order
        for order in await orders.orders_for_system(
            actor, [p.order_id for p in periods if p.order_id is not None]
        )
    }
    settled = True
    for period in periods:
        order = found.get(period.order_id) if period.order_id else None
        if order is not None and (order.payment_status in SETTLED or order.status == "cancelled"):
            period.status = PeriodStatus.PAID.value
        else:
            settled = False
    return settled
