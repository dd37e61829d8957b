"""The recurring-revenue ledger: every change to a subscription's monthly recurring revenue
(MRR) is recorded as a movement of its customer, classified by what it did to the customer's
MRR in that currency: new (from nothing, the first time), expansion, contraction, churn (to
nothing) and reactivation (from nothing, after a churn). Each movement also adds to its
month's totals (`mrr_months`), and every figure (MRR, ARR, churn, retention) is read from
those few rows, never summed over subscriptions.

Figures of a month m, per currency:
- MRR_end(m) = MRR_start(m) + new + expansion + reactivation - contraction - churn, where
  MRR_start(m) = MRR_end(m - 1); ARR = MRR x 12.
- Logo churn = customers churned in m / customers with MRR at the start of m.
- Revenue churn = (churn + contraction) / MRR_start(m).
- Net revenue retention = (MRR_start + expansion - contraction - churn) / MRR_start: what
  the customers of the month's start pay at its end (new and reactivated customers excluded).
A rate whose denominator is zero is None."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from core.context import Actor
from core.ids import new_id
from core.pagination import Page, keyset_page
from subscriptions.revenue_models import CustomerMrr, MrrMonth, MrrMovement

ZERO = Decimal(0)
RATE = Decimal("0.0001")


class MovementKind(str, Enum):
    NEW = "new"
    EXPANSION = "expansion"
    CONTRACTION = "contraction"
    CHURN = "churn"
    REACTIVATION = "reactivation"


GROWING = (MovementKind.NEW, MovementKind.EXPANSION, MovementKind.REACTIVATION)


@dataclass(frozen=True)
class MrrChange:
    """One subscription's MRR before and after a change (tax excluded, normalised monthly:
    a yearly line / 12, a quarterly one / 3), in the subscription's currency."""

    customer_id: uuid.UUID
    subscription_id: uuid.UUID
    effective_on: date
    currency: str
    mrr_before: Decimal
    mrr_after: Decimal
    # What changed it: a subscriptions.rules.ChangeKind value (start, trial_end, quantity, ...).
    cause: str


def classify(before: Decimal, after: Decimal, ever_active: bool) -> MovementKind | None:
    """What a change of a customer's MRR from `before` to `after` is (None: no change)."""
    if after == before:
        return None
    if before == ZERO:
        return MovementKind.REACTIVATION if ever_active else MovementKind.NEW
    if after == ZERO:
        return MovementKind.CHURN
    return MovementKind.EXPANSION if after > before else MovementKind.CONTRACTION


def month_of(day: date) -> date:
    return day.replace(day=1)


async def record_mrr_change(actor: Actor, change: MrrChange) -> MrrMovement | None:
    """Record the change in the ledger, in the caller's transaction: the customer's MRR row
    is locked, so concurrent changes of one customer's subscriptions classify in turn."""
    delta = change.mrr_after - change.mrr_before
    if delta == ZERO:
        return None
    current = await _locked_customer_mrr(actor, change.customer_id, change.currency)
    before, after = current.mrr, current.mrr + delta
    if after < ZERO:
        raise ValueError(f"customer MRR would go negative: {before} + {delta}")
    kind = classify(before, after, current.ever_active)
    assert kind is not None
    movement = MrrMovement(
        tenant_id=actor.tenant_id,
        id=new_id(),
        customer_id=change.customer_id,
        subscription_id=change.subscription_id,
        effective_on=change.effective_on,
        month=month_of(change.effective_on),
        currency=change.currency,
        kind=kind.value,
        amount=abs(delta),
        customer_mrr_before=before,
        customer_mrr_after=after,
        cause=change.cause,
    )
    actor.session.add(movement)
    await _move_customer(actor, current, after, change.effective_on)
    await _add_to_month(actor, movement)
    return movement


async def _locked_customer_mrr(actor: Actor, customer_id: uuid.UUID, currency: str) -> CustomerMrr:
    await actor.session.execute(
        insert(CustomerMrr)
        .values(
            tenant_id=actor.tenant_id,
            customer_id=customer_id,
            currency=currency,
            mrr=ZERO,
            ever_active=False,
        )
        .on_conflict_do_nothing()
    )
    row = await actor.session.scalar(
        select(CustomerMrr)
        .where(
            CustomerMrr.tenant_id == actor.tenant_id,
            CustomerMrr.customer_id == customer_id,
            CustomerMrr.currency == currency,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


async def _move_customer(actor: Actor, row: CustomerMrr, mrr: Decimal, on: date) -> None:
    await actor.session.execute(
        update(CustomerMrr)
        .where(
            CustomerMrr.tenant_id == row.tenant_id,
            CustomerMrr.customer_id == row.customer_id,
            CustomerMrr.currency == row.currency,
        )
        .values(
            mrr=mrr,
            ever_active=row.ever_active or mrr > ZERO,
            first_active_on=func.coalesce(CustomerMrr.first_active_on, on if mrr > ZERO else None),
            updated_at=func.now(),
        )
        .execution_options(synchronize_session=False)
    )


async def _add_to_month(actor: Actor, movement: MrrMovement) -> None:
    amounts = {kind.value: ZERO for kind in MovementKind}
    amounts[movement.kind] = movement.amount
    counts = {
        "customers_new": int(movement.kind == MovementKind.NEW.value),
        "customers_reactivated": int(movement.kind == MovementKind.REACTIVATION.value),
        "customers_churned": int(movement.kind == MovementKind.CHURN.value),
    }
    statement = insert(MrrMonth).values(
        tenant_id=actor.tenant_id,
        currency=movement.currency,
        month=movement.month,
        **amounts,
        **counts,
    )
    table = MrrMonth.__table__
    added = {name: table.c[name] + statement.excluded[name] for name in (*amounts, *counts)}
    await actor.session.execute(
        statement.on_conflict_do_update(
            index_elements=["tenant_id", "currency", "month"], set_=added
        )
    )


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    month: date
    mrr_start: Decimal
    new: Decimal
    expansion: Decimal
    reactivation: Decimal
    contraction: Decimal
    churn: Decimal
    customers_start: int
    customers_new: int
    customers_reactivated: int
    customers_churned: int

    @property
    def mrr_end(self) -> Decimal:
        return (
            self.mrr_start
            + self.new
            + self.expansion
            + self.reactivation
            - self.contraction
            - self.churn
        )

    @property
    def customers_end(self) -> int:
        return (
            self.customers_start
            + self.customers_new
            + self.customers_reactivated
            - self.customers_churned
        )

    @property
    def logo_churn_rate(self) -> Decimal | None:
        return _rate(Decimal(self.customers_churned), Decimal(self.customers_start))

    @property
    def revenue_churn_rate(self) -> Decimal | None:
        return _rate(self.churn + self.contraction, self.mrr_start)

    @property
    def net_revenue_retention(self) -> Decimal | None:
        kept = self.mrr_start + self.expansion - self.contraction - self.churn
        return _rate(kept, self.mrr_start)


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == ZERO else (part / whole).quantize(RATE)


@dataclass(frozen=True)
class RevenueFigures:
    currency: str
    mrr: Decimal
    active_customers: int
    months: list[MonthFigures]

    @property
    def arr(self) -> Decimal:
        return self.mrr * 12


async def ledger_currencies(actor: Actor) -> list[str]:
    """The currencies the tenant has recurring revenue in (revenue:read)."""
    await actor.require("revenue", "read")
    rows = await actor.session.scalars(
        select(MrrMonth.currency)
        .where(MrrMonth.tenant_id == actor.tenant_id)
        .distinct()
        .order_by(MrrMonth.currency)
    )
    return list(rows)


async def revenue_figures(
    actor: Actor, currency: str, first_month: date, last_month: date, this_month: date
) -> RevenueFigures:
    """MRR and ARR now (at the end of `this_month`), and each month's movements of
    [first_month, last_month] (revenue:read). Months before the range only add to the first
    month's start."""
    await actor.require("revenue", "read")
    rows = (
        await actor.session.scalars(
            select(MrrMonth)
            .where(MrrMonth.tenant_id == actor.tenant_id, MrrMonth.currency == currency)
            .order_by(MrrMonth.month)
        )
    ).all()
    months = monthly_figures(rows, first_month, last_month)
    [now] = monthly_figures([r for r in rows if r.month <= this_month], this_month, this_month)
    return RevenueFigures(currency, now.mrr_end, now.customers_end, months)


def monthly_figures(
    rows: Sequence[MrrMonth], first_month: date, last_month: date
) -> list[MonthFigures]:
    """Every month of [first_month, last_month] (months without movements included), each
    starting where the one before ended."""
    by_month = {r.month: r for r in rows}
    mrr, customers = ZERO, 0
    for row in rows:
        if row.month < first_month:
            mrr += _net(row)
            customers += row.customers_new + row.customers_reactivated - row.customers_churned
    figures: list[MonthFigures] = []
    month = first_month
    while month <= last_month:
        figure = _figures(month, mrr, customers, by_month.get(month))
        figures.append(figure)
        mrr, customers = figure.mrr_end, figure.customers_end
        month = _next_month(month)
    return figures


def _figures(month: date, mrr: Decimal, customers: int, row: MrrMonth | None) -> MonthFigures:
    if row is None:
        return MonthFigures(month, mrr, ZERO, ZERO, ZERO, ZERO, ZERO, customers, 0, 0, 0)
    return MonthFigures(
        month,
        mrr,
        row.new,
        row.expansion,
        row.reactivation,
        row.contraction,
        row.churn,
        customers,
        row.customers_new,
        row.customers_reactivated,
        row.customers_churned,
    )


def _net(row: MrrMonth) -> Decimal:
    return row.new + row.expansion + row.reactivation - row.contraction - row.churn


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True)
class MovementFilter:
    currency: str | None = None
    month: date | None = None
    kind: MovementKind | None = None
    customer_id: uuid.UUID | None = None


async def list_movements(
    actor: Actor, filter_: MovementFilter, first: int | None, after: str | None
) -> Page[MrrMovement]:
    """The ledger, newest first (revenue:read)."""
    await actor.require("revenue", "read")
    statement = select(MrrMovement).where(MrrMovement.tenant_id == actor.tenant_id)
    if filter_.currency is not None:
        statement = statement.where(MrrMovement.currency == filter_.currency)
    if filter_.month is not None:
        statement = statement.where(MrrMovement.month == month_of(filter_.month))
    if filter_.kind is not None:
        statement = statement.where(MrrMovement.kind == filter_.kind.value)
    if filter_.customer_id is not None:
        statement = statement.where(MrrMovement.customer_id == filter_.customer_id)
    return await keyset_page(
        actor.session,
        statement,
        [MrrMovement.created_at, MrrMovement.id],
        first=first,
        after=after,
    )
