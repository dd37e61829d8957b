"""Relaying outbox events to their handlers: what the worker's jobs do.

Delivery is at least once: an event stays in `event_queue` until every handler has a
finished `event_deliveries` record, and a sweep re-dispatches whatever is due, whether its
job was lost, its worker was killed or its handler failed. A dispatch locks the event's
queue entry and its pending delivery rows, re-checks each is still pending, runs each
handler in a savepoint and marks its delivery done in that same transaction, so a handler's
database writes and its processed-event record commit together: however often an event is
dispatched, its effects happen once. One transaction per event rather than per handler:
the worker's cost per event was mostly transaction bookkeeping (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from enum import Enum

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.context import Actor, Services
from core.db import after_commit_mark, discard_after_commit
from core.events import EventHandler
from core.outbox import DISPATCH_JOB, EventDelivery, EventQueueEntry, OutboxEvent
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


async def dispatch_events(
    services: Services,
    handlers_for: HandlerLookup,
    tenant_id: uuid.UUID,
    event_ids: Sequence[uuid.UUID],
) -> None:
    """Dispatch the events one transaction wrote, in order, within one job's budget; what
    does not fit stays queued for the sweep."""
    deadline = handler_deadline(services.settings)
    for done, event_id in enumerate(event_ids):
        if asyncio.get_running_loop().time() >= deadline:
            log.info("event.batch_deferred", left=len(event_ids) - done)
            return
        await dispatch_event(services, handlers_for, tenant_id, event_id, deadline)


def handler_deadline(settings: Settings) -> float:
    """The loop time by which one job's handlers must be done."""
    budget = settings.job_timeout_seconds * HANDLER_BUDGET_SHARE
    return asyncio.get_running_loop().time() + budget


async def dispatch_event(
    services: Services,
    handlers_for: HandlerLookup,
    tenant_id: uuid.UUID,
    event_id: uuid.UUID,
    deadline: float | None = None,
) -> None:
    """Run every pending, due handler of one event, each exactly once in effect.

    One transaction holds the event's queue entry and the delivery rows it runs: each handler
    runs in a savepoint and its delivery is marked in the same transaction, so a handler's
    writes and its processed-event record commit together. A handler that fails is rolled
    back to its savepoint and counted; the others still commit."""
    loop = asyncio.get_running_loop()
    if deadline is None:
        deadline = handler_deadline(services.settings)
    attempted: list[str] = []
    try:
        async with services.db.transaction(tenant_id) as session:
            claimed = await _claim(session, tenant_id, event_id, handlers_for)
            if claimed is None:
                return
            event, handlers, deliveries = claimed
            for handler in handlers:
                delivery = deliveries.get(handler.name)
                if loop.time() >= deadline or delivery is None or not _is_due(delivery):
                    continue
                attempted.append(handler.name)
                await _run_delivery(session, services, handler, event, delivery, deadline)
            await _reschedule(session, services.settings, event_id, deliveries, handlers)
    except Exception as error:  # the transaction itself failed (e.g. the connection broke)
        for name in attempted:
            await _record_failure(services, tenant_id, event_id, name, error)
        if not attempted:
            raise


async def _claim(
    session: AsyncSession, tenant_id: uuid.UUID, event_id: uuid.UUID, handlers_for: HandlerLookup
) -> tuple[OutboxEvent, list[EventHandler], dict[str, EventDelivery]] | None:
    """Lock the event's queue entry and the delivery rows no other worker holds (creating
    them on first dispatch); None when another dispatch holds the event or nothing is left."""
    queued = await session.scalar(
        select(EventQueueEntry)
        .where(EventQueueEntry.event_id == event_id)
        .with_for_update(skip_locked=True)
    )
    if queued is None:
        return None
    event = await session.get(OutboxEvent, (tenant_id, event_id))
    if event is None:
        await session.delete(queued)
        return None
    handlers = sorted(
        (h for h in handlers_for(event.type) if h.applies(event)), key=lambda h: h.name
    )
    if handlers:
        await session.execute(
            insert(EventDelivery)
            .values(
                [
                    {
                        "tenant_id": tenant_id,
                        "event_id": event_id,
                        "handler": h.name,
                        "status": DeliveryStatus.PENDING.value,
                        "attempts": 0,
                    }
                    for h in handlers
                ]
            )
            .on_conflict_do_nothing()
        )
    locked = (
        await session.scalars(
            select(EventDelivery)
            .where(
                EventDelivery.tenant_id == tenant_id,
                EventDelivery.event_id == event_id,
                EventDelivery.status == DeliveryStatus.PENDING.value,
            )
            .order_by(EventDelivery.handler)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    ).all()
    return event, handlers, {delivery.handler: delivery for delivery in locked}


def _is_due(delivery: EventDelivery) -> bool:
    return delivery.status == DeliveryStatus.PENDING.value and delivery.next_attempt_at <= utcnow()


async def _run_delivery(
    session: AsyncSession,
    services: Services,
    handler: EventHandler,
    event: OutboxEvent,
    delivery: EventDelivery,
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
    delivery.attempts += 1
    delivery.completed_at = utcnow()
    log.info("event.handled", handler=handler.name, event_type=event.type)


async def _record_failure(
    services: Services, tenant_id: uuid.UUID, event_id: uuid.UUID, handler: str, error: Exception
) -> None:
    """Count a failed attempt in a transaction of its own, for when the dispatch's own
    transaction could not record it."""
    async with services.db.transaction(tenant_id) as session:
        delivery = await session.get(
            EventDelivery, (tenant_id, event_id, handler), with_for_update=True
        )
        event = await session.get(OutboxEvent, (tenant_id, event_id))
        if (
            delivery is not None
            and event is not None
            and delivery.status == DeliveryStatus.PENDING.value
        ):
            _count_failure(services.settings, delivery, event, error)


def _count_failure(
    settings: Settings, delivery: EventDelivery, event: OutboxEvent, error: Exception
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


async def _reschedule(
    session: AsyncSession,
    settings: Settings,
    event_id: uuid.UUID,
    deliveries: dict[str, EventDelivery],
    handlers: list[EventHandler],
) -> None:
    """Drop the queue entry once nothing is pending, else make it due when the next attempt
    is. Work another worker holds (a pending row this dispatch could not lock), or that only
    another worker knows how to do, is looked at again a lease later."""
    queued = await session.get(EventQueueEntry, event_id)
    if queued is None:
        return
    pending = (
        await session.execute(
            select(EventDelivery.handler, EventDelivery.next_attempt_at).where(
                EventDelivery.tenant_id == queued.tenant_id,
                EventDelivery.event_id == event_id,
                EventDelivery.status == DeliveryStatus.PENDING.value,
            )
        )
    ).all()
    if not pending:
        await session.delete(queued)
        return
    known = {h.name for h in handlers}
    later = utcnow() + lease(settings)
    queued.due_at = min(
        max(due, later) if handler not in deliveries or handler not in known else due
        for handler, due in pending
    )


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
        work = [(entry.tenant_id, entry.event_id) for entry in due]
    stamp = int(time.time() * 1000)
    for tenant_id, event_id in work:
        # A job id per sweep: arq would otherwise treat a retry as a duplicate and drop it.
        await services.enqueue_job(
            DISPATCH_JOB, str(tenant_id), str(event_id), _job_id=f"event:{event_id}:sweep:{stamp}"
        )
    if work:
        log.info("event.sweep", dispatched=len(work))
    return len(work)


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
