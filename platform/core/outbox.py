"""Transactional outbox: an event is written in the same transaction as the change it
describes, and relayed to its handlers by the worker after commit (at least once)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import DateTime, ForeignKeyConstraint, Integer, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.orm import Mapped, mapped_column

from core.context import Actor, JobEnqueuer
from core.db import after_commit, is_scheduled_after_commit
from core.event_types import Event
from core.ids import new_id
from core.models import Base, TenantOwned, Timestamped

DISPATCH_JOB = "dispatch_event"
DISPATCH_BATCH_JOB = "dispatch_events"
# Events per nudge job: a job dispatches them one after the other within its time budget.
EVENTS_PER_NUDGE = 50
_NUDGE_KEY = "orbit.outbox.nudge"


class OutboxEvent(TenantOwned, Timestamped, Base):
    __tablename__ = "outbox_events"

    type: Mapped[str] = mapped_column(String(100), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    actor_kind: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class EventDelivery(Base):
    """The processed-event record of one handler for one event: its idempotency key."""

    __tablename__ = "event_deliveries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "event_id"],
            ["outbox_events.tenant_id", "outbox_events.id"],
            ondelete="CASCADE",
        ),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    handler: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EventQueueEntry(Base):
    """Platform-level pointer to an event with work left, so the worker's sweep can find
    due events across tenants without reading any tenant's data."""

    __tablename__ = "event_queue"

    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    due_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now(), index=True
    )


async def emit(
    actor: Actor,
    event_type: str | Event,
    payload: dict[str, Any] | None = None,
    tenant_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Record an event (a catalogue `Event`, or a type name and payload) in the actor's
    transaction; the worker is nudged after commit, once for all the transaction's events."""
    if isinstance(event_type, Event):
        payload = event_type.payload()
        event_type = event_type.name
    if payload is None:
        raise ValueError(f"{event_type}: an event needs its payload")
    tenant = tenant_id or actor.tenant_id
    principal = actor.principal
    event = OutboxEvent(
        tenant_id=tenant,
        id=new_id(),
        type=event_type,
        payload=payload,
        actor_kind=principal.kind.value if principal else None,
        actor_id=principal.subject_id if principal else None,
    )
    actor.session.add(event)
    actor.session.add(EventQueueEntry(event_id=event.id, tenant_id=tenant))
    _nudge_after_commit(actor, tenant, [event.id])
    return event.id


class _Nudge:
    """The worker nudge of one transaction: after commit, one job per tenant (and per
    EVENTS_PER_NUDGE events) for every event the transaction wrote, not one job each."""

    def __init__(self, actor: Actor) -> None:
        self._enqueue = actor.services.enqueue_job
        self.events: dict[uuid.UUID, list[uuid.UUID]] = {}

    async def __call__(self) -> None:
        await enqueue_dispatches(self._enqueue, self.events)


async def enqueue_dispatches(
    enqueue: JobEnqueuer,
    events: dict[uuid.UUID, list[uuid.UUID]],
    job_id_suffix: str = "",
) -> None:
    """One dispatch job per tenant and per EVENTS_PER_NUDGE of its events, in order; the
    job id is the first event's (with `job_id_suffix`)."""
    for tenant, event_ids in events.items():
        for start in range(0, len(event_ids), EVENTS_PER_NUDGE):
            batch = [str(event_id) for event_id in event_ids[start : start + EVENTS_PER_NUDGE]]
            await enqueue(
                DISPATCH_BATCH_JOB, str(tenant), batch, _job_id=f"event:{batch[0]}{job_id_suffix}"
            )


def _nudge_after_commit(actor: Actor, tenant: uuid.UUID, event_ids: list[uuid.UUID]) -> None:
    """Add the events to the transaction's nudge. An event written inside a savepoint that
    is later rolled back stays listed; its dispatch then finds nothing to do."""
    session = actor.session
    nudge = session.info.get(_NUDGE_KEY)
    if not isinstance(nudge, _Nudge) or not is_scheduled_after_commit(session, nudge):
        nudge = session.info[_NUDGE_KEY] = _Nudge(actor)
        after_commit(session, nudge)
    nudge.events.setdefault(tenant, []).extend(event_ids)


async def emit_many(actor: Actor, events: Sequence[Event]) -> list[uuid.UUID]:
    """`emit` for many events at once (batch paths such as imports): one multi-row INSERT
    per table, written right away, and nudged with the transaction's other events."""
    if not events:
        return []
    principal = actor.principal
    event_ids = [new_id() for _ in events]
    rows: list[dict[str, Any]] = [
        {
            "tenant_id": actor.tenant_id,
            "id": event_id,
            "type": event.name,
            "payload": event.payload(),
            "actor_kind": principal.kind.value if principal else None,
            "actor_id": principal.subject_id if principal else None,
        }
        for event_id, event in zip(event_ids, events, strict=True)
    ]
    queue = [{"event_id": event_id, "tenant_id": actor.tenant_id} for event_id in event_ids]
    for model, values in ((OutboxEvent, rows), (EventQueueEntry, queue)):
        table = cast(Table, model.__table__)
        # With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT.
        await actor.session.execute(insert(table).returning(*table.primary_key), values)
    _nudge_after_commit(actor, actor.tenant_id, event_ids)
    return event_ids
