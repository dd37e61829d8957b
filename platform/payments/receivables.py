"""Receivables: the schedule an order's payment terms give it (created on confirmation, due
dates started by shipping or delivery, voided on cancellation), the receivables a payment
locks, and the readers finance works from: the list, DataLoader batches and the aging
report. Staff read them with payments:read within their data scope (through the customer);
a portal contact reaches their own customer's (core.access, declared in models.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert

import orders.services as orders
import tenants.services as tenants
from core import access
from core.context import Actor
from core.ids import new_id
from core.pagination import Page, keyset_page
from customers.services import PaymentTerms
from payments import customer_facts, reminders, schedule
from payments.models import Receivable


class ReceivableStatus(str, Enum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


# --- the schedule (run by the worker as an order moves) -------------------------------------


async def schedule_order(actor: Actor, order_id: uuid.UUID) -> list[Receivable]:
    """Create a confirmed order's receivables from its payment terms, once (as
    `create_schedule`), and return all of them."""
    await create_schedule(actor, order_id)
    return list(
        (
            await actor.session.scalars(
                select(Receivable)
                .where(Receivable.tenant_id == actor.tenant_id, Receivable.order_id == order_id)
                .order_by(Receivable.sequence)
            )
        ).all()
    )


async def create_schedule(actor: Actor, order_id: uuid.UUID) -> None:
    """Create a confirmed order's receivables from its payment terms, once: the worker and a
    customer paying at once may both ask, and the unique (order, sequence) settles it. The
    ones due from confirmation get their due dates and wait for their first reminder."""
    order = (await orders.order_heads_for_system(actor, [order_id], lock=True)).get(order_id)
    if order is None or order.total <= 0:
        return
    plan = schedule.plan_for(await _terms_of(actor, order))
    created = await _insert_schedule(actor, order, plan)
    await reminders.watch_many(actor, [(row_id, due) for row_id, due in created if due])


_RECEIVABLES = cast(Table, Receivable.__table__)
_NEW_RECEIVABLES = (
    insert(_RECEIVABLES)
    .on_conflict_do_nothing(index_elements=["tenant_id", "order_id", "sequence"])
    .returning(_RECEIVABLES.c.id, _RECEIVABLES.c.due_date)
)


async def _insert_schedule(
    actor: Actor, order: orders.OrderHead, plan: list[schedule.Instalment]
) -> list[tuple[uuid.UUID, date | None]]:
    """Insert the receivables the plan splits the order's total into; the (id, due date) of
    those that were not there yet."""
    today = datetime.now(UTC).date()
    rows = [
        {
            "tenant_id": actor.tenant_id,
            "id": new_id(),
            "order_id": order.id,
            "order_number": order.number,
            "customer_id": order.customer_id,
            "customer_name": order.customer_name,
            "sequence": part.sequence,
            "label": part.instalment.label,
            "trigger": part.instalment.trigger.value,
            "days_after": part.instalment.days_after,
            "currency": order.currency,
            "amount": part.amount,
            "amount_paid": Decimal(0),
            "status": ReceivableStatus.OPEN.value,
            "due_date": schedule.due_date(today, part.instalment.days_after)
            if part.instalment.trigger is schedule.Trigger.CONFIRMATION
            else None,
        }
        for part in schedule.split(order.total, plan)
    ]
    created = await actor.session.execute(_NEW_RECEIVABLES, rows)
    return [(row_id, due) for row_id, due in created]


async def _terms_of(actor: Actor, order: orders.OrderHead) -> PaymentTerms:
    """The terms the order was sold on. Orders from before they kept their own take the
    customer's details for their kind."""
    kind = order.payment_terms_kind.lower()
    if order.payment_net_days is not None or order.payment_plan or kind == "prepaid":
        return orders.payment_terms_of(order)
    terms = await customer_facts.payment_terms(actor, order.customer_id)
    return terms if terms.kind == kind else PaymentTerms(kind=kind)


async def start_clocks(actor: Actor, order_id: uuid.UUID, trigger: schedule.Trigger) -> None:
    """The order reached the status that starts `trigger`: its receivables waiting for it
    get their due dates (counted from today)."""
    await orders.lock_status(actor, order_id)
    today = datetime.now(UTC).date()
    waiting = (
        await actor.session.scalars(
            select(Receivable)
            .where(
                Receivable.tenant_id == actor.tenant_id,
                Receivable.order_id == order_id,
                Receivable.trigger == trigger.value,
                Receivable.due_date.is_(None),
            )
            .with_for_update()
        )
    ).all()
    for receivable in waiting:
        receivable.due_date = schedule.due_date(today, receivable.days_after)
        await reminders.watch(actor, receivable.id, receivable.due_date)


async def void_unpaid(actor: Actor, order_id: uuid.UUID) -> None:
    """A cancelled order owes nothing more: its open receivables are voided (what was
    already paid stays recorded against them)."""
    await orders.lock_status(actor, order_id)
    open_ones = (
        await actor.session.scalars(
            select(Receivable)
            .where(
                Receivable.tenant_id == actor.tenant_id,
                Receivable.order_id == order_id,
                Receivable.status == ReceivableStatus.OPEN.value,
            )
            .with_for_update()
        )
    ).all()
    for receivable in open_ones:
        receivable.status = ReceivableStatus.VOID.value


async def locked_receivables(actor: Actor, ids: list[uuid.UUID]) -> dict[uuid.UUID, Receivable]:
    """The allocated receivables, locked after their orders (the lock order: orders by id,
    then receivables by id), so concurrent payments never over-allocate or deadlock."""
    found = (
        await actor.session.execute(
            select(Receivable.id, Receivable.order_id).where(
                Receivable.tenant_id == actor.tenant_id, Receivable.id.in_(ids)
            )
        )
    ).all()
    await orders.lock_orders_for_payment(actor, sorted({order_id for _, order_id in found}))
    rows = (
        await actor.session.scalars(
            select(Receivable)
            .where(Receivable.tenant_id == actor.tenant_id, Receivable.id.in_(ids))
            .order_by(Receivable.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    return {row.id: row for row in rows}


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivableFilter:
    customer_id: uuid.UUID | None = None
    status: ReceivableStatus | None = None
    overdue_only: bool = False


async def list_receivables(
    actor: Actor, flt: ReceivableFilter, first: int | None, after: str | None
) -> Page[Receivable]:
    statement = await access.restrict(actor, Receivable)
    if flt.customer_id is not None:
        statement = statement.where(Receivable.customer_id == flt.customer_id)
    if flt.status is not None:
        statement = statement.where(Receivable.status == flt.status.value)
    if flt.overdue_only:
        statement = statement.where(
            Receivable.status == ReceivableStatus.OPEN.value,
            Receivable.due_date < datetime.now(UTC).date(),
        )
    return await keyset_page(
        actor.session,
        statement,
        [Receivable.created_at, Receivable.id],
        first=first,
        after=after,
        descending=False,
    )


async def receivables_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Receivable | None]:
    return await access.rows_by_id(actor, Receivable, ids)


async def open_receivables_of(
    actor: Actor, action: str, customer_id: uuid.UUID
) -> list[Receivable]:
    """The customer's open receivables the actor reaches with `action`, oldest first."""
    statement = (await access.restrict(actor, Receivable, action)).where(
        Receivable.customer_id == customer_id, Receivable.status == ReceivableStatus.OPEN.value
    )
    rows = await actor.session.scalars(statement.order_by(Receivable.created_at, Receivable.id))
    return list(rows.all())


@dataclass
class CustomerAging:
    customer_id: uuid.UUID
    customer_name: str
    buckets: dict[str, Decimal]


@dataclass
class AgingReport:
    as_of: date
    currency: str
    total: dict[str, Decimal]
    customers: list[CustomerAging]


def _empty_buckets() -> dict[str, Decimal]:
    return {bucket: Decimal(0) for bucket in schedule.AGING_BUCKETS}


async def aging_report(actor: Actor, customer_id: uuid.UUID | None) -> AgingReport:
    """Open amounts by how long they are overdue (current, 1-30, 31-60, 61-90, > 90 days),
    per customer (largest total first) and in total, as of today."""
    statement = (await access.restrict(actor, Receivable)).where(
        Receivable.status == ReceivableStatus.OPEN.value
    )
    if customer_id is not None:
        statement = statement.where(Receivable.customer_id == customer_id)
    as_of = datetime.now(UTC).date()
    per_customer: dict[uuid.UUID, CustomerAging] = {}
    total = _empty_buckets()
    for receivable in (await actor.session.scalars(statement)).all():
        open_amount = receivable.amount - receivable.amount_paid
        bucket = schedule.aging_bucket(receivable.due_date, as_of)
        row = per_customer.setdefault(
            receivable.customer_id,
            CustomerAging(receivable.customer_id, receivable.customer_name, _empty_buckets()),
        )
        row.buckets[bucket] += open_amount
        total[bucket] += open_amount
    customers = sorted(
        per_customer.values(), key=lambda c: (-sum(c.buckets.values()), c.customer_name)
    )
    return AgingReport(as_of, await tenant_currency(actor), total, customers)


async def tenant_currency(actor: Actor) -> str:
    return (await tenants.current_tenant(actor)).currency


async def overdue_by_customer(actor: Actor, today: date) -> dict[uuid.UUID, tuple[str, int]]:
    """For the lifecycle segments (run by the system, no caller's scope): each customer with
    an open receivable past its due date, with the oldest one's order number and days
    overdue."""
    rows = await actor.session.execute(
        select(Receivable.customer_id, Receivable.order_number, Receivable.due_date)
        .where(
            Receivable.tenant_id == actor.tenant_id,
            Receivable.status == ReceivableStatus.OPEN.value,
            Receivable.due_date < today,
        )
        .order_by(Receivable.due_date.desc())
    )
    # Newest first, so each customer ends up with its oldest.
    return {customer_id: (number, (today - due).days) for customer_id, number, due in rows if due}
