"""Checking the recurring-revenue ledger against what it summarises, per tenant and currency:
- each month's totals equal the sums of that month's movements (so the identity
  MRR_end = MRR_start + new + expansion + reactivation - contraction - churn holds for every
  month, each starting where the one before ended);
- the MRR the months add up to equals the customers' current MRR, and the MRR of the
  subscriptions themselves (their lines, normalised monthly, while they earn).
Each run records its finding per currency; an imbalance is logged as an error."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

import structlog
from sqlalchemy import case, func, select

import tenants.services as tenants
from core.context import Actor, Services
from core.ids import new_id
from subscriptions import rules
from subscriptions.models import Subscription, SubscriptionLine
from subscriptions.revenue import ZERO, MovementKind
from subscriptions.revenue_models import (
    CustomerMrr,
    MrrMonth,
    MrrMovement,
    RevenueReconciliation,
)

log = structlog.get_logger("orbit.subscriptions")

MonthKey = tuple[str, object]


async def reconcile(actor: Actor) -> list[RevenueReconciliation]:
    """Check the tenant's ledger and record one finding per currency."""
    months = await _month_totals(actor)
    movements = await _movement_totals(actor)
    customers = await _customers_mrr(actor)
    subscriptions = await subscriptions_mrr(actor)
    currencies = sorted({c for c, _ in months} | {c for c, _ in movements} | set(customers))
    findings = []
    for currency in currencies:
        finding = _finding(actor, currency, months, movements, customers, subscriptions)
        actor.session.add(finding)
        findings.append(finding)
        if not finding.balanced:
            log.error("subscriptions.revenue_unbalanced", currency=currency, detail=finding.detail)
    return findings


def _finding(
    actor: Actor,
    currency: str,
    months: dict[MonthKey, tuple[Decimal, ...]],
    movements: dict[MonthKey, tuple[Decimal, ...]],
    customers: dict[str, Decimal],
    subscriptions: dict[str, Decimal],
) -> RevenueReconciliation:
    problems = [
        f"{month}: months {months.get((c, month))} != movements {movements.get((c, month))}"
        for c, month in sorted({*months, *movements}, key=str)
        if c == currency and months.get((c, month)) != movements.get((c, month))
    ]
    ledger = sum((_net(v) for (c, _), v in months.items() if c == currency), ZERO)
    customer_total = customers.get(currency, ZERO)
    subscription_total = subscriptions.get(currency, ZERO)
    if not ledger == customer_total == subscription_total:
        problems.append(
            f"ledger {ledger}, customers {customer_total}, subscriptions {subscription_total}"
        )
    return RevenueReconciliation(
        tenant_id=actor.tenant_id,
        id=new_id(),
        currency=currency,
        checked_at=datetime.now(UTC),
        ledger_mrr=ledger,
        customers_mrr=customer_total,
        subscriptions_mrr=subscription_total,
        balanced=not problems,
        detail="; ".join(problems) or "balanced",
    )


def _net(totals: tuple[Decimal, ...]) -> Decimal:
    new, expansion, reactivation, contraction, churn = totals[:5]
    return new + expansion + reactivation - contraction - churn


async def _month_totals(actor: Actor) -> dict[MonthKey, tuple[Decimal, ...]]:
    rows = await actor.session.scalars(
        select(MrrMonth).where(MrrMonth.tenant_id == actor.tenant_id)
    )
    return {
        (r.currency, r.month): (
            r.new,
            r.expansion,
            r.reactivation,
            r.contraction,
            r.churn,
            Decimal(r.customers_new),
            Decimal(r.customers_reactivated),
            Decimal(r.customers_churned),
        )
        for r in rows
    }


def _sum_of(kind: MovementKind) -> object:
    return func.coalesce(func.sum(case((MrrMovement.kind == kind.value, MrrMovement.amount))), 0)


def _count_of(kind: MovementKind) -> object:
    return func.count().filter(MrrMovement.kind == kind.value)


async def _movement_totals(actor: Actor) -> dict[MonthKey, tuple[Decimal, ...]]:
    kinds = (
        MovementKind.NEW,
        MovementKind.EXPANSION,
        MovementKind.REACTIVATION,
        MovementKind.CONTRACTION,
        MovementKind.CHURN,
    )
    counted = (MovementKind.NEW, MovementKind.REACTIVATION, MovementKind.CHURN)
    rows = await actor.session.execute(
        select(
            MrrMovement.currency,
            MrrMovement.month,
            *(_sum_of(k) for k in kinds),
            *(_count_of(k) for k in counted),
        )
        .where(MrrMovement.tenant_id == actor.tenant_id)
        .group_by(MrrMovement.currency, MrrMovement.month)
    )
    totals: dict[MonthKey, tuple[Decimal, ...]] = {}
    for row in rows:
        values: tuple[object, ...] = tuple(row[2:])
        totals[(row[0], row[1])] = tuple(Decimal(str(v)) for v in values)
    return totals


async def _customers_mrr(actor: Actor) -> dict[str, Decimal]:
    rows = await actor.session.execute(
        select(CustomerMrr.currency, func.sum(CustomerMrr.mrr))
        .where(CustomerMrr.tenant_id == actor.tenant_id)
        .group_by(CustomerMrr.currency)
    )
    return {currency: Decimal(total) for currency, total in rows}


async def subscriptions_mrr(actor: Actor) -> dict[str, Decimal]:
    """The MRR of the tenant's earning subscriptions, per currency, from their lines."""
    earning = [status.value for status in rules.EARNING]
    rows = await actor.session.execute(
        select(
            Subscription.id,
            Subscription.currency,
            Subscription.status,
            Subscription.billing_period,
            SubscriptionLine.unit_price,
            SubscriptionLine.quantity,
            SubscriptionLine.discount_percent,
        )
        .join(
            SubscriptionLine,
            (SubscriptionLine.tenant_id == Subscription.tenant_id)
            & (SubscriptionLine.subscription_id == Subscription.id),
        )
        .where(Subscription.tenant_id == actor.tenant_id, Subscription.status.in_(earning))
    )
    lines: dict[tuple[object, str, str, str], list[rules.PricedLine]] = defaultdict(list)
    for sub_id, currency, status, period, unit_price, quantity, discount in rows:
        lines[(sub_id, currency, status, period)].append(
            rules.PricedLine(unit_price, quantity, discount)
        )
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (_, currency, status, period), priced in lines.items():
        totals[currency] += rules.mrr(
            rules.SubscriptionStatus(status), rules.BillingPeriod(period), priced
        )
    return dict(totals)


async def reconcile_all(services: Services) -> int:
    """Every active tenant's ledger, one transaction each; returns how many were unbalanced."""
    findings = await tenants.for_each_active_tenant(
        services, reconcile, "subscriptions.revenue_reconciliation_failed"
    )
    return sum(1 for tenant in findings for finding in tenant if not finding.balanced)
