"""Relaying outbox events to their handlers: what the worker's jobs do.

Delivery is at least once: an event stays in `event_queue` until every handler has a
finished `event_deliveries` record, and a sweep re-dispatches whatever is due, whether its
job was lost, its worker was killed or its handler failed. A dispatch locks the event's
queue entry and its pending delivery rows, re-checks each is still pending, runs each
handler in a savepoint and marks its delivery done in that same transaction, so a handler's
database writes and its processed-event record commit together: however often an event is
dispatched, its effects happen once. One transaction per dispatch (all the events one
transaction wrote), not per event or handler: the worker's cost per event was mostly
transaction bookkeeping (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import cast

import structlog
from sqlalchemy import Table, and_, bindparam, delete, exists, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.context import Actor, Services
from core.db import after_commit_mark, discard_after_commit
from core.events import EventHandler
from core.outbox import EventDelivery, EventQueueEntry, OutboxEvent, enqueue_dispatches
from core.settings import Settings

HandlerLookup = Callable[[str], Sequence[EventHandler]]
MAX_RETRY_DELAY_SECONDS = 3600.0
SWEEP_BATCH_SIZE = 100
# A new event's own job is normally on its way already; the sweep leaves it that long.
SWEEP_GRACE = timedelta(seconds=1)
# Share of the job timeout the handlers of one dispatch may use; the rest is bookkeeping.
HANDLER_BUDGET_SHARE = 0.8
MAX_ERROR_LENGTH = 2000

log = structlog.get_logger("orbit.relay")


class DeliveryStatus(str, Enum):
    PENDING = "pending"
    DONE = "done"
    DEAD = "dead"


def utcnow() -> datetime:
    return datetime.now(UTC)


def lease(settings: Settings) -> timedelta:
    """How long a dispatched event is left alone by the sweep: longer than any job may run,
    so only the work of a dead or lost job is dispatched again."""
    return timedelta(seconds=settings.job_timeout_seconds + 2)


def retry_delay(settings: Settings, failed_attempts: int) -> timedelta:
    """Exponential back-off: base, 2 * base, 4 * base, ... capped."""
    seconds = settings.event_retry_base_seconds * 2 ** (failed_attempts - 1)
    return timedelta(seconds=min(seconds, MAX_RETRY_DELAY_SECONDS))


def describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "TimeoutError: the handler did not finish within the job's time budget"
    text = str(error) or repr(error)
    return f"{type(error).__name__}: {text}"[:MAX_ERROR_LENGTH]


# --- dispatch ------------------------------------------------------------------------------


@dataclass
class _Delivery:
    """A pending delivery row this dispatch holds the lock of, and what became of it."""

    event_id: uuid.UUID
    handler: str
    attempts: int
    next_attempt_at: datetime
    status: str = DeliveryStatus.PENDING.value
    last_error: str | None = None


@dataclass
class _Claimed:
    """An event this dispatch holds, the handlers it applies to and their locked rows."""

    event: OutboxEvent
    handlers: list[EventHandler]
    deliveries: dict[str, _Delivery] = field(default_factory=dict)


async def dispatch_event(
    services: Services, handlers_for: HandlerLookup, tenant_id: uuid.UUID, event_id: uuid.UUID
) -> None:
    """Dispatch one event (an automation rule's retry)."""
    await dispatch_events(services, handlers_for, tenant_id, [event_id])


async def dispatch_events(
    services: Services,
    handlers_for: HandlerLookup,
    tenant_id: uuid.UUID,
    event_ids: Sequence[uuid.UUID],
) -> None:
    """Run every pending, due handler of the events one transaction wrote, in order, each
    exactly once in effect, within one job's budget; what does not fit stays queued.

    One transaction holds the events' queue entries and the delivery rows it runs: each
    handler runs in a savepoint and its delivery is marked in the same transaction, so a
    handler's writes and its processed-event record commit together. A handler that fails
    is rolled back to its savepoint and counted; the others still commit. The bookkeeping is
    a handful of statements for the whole batch, not per event: it was most of the worker's
    cost per event (docs/performance.md)."""
    loop = asyncio.get_running_loop()
    deadline = handler_deadline(services.settings)
    attempted: list[_Delivery] = []
    try:
        async with services.db.transaction(tenant_id) as session:
            claimed = await _claim(session, tenant_id, event_ids, handlers_for)
            for work in claimed:
                for handler in work.handlers:
                    delivery = work.deliveries.get(handler.name)
                    if loop.time() >= deadline or delivery is None or not _is_due(delivery):
                        continue
                    attempted.append(delivery)
                    await _run_delivery(session, services, handler, work.event, delivery, deadline)
            await _record_outcomes(session, tenant_id, attempted)
            await _reschedule(session, services.settings, tenant_id, claimed)
    except Exception as error:  # the transaction itself failed (e.g. the connection broke)
        for delivery in attempted:
            await _record_failure(services, tenant_id, delivery.event_id, delivery.handler, error)
        if not attempted:
            raise
        return
    if attempted:
        _log_dispatch(tenant_id, claimed, attempted)


def _log_dispatch(
    tenant_id: uuid.UUID, claimed: list[_Claimed], attempted: list[_Delivery]
) -> None:
    """One line per dispatch, not per handler: the relay's log lines were a measurable
    share of its cost per event. Failures have their own warning lines."""
    handled = sorted({d.handler for d in attempted if d.status == DeliveryStatus.DONE.value})
    log.info(
        "events.dispatched",
        tenant_id=str(tenant_id),
        event_types=sorted({work.event.type for work in claimed}),
        handled=handled,
        failed=sum(d.status != DeliveryStatus.DONE.value for d in attempted),
    )


def handler_deadline(settings: Settings) -> float:
    """The loop time by which one job's handlers must be done."""
    budget = settings.job_timeout_seconds * HANDLER_BUDGET_SHARE
    return asyncio.get_running_loop().time() + budget


_DELIVERY_TABLE = cast(Table, EventDelivery.__table__)
_DELIVERIES = _DELIVERY_TABLE.c
_QUEUE = cast(Table, EventQueueEntry.__table__)
_QUEUED_EVENTS = (
    select(EventQueueEntry.event_id, OutboxEvent)
    .outerjoin(
        OutboxEvent,
        and_(
            OutboxEvent.tenant_id == EventQueueEntry.tenant_id,
            OutboxEvent.id == EventQueueEntry.event_id,
        ),
    )
    .where(EventQueueEntry.event_id.in_(bindparam("event_ids", expanding=True)))
    .with_for_update(of=EventQueueEntry, skip_locked=True)
)
_LOCK_PENDING = (
    select(
        _DELIVERIES.event_id,
        _DELIVERIES.handler,
        _DELIVERIES.attempts,
        _DELIVERIES.next_attempt_at,
    )
    .where(
        _DELIVERIES.tenant_id == bindparam("tenant_id"),
        _DELIVERIES.event_id.in_(bindparam("event_ids", expanding=True)),
        _DELIVERIES.status == DeliveryStatus.PENDING.value,
    )
    .order_by(_DELIVERIES.event_id, _DELIVERIES.handler)
    .with_for_update(skip_locked=True)
)
_NEW_DELIVERIES = insert(_DELIVERY_TABLE).on_conflict_do_nothing()


async def _claim(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    event_ids: Sequence[uuid.UUID],
    handlers_for: HandlerLookup,
) -> list[_Claimed]:
    """Lock the events' queue entries and the delivery rows no other worker holds (creating
    them on first dispatch), in the order the events were written. Events another dispatch
    holds are left to it; a queue entry whose event is gone is dropped."""
    rows = (await session.execute(_QUEUED_EVENTS, {"event_ids": list(event_ids)})).all()
    position = {event_id: index for index, event_id in enumerate(event_ids)}
    gone = [event_id for event_id, event in rows if event is None]
    if gone:
        await session.execute(delete(_QUEUE).where(_QUEUE.c.event_id.in_(gone)))
    claimed = [
        _Claimed(event, _applicable(handlers_for, event))
        for _, event in sorted(rows, key=lambda row: position[row[0]])
        if event is not None
    ]
    if not claimed:
        return []
    new_rows = [
        {
            "tenant_id": tenant_id,
            "event_id": work.event.id,
            "handler": handler.name,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
        }
        for work in claimed
        for handler in work.handlers
    ]
    if new_rows:
        await session.execute(_NEW_DELIVERIES, new_rows)
    by_event = {work.event.id: work for work in claimed}
    locked = await session.execute(
        _LOCK_PENDING, {"tenant_id": tenant_id, "event_ids": list(by_event)}
    )
    for event_id, handler, attempts, next_attempt_at in locked:
        by_event[event_id].deliveries[handler] = _Delivery(
            event_id, handler, attempts, next_attempt_at
        )
    return claimed


def _applicable(handlers_for: HandlerLookup, event: OutboxEvent) -> list[EventHandler]:
    return sorted((h for h in handlers_for(event.type) if h.applies(event)), key=lambda h: h.name)


def _is_due(delivery: _Delivery) -> bool:
    return delivery.next_attempt_at <= utcnow()


async def _run_delivery(
    session: AsyncSession,
    services: Services,
    handler: EventHandler,
    event: OutboxEvent,
    delivery: _Delivery,
    deadline: float,
) -> None:
    """Run one handler in a savepoint; a failure rolls back its work but is counted in the
    enclosing transaction, before its delivery row is unlocked, so no other worker can slip
    in and retry it ahead of its back-off."""
    mark = after_commit_mark(session)
    try:
        async with session.begin_nested(), asyncio.timeout_at(deadline):
            await handler.run(
                Actor(services=services, session=session, system_tenant_id=event.tenant_id), event
            )
    except Exception as error:
        discard_after_commit(session, mark)
        _count_failure(services.settings, delivery, event, error)
        return
    delivery.status = DeliveryStatus.DONE.value


_MARK_DONE = (
    update(_DELIVERY_TABLE)
    .where(
        _DELIVERIES.tenant_id == bindparam("done_tenant"),
        tuple_(_DELIVERIES.event_id, _DELIVERIES.handler).in_(
            bindparam("done_keys", expanding=True)
        ),
    )
    .values(
        status=DeliveryStatus.DONE.value,
        attempts=_DELIVERIES.attempts + 1,
        completed_at=bindparam("done_at"),
    )
)


async def _record_outcomes(
    session: AsyncSession, tenant_id: uuid.UUID, attempted: list[_Delivery]
) -> None:
    """One statement marks every delivery that succeeded; each failure has its own."""
    done = [(d.event_id, d.handler) for d in attempted if d.status == DeliveryStatus.DONE.value]
    if done:
        await session.execute(
            _MARK_DONE, {"done_tenant": tenant_id, "done_keys": done, "done_at": utcnow()}
        )
    for failed in (d for d in attempted if d.status != DeliveryStatus.DONE.value):
        await session.execute(
            update(_DELIVERY_TABLE)
            .where(
                _DELIVERIES.tenant_id == tenant_id,
                _DELIVERIES.event_id == failed.event_id,
                _DELIVERIES.handler == failed.handler,
            )
            .values(
                status=failed.status,
                attempts=failed.attempts,
                last_error=failed.last_error,
                next_attempt_at=failed.next_attempt_at,
            )
        )


async def _record_failure(
    services: Services, tenant_id: uuid.UUID, event_id: uuid.UUID, handler: str, error: Exception
) -> None:
    """Count a failed attempt in a transaction of its own, for when the dispatch's own
    transaction could not record it."""
    async with services.db.transaction(tenant_id) as session:
        row = await session.get(EventDelivery, (tenant_id, event_id, handler), with_for_update=True)
        event = await session.get(OutboxEvent, (tenant_id, event_id))
        if row is None or event is None or row.status != DeliveryStatus.PENDING.value:
            return
        delivery = _Delivery(event_id, handler, row.attempts, row.next_attempt_at)
        _count_failure(services.settings, delivery, event, error)
        row.attempts, row.status = delivery.attempts, delivery.status
        row.last_error, row.next_attempt_at = delivery.last_error, delivery.next_attempt_at


def _count_failure(
    settings: Settings, delivery: _Delivery, event: OutboxEvent, error: Exception
) -> None:
    """Retry later with back-off, or give up and leave the delivery visible as dead."""
    delivery.attempts += 1
    delivery.last_error = describe(error)
    if delivery.attempts >= settings.event_max_attempts:
        delivery.status = DeliveryStatus.DEAD.value
        log.error(
            "event.handler_dead",
            handler=delivery.handler,
            event_type=event.type,
            attempts=delivery.attempts,
            error=delivery.last_error,
        )
        return
    delivery.next_attempt_at = utcnow() + retry_delay(settings, delivery.attempts)
    log.warning(
        "event.handler_failed",
        handler=delivery.handler,
        event_type=event.type,
        attempts=delivery.attempts,
        error=delivery.last_error,
        retry_at=delivery.next_attempt_at.isoformat(),
    )


_DROP_FINISHED = (
    delete(_QUEUE)
    .where(
        _QUEUE.c.event_id.in_(bindparam("event_ids", expanding=True)),
        ~exists().where(
            _DELIVERIES.tenant_id == _QUEUE.c.tenant_id,
            _DELIVERIES.event_id == _QUEUE.c.event_id,
            _DELIVERIES.status == DeliveryStatus.PENDING.value,
        ),
    )
    .returning(_QUEUE.c.event_id)
)


async def _reschedule(
    session: AsyncSession, settings: Settings, tenant_id: uuid.UUID, claimed: list[_Claimed]
) -> None:
    """Drop the queue entries of events with nothing pending; make the others due when their
    next attempt is. Work another worker holds (a pending row this dispatch could not lock),
    or that only another worker knows how to do, is looked at again a lease later."""
    if not claimed:
        return
    ids = [work.event.id for work in claimed]
    dropped = set((await session.scalars(_DROP_FINISHED, {"event_ids": ids})).all())
    left = {work.event.id: work for work in claimed if work.event.id not in dropped}
    if not left:
        return
    pending = await session.execute(
        select(_DELIVERIES.event_id, _DELIVERIES.handler, _DELIVERIES.next_attempt_at).where(
            _DELIVERIES.tenant_id == tenant_id,
            _DELIVERIES.event_id.in_(list(left)),
            _DELIVERIES.status == DeliveryStatus.PENDING.value,
        )
    )
    later = utcnow() + lease(settings)
    due: dict[uuid.UUID, datetime] = {}
    for event_id, handler, next_attempt_at in pending:
        work = left[event_id]
        held_elsewhere = handler not in work.deliveries
        unknown_here = handler not in {h.name for h in work.handlers}
        at = max(next_attempt_at, later) if held_elsewhere or unknown_here else next_attempt_at
        due[event_id] = min(at, due.get(event_id, at))
    for event_id, at in due.items():
        await session.execute(update(_QUEUE).where(_QUEUE.c.event_id == event_id).values(due_at=at))


# --- sweep ---------------------------------------------------------------------------------


async def sweep_due_events(services: Services, batch_size: int = SWEEP_BATCH_SIZE) -> int:
    """Dispatch every event whose work is due (retries, lost jobs, killed workers)."""
    async with services.db.transaction() as session:
        due = list(
            (
                await session.scalars(
                    select(EventQueueEntry)
                    .where(EventQueueEntry.due_at <= utcnow() - SWEEP_GRACE)
                    .order_by(EventQueueEntry.due_at)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
        )
        leased_until = utcnow() + lease(services.settings)
        for entry in due:
            entry.due_at = leased_until
        by_tenant: dict[uuid.UUID, list[uuid.UUID]] = {}
        for entry in due:
            by_tenant.setdefault(entry.tenant_id, []).append(entry.event_id)
    # A tenant's due events go in batches, as a transaction's nudge sends them: one job per
    # event cost a transaction and the relay's bookkeeping per event, and a backlog is
    # exactly when that matters. A job id per sweep: arq would otherwise treat a retry as a
    # duplicate and drop it.
    stamp = int(time.time() * 1000)
    await enqueue_dispatches(services.enqueue_job, by_tenant, f":sweep:{stamp}")
    if due:
        log.info("event.sweep", dispatched=len(due))
    return len(due)


async def requeue_event(session: AsyncSession, tenant_id: uuid.UUID, event_id: uuid.UUID) -> None:
    """Make an event due now (after a delivery was put back to pending)."""
    await session.execute(
        insert(EventQueueEntry)
        .values(
            event_id=event_id,
            tenant_id=tenant_id,
            due_at=utcnow(),
        )
        .on_conflict_do_update(index_elements=[EventQueueEntry.event_id], set_={"due_at": utcnow()})
    )
