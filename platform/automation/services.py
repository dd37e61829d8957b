"""Event delivery administration: list deliveries (the dead-letter list among them) and put
a dead delivery back in the queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

import audit.services as audit
from automation.errors import AutomationErrorCode
from core.context import Actor
from core.db import after_commit
from core.errors import BusinessRuleError, NotFound
from core.ids import new_id
from core.outbox import DISPATCH_JOB, EventDelivery, OutboxEvent
from core.pagination import Page, keyset_page
from core.relay import DeliveryStatus, requeue_event, utcnow

DeliveryKey = tuple[uuid.UUID, str]


@dataclass(frozen=True)
class DeliveryRecord:
    """One handler's delivery of one event, with the event it delivers."""

    delivery: EventDelivery
    event: OutboxEvent

    @property
    def key(self) -> DeliveryKey:
        return self.delivery.event_id, self.delivery.handler


@dataclass
class DeliveryFilter:
    status: DeliveryStatus | None = None
    event_type: str | None = None


async def _events_by_id(actor: Actor, ids: set[uuid.UUID]) -> dict[uuid.UUID, OutboxEvent]:
    rows = (
        await actor.session.scalars(
            select(OutboxEvent).where(
                OutboxEvent.tenant_id == actor.tenant_id, OutboxEvent.id.in_(ids)
            )
        )
    ).all()
    return {event.id: event for event in rows}


async def _with_events(actor: Actor, deliveries: list[EventDelivery]) -> list[DeliveryRecord]:
    events = await _events_by_id(actor, {d.event_id for d in deliveries})
    return [DeliveryRecord(d, events[d.event_id]) for d in deliveries]


async def list_deliveries(
    actor: Actor, flt: DeliveryFilter, first: int | None, after: str | None
) -> Page[DeliveryRecord]:
    """Deliveries, newest event first (events:read)."""
    await actor.require("events", "read")
    stmt = select(EventDelivery).where(EventDelivery.tenant_id == actor.tenant_id)
    if flt.status:
        stmt = stmt.where(EventDelivery.status == flt.status.value)
    if flt.event_type:
        stmt = stmt.join(
            OutboxEvent,
            (OutboxEvent.tenant_id == EventDelivery.tenant_id)
            & (OutboxEvent.id == EventDelivery.event_id),
        ).where(OutboxEvent.type == flt.event_type)
    page = await keyset_page(
        actor.session,
        stmt,
        [EventDelivery.event_id, EventDelivery.handler],
        first=first,
        after=after,
    )
    return Page(
        rows=await _with_events(actor, page.rows),
        has_next_page=page.has_next_page,
        cursors=page.cursors,
    )


async def deliveries_by_key(actor: Actor, keys: list[DeliveryKey]) -> list[DeliveryRecord | None]:
    await actor.require("events", "read")
    event_ids = {event_id for event_id, _ in keys}
    rows = (
        await actor.session.scalars(
            select(EventDelivery).where(
                EventDelivery.tenant_id == actor.tenant_id, EventDelivery.event_id.in_(event_ids)
            )
        )
    ).all()
    found = {record.key: record for record in await _with_events(actor, list(rows))}
    return [found.get(key) for key in keys]


async def retry_delivery(actor: Actor, event_id: uuid.UUID, handler: str) -> DeliveryRecord:
    """Give a dead delivery a fresh set of attempts and wake the worker (events:retry)."""
    await actor.require("events", "retry")
    tenant_id = actor.tenant_id
    # The queue row first, then the delivery: the order the worker locks them in.
    await requeue_event(actor.session, tenant_id, event_id)
    delivery = await actor.session.get(
        EventDelivery, (tenant_id, event_id, handler), with_for_update=True
    )
    if delivery is None:
        raise NotFound()
    if delivery.status != DeliveryStatus.DEAD.value:
        raise BusinessRuleError.single(
            AutomationErrorCode.DELIVERY_NOT_DEAD, "Only a dead delivery can be retried.", "id"
        )
    delivery.status = DeliveryStatus.PENDING.value
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    await audit.record(
        actor,
        "events.retry_delivery",
        "event_delivery",
        f"{event_id}:{handler}"[:80],
        before={"status": DeliveryStatus.DEAD.value},
        after={"status": DeliveryStatus.PENDING.value},
    )
    enqueue = actor.services.enqueue_job

    async def nudge_worker() -> None:
        await enqueue(
            DISPATCH_JOB,
            str(tenant_id),
            str(event_id),
            _job_id=f"event:{event_id}:retry:{new_id()}",
        )

    after_commit(actor.session, nudge_worker)
    return (await _with_events(actor, [delivery]))[0]
