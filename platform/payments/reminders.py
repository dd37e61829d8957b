"""Overdue reminders: the worker's cron job.

A receivable gets a row in the platform-level `receivable_reminder_queue` when its due date
becomes known, due the day after. The job takes the due rows and, per row, in a transaction
bound to the row's tenant: locks the queue row (skipping rows another worker holds),
re-reads the receivable, records the latest reminder step it has earned (1, 7 and 30 days
overdue; unique per receivable and step) with a `receivable.overdue` event, and moves the
row to the next step's day, or drops it after the last step or once the receivable is paid
or void. A job that runs twice or a worker that restarts finds the step recorded and sends
nothing again; the event's handler emails the customer and notifies the order's owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

import structlog
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.postgresql import insert

import orders.services as orders
from core.context import Actor, Services
from core.outbox import emit
from payments.events import ReceivableOverdue
from payments.models import Receivable, ReceivableReminder, ReceivableReminderDue

REMINDER_STEPS = (1, 7, 30)  # days overdue
BATCH_SIZE = 100

log = structlog.get_logger("orbit.payments")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def earned_step(due: date, today: date) -> int | None:
    """The latest reminder step a receivable due on `due` has earned by `today`."""
    overdue = (today - due).days
    earned = [step for step in REMINDER_STEPS if overdue >= step]
    return earned[-1] if earned else None


def next_step_day(due: date, after_step: int | None) -> date | None:
    later = [step for step in REMINDER_STEPS if after_step is None or step > after_step]
    return due + timedelta(days=later[0]) if later else None


_WATCH = insert(cast(Table, ReceivableReminderDue.__table__))
_WATCH = _WATCH.on_conflict_do_update(
    index_elements=[_WATCH.table.c.receivable_id], set_={"due_at": _WATCH.excluded.due_at}
)


async def watch(actor: Actor, receivable_id: uuid.UUID, due: date) -> None:
    """Queue a receivable whose due date is now known for its first reminder."""
    await watch_many(actor, [(receivable_id, due)])


async def watch_many(actor: Actor, due_dates: Sequence[tuple[uuid.UUID, date]]) -> None:
    """Queue receivables whose due dates are now known for their first reminders, in one
    statement."""
    if not due_dates:
        return
    rows = []
    for receivable_id, due in due_dates:
        first = next_step_day(due, None)
        assert first is not None
        rows.append(
            {
                "receivable_id": receivable_id,
                "tenant_id": actor.tenant_id,
                "due_at": _start_of(first),
            }
        )
    await actor.session.execute(_WATCH, rows)


async def send_due_reminders(services: Services, batch_size: int = BATCH_SIZE) -> int:
    """Record the overdue reminders that are due across tenants; returns how many."""
    async with services.db.transaction() as session:
        due = (
            await session.execute(
                select(ReceivableReminderDue.tenant_id, ReceivableReminderDue.receivable_id)
                .where(ReceivableReminderDue.due_at <= datetime.now(UTC))
                .order_by(ReceivableReminderDue.due_at)
                .limit(batch_size)
            )
        ).all()
    recorded = 0
    for tenant_id, receivable_id in due:
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            recorded += await remind(actor, receivable_id)
    if recorded:
        log.info("receivable.reminders", recorded=recorded)
    return recorded


async def remind(actor: Actor, receivable_id: uuid.UUID) -> int:
    """1 when a new reminder of the receivable was recorded, else 0."""
    entry = await actor.session.scalar(
        select(ReceivableReminderDue)
        .where(
            ReceivableReminderDue.receivable_id == receivable_id,
            ReceivableReminderDue.due_at <= datetime.now(UTC),
        )
        .with_for_update(skip_locked=True)
    )
    if entry is None:
        return 0
    receivable = await actor.session.get(Receivable, (actor.tenant_id, receivable_id))
    today = datetime.now(UTC).date()
    if receivable is None or receivable.status != "open" or receivable.due_date is None:
        await _forget(actor, receivable_id)
        return 0
    step = earned_step(receivable.due_date, today)
    following = next_step_day(receivable.due_date, step)
    if following is None:
        await _forget(actor, receivable_id)
    else:
        entry.due_at = _start_of(following)
    if step is None:
        return 0
    inserted = await actor.session.scalar(
        insert(ReceivableReminder)
        .values(tenant_id=actor.tenant_id, receivable_id=receivable_id, step=step)
        .on_conflict_do_nothing()
        .returning(ReceivableReminder.step)
    )
    if inserted is None:
        return 0
    found = await orders.orders_for_system(actor, [receivable.order_id])
    await emit(
        actor,
        ReceivableOverdue(
            receivable_id=receivable.id,
            order_id=receivable.order_id,
            number=receivable.order_number,
            customer_id=receivable.customer_id,
            owner_id=found[0].owner_id if found else None,
            amount_open=receivable.amount - receivable.amount_paid,
            currency=receivable.currency,
            due_date=receivable.due_date,
            days_overdue=(today - receivable.due_date).days,
            step=step,
        ),
    )
    return 1


async def _forget(actor: Actor, receivable_id: uuid.UUID) -> None:
    await actor.session.execute(
        delete(ReceivableReminderDue).where(ReceivableReminderDue.receivable_id == receivable_id)
    )
