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

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

import catalog.services as catalog
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError
from core.outbox import emit, emit_many
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


def new_order(
    subscription: Subscription, lines: list[orders.NewLine], key: str, note: str
) -> orders.NewOrder:
    """A subscription order as the normal order path takes it: submitted, backordered
    where stock is short, with its idempotency key."""
    return orders.NewOrder(
        customer_id=subscription.customer_id,
        lines=lines,
        channel=CHANNEL,
        submit=True,
        allow_backorder=True,
        idempotency_key=key,
        notes=note,
    )


def period_key(subscription: Subscription, start: date) -> str:
    return f"subscription:{subscription.id}:{start.isoformat()}"


def period_note(subscription: Subscription, start: date, end: date) -> str:
    return f"{subscription.number}: {start.isoformat()} to {end.isoformat()}"


async def enter_order(
    actor: Actor, subscription: Subscription, lines: list[orders.NewLine], key: str, note: str
) -> tuple[uuid.UUID, Decimal]:
    """A subscription order through the normal order path; (order id, total)."""
    order = await orders.create_sourced_order(actor, new_order(subscription, lines, key, note))
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
        period_key(subscription, start),
        period_note(subscription, start, end),
    )
    await actor.session.execute(
        update(SubscriptionPeriod)
        .where(SubscriptionPeriod.tenant_id == actor.tenant_id, SubscriptionPeriod.id == period_id)
        .values(order_id=order_id)
    )
    renewal = Renewal(subscription, lines, start, end, charges)
    await emit(actor, renewal.billed(period_id, order_id))
    return Billed(period_id, order_id, total, subscription.currency)


# --- a run's renewals, a chunk at a time ---------------------------------------------------


@dataclass(frozen=True)
class Renewal:
    """One subscription's period to bill: its lines for the period and the prorated
    charges not billed yet."""

    subscription: Subscription
    lines: Sequence[SubscriptionLine]
    start: date
    end: date
    charges: Sequence[SubscriptionChange]

    def billed(self, period_id: uuid.UUID, order_id: uuid.UUID) -> SubscriptionRenewalOrdered:
        """Mark the charges billed by the order; the event announcing it."""
        for charge in self.charges:
            charge.billed_order_id = order_id
        subscription = self.subscription
        return SubscriptionRenewalOrdered(
            subscription_id=subscription.id,
            number=subscription.number,
            customer_id=subscription.customer_id,
            period_id=period_id,
            period_start=self.start,
            period_end=self.end,
            order_id=order_id,
        )


BillOutcome = Billed | BusinessRuleError | None

_CLAIM_MANY = text("""
    INSERT INTO subscription_periods (tenant_id, id, subscription_id, customer_id,
        period_index, period_start, period_end, status)
    SELECT :tenant_id, r.id, r.subscription_id, r.customer_id,
        (SELECT coalesce(max(p.period_index), 0) + 1 FROM subscription_periods p
         WHERE p.tenant_id = :tenant_id AND p.subscription_id = r.subscription_id),
        r.period_start, r.period_end, :status
    FROM unnest(CAST(:ids AS uuid[]), CAST(:subscription_ids AS uuid[]),
        CAST(:customer_ids AS uuid[]), CAST(:starts AS date[]), CAST(:ends AS date[]))
        AS r(id, subscription_id, customer_id, period_start, period_end)
    ON CONFLICT (tenant_id, subscription_id, period_start) DO NOTHING
    RETURNING subscription_id, id""")
_LINK_ORDERS = text("""
    UPDATE subscription_periods p SET order_id = r.order_id
    FROM unnest(CAST(:ids AS uuid[]), CAST(:order_ids AS uuid[])) AS r(id, order_id)
    WHERE p.tenant_id = :tenant_id AND p.id = r.id""")


async def bill_periods(actor: Actor, renewals: Sequence[Renewal]) -> list[BillOutcome]:
    """`bill_period` for many subscriptions (of the actor's tenant, each once) in a fixed
    number of statements: per renewal, what was billed, None when the period was billed
    before (or has nothing to bill), or the BusinessRuleError refusing its order (then
    nothing of it is written). The orders go through `orders.create_sourced_orders`; a
    refusal of the whole chunk (its stock reservation) raises."""
    claimed = await _claim_periods(actor, renewals)
    billing = [
        (renewal, claimed[renewal.subscription.id], lines)
        for renewal in renewals
        if renewal.subscription.id in claimed
        and (lines := order_lines(renewal.lines, renewal.charges))
    ]
    entered = await orders.create_sourced_orders(
        actor,
        [
            new_order(
                r.subscription,
                lines,
                period_key(r.subscription, r.start),
                period_note(r.subscription, r.start, r.end),
            )
            for r, _, lines in billing
        ],
    )
    outcomes: dict[uuid.UUID, BillOutcome] = {}
    refused: list[uuid.UUID] = []
    linked: list[tuple[Renewal, uuid.UUID, orders.EnteredOrder]] = []
    for (renewal, period_id, _), result in zip(billing, entered, strict=True):
        if isinstance(result, BusinessRuleError):
            refused.append(period_id)
            outcomes[renewal.subscription.id] = result
        else:
            linked.append((renewal, period_id, result))
            outcomes[renewal.subscription.id] = Billed(
                period_id, result.id, result.total, renewal.subscription.currency
            )
    await _unclaim(actor, refused)
    await _link_orders(actor, linked)
    return [outcomes.get(renewal.subscription.id) for renewal in renewals]


async def _claim_periods(actor: Actor, renewals: Sequence[Renewal]) -> dict[uuid.UUID, uuid.UUID]:
    """`claim_period` for each renewal in one statement: subscription id -> claimed period."""
    if not renewals:
        return {}
    rows = await actor.session.execute(
        _CLAIM_MANY,
        {
            "tenant_id": actor.tenant_id,
            "status": PeriodStatus.BILLED.value,
            "ids": [uuid.uuid4() for _ in renewals],
            "subscription_ids": [r.subscription.id for r in renewals],
            "customer_ids": [r.subscription.customer_id for r in renewals],
            "starts": [r.start for r in renewals],
            "ends": [r.end for r in renewals],
        },
    )
    return {subscription_id: period_id for subscription_id, period_id in rows}


async def _unclaim(actor: Actor, period_ids: list[uuid.UUID]) -> None:
    """Give back the periods whose order was refused: the next run tries them again."""
    if period_ids:
        await actor.session.execute(
            delete(SubscriptionPeriod).where(
                SubscriptionPeriod.tenant_id == actor.tenant_id,
                SubscriptionPeriod.id.in_(period_ids),
            )
        )


async def _link_orders(
    actor: Actor, linked: list[tuple[Renewal, uuid.UUID, orders.EnteredOrder]]
) -> None:
    if not linked:
        return
    await actor.session.execute(
        _LINK_ORDERS,
        {
            "tenant_id": actor.tenant_id,
            "ids": [period_id for _, period_id, _ in linked],
            "order_ids": [entered.id for _, _, entered in linked],
        },
    )
    await emit_many(
        actor, [renewal.billed(period_id, entered.id) for renewal, period_id, entered in linked]
    )
