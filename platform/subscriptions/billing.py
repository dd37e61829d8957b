"""Billing a period: the period row and its order, in one transaction.

The period's key (tenant, subscription, period start) is unique: its insert is the claim on
the period. A second worker's insert waits for the first transaction and then does nothing
(ON CONFLICT DO NOTHING), so it creates no order; a restart finds the period billed. The
order goes through the normal order path (`orders.services.create_sourced_order`, channel
subscription, submitted): pricing on the day, approval rules, stock, payment terms."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

import catalog.services as catalog
import orders.services as orders
from core.context import Actor
from core.outbox import emit
from subscriptions.events import SubscriptionRenewalOrdered
from subscriptions.models import (
    Subscription,
    SubscriptionChange,
    SubscriptionLine,
    SubscriptionPeriod,
)
from subscriptions.rules import PeriodStatus

CHANNEL = "subscription"


@dataclass(frozen=True)
class Billed:
    period_id: uuid.UUID
    order_id: uuid.UUID
    total: Decimal
    currency: str


async def claim_period(
    actor: Actor, subscription: Subscription, start: date, end: date
) -> uuid.UUID | None:
    """Insert the period row; None when the period was claimed before (by another worker,
    or an earlier run)."""
    next_index = (
        select(func.coalesce(func.max(SubscriptionPeriod.period_index), 0) + 1)
        .where(
            SubscriptionPeriod.tenant_id == actor.tenant_id,
            SubscriptionPeriod.subscription_id == subscription.id,
        )
        .scalar_subquery()
    )
    period_id = uuid.uuid4()
    claimed = await actor.session.scalar(
        insert(SubscriptionPeriod)
        .values(
            tenant_id=actor.tenant_id,
            id=period_id,
            subscription_id=subscription.id,
            customer_id=subscription.customer_id,
            period_index=next_index,
            period_start=start,
            period_end=end,
            status=PeriodStatus.BILLED.value,
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "subscription_id", "period_start"])
        .returning(SubscriptionPeriod.id)
    )
    return claimed


def order_lines(
    lines: Sequence[SubscriptionLine], charges: Sequence[SubscriptionChange]
) -> list[orders.NewLine]:
    """The period's order lines: each subscribed plan (a price agreed on a quote kept, a
    price-book price priced on the day) and the prorated charges not billed yet."""
    result = [
        orders.NewLine(
            sku_id=line.sku_id,
            quantity=line.quantity,
            discount_percent=line.discount_percent,
            agreed_price=orders.AgreedPrice(
                line.unit_price, line.price_source, line.price_source_label
            )
            if line.price_agreed
            else None,
        )
        for line in lines
        if line.quantity > 0
    ]
    result.extend(charge_line(charge) for charge in charges)
    return result


def charge_line(charge: SubscriptionChange) -> orders.NewLine:
    assert charge.proration_sku_id and charge.proration_quantity
    assert charge.proration_unit_price is not None
    return orders.NewLine(
        sku_id=charge.proration_sku_id,
        quantity=charge.proration_quantity,
        agreed_price=orders.AgreedPrice(
            charge.proration_unit_price,
            catalog.PRORATION_PRICE,
            f"Prorated from {charge.effective_on.isoformat()}",
        ),
    )


async def unbilled_charges(actor: Actor, subscription_id: uuid.UUID) -> list[SubscriptionChange]:
    rows = await actor.session.scalars(
        select(SubscriptionChange)
        .where(
            SubscriptionChange.tenant_id == actor.tenant_id,
            SubscriptionChange.subscription_id == subscription_id,
            SubscriptionChange.proration_sku_id.is_not(None),
            SubscriptionChange.billed_order_id.is_(None),
        )
        .order_by(SubscriptionChange.created_at)
    )
    return list(rows.all())


async def enter_order(
    actor: Actor, subscription: Subscription, lines: list[orders.NewLine], key: str, note: str
) -> tuple[uuid.UUID, Decimal]:
    """A subscription order through the normal order path; (order id, total)."""
    order = await orders.create_sourced_order(
        actor,
        orders.NewOrder(
            customer_id=subscription.customer_id,
            lines=lines,
            channel=CHANNEL,
            submit=True,
            allow_backorder=True,
            idempotency_key=key,
            notes=note,
        ),
    )
    return order.id, order.total


async def bill_period(
    actor: Actor,
    subscription: Subscription,
    lines: Sequence[SubscriptionLine],
    start: date,
    end: date,
    charges: Sequence[SubscriptionChange] | None = None,
) -> Billed | None:
    """Claim the period [start, end) and create its order (with the prorated charges not
    billed yet: `charges` when the caller read them already); None when it was billed
    before. Raises BusinessRuleError when the order path refuses the order (nothing is
    written then, the caller's transaction rolls back or its savepoint does)."""
    period_id = await claim_period(actor, subscription, start, end)
    if period_id is None:
        return None
    if charges is None:
        charges = await unbilled_charges(actor, subscription.id)
    new_lines = order_lines(lines, charges)
    if not new_lines:
        return None
    order_id, total = await enter_order(
        actor,
        subscription,
        new_lines,
        f"subscription:{subscription.id}:{start.isoformat()}",
        f"{subscription.number}: {start.isoformat()} to {end.isoformat()}",
    )
    await actor.session.execute(
        update(SubscriptionPeriod)
        .where(SubscriptionPeriod.tenant_id == actor.tenant_id, SubscriptionPeriod.id == period_id)
        .values(order_id=order_id)
    )
    for charge in charges:
        charge.billed_order_id = order_id
    await emit(
        actor,
        SubscriptionRenewalOrdered(
            subscription_id=subscription.id,
            number=subscription.number,
            customer_id=subscription.customer_id,
            period_id=period_id,
            period_start=start,
            period_end=end,
            order_id=order_id,
        ),
    )
    return Billed(period_id, order_id, total, subscription.currency)
