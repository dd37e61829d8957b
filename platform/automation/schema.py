"""GraphQL for event deliveries: what each handler did with each event, the dead-letter
list, and retrying a dead delivery."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import automation.services as automation
from automation.errors import AutomationErrorCode
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from core.relay import DeliveryStatus

strawberry.enum(
    DeliveryStatus,
    name="EventDeliveryStatus",
    description="PENDING: waiting for its next attempt; DONE: handled; DEAD: gave up after "
    "the maximum number of attempts (the dead-letter list).",
)
TYPE_NAME = "EventDelivery"
EventDeliveryError = user_error_type(
    "EventDeliveryError",
    AutomationErrorCode,
    description="Why an event delivery could not be retried.",
)


def node_id(key: automation.DeliveryKey) -> str:
    return f"{key[0]}:{key[1]}"


def parse_node_id(value: str) -> automation.DeliveryKey:
    event_id, _, handler = value.partition(":")
    try:
        return uuid.UUID(event_id), handler
    except ValueError as error:
        raise NotFound() from error


@strawberry.type(
    name="EventDelivery",
    description="One handler's delivery of one event (at least once, idempotent).",
)
class EventDeliveryType(relay.Node):
    id: relay.NodeID[str]
    event_id: strawberry.ID = strawberry.field(
        description="Id of the event (its idempotency key, also the Message-ID of emails it sent)."
    )
    event_type: str = strawberry.field(description="What happened, e.g. user.invited.")
    payload: JSON = strawberry.field(description="The event's data.")
    handler: str = strawberry.field(description="Stable name of the handler.")
    status: DeliveryStatus = strawberry.field(description="Pending, done or dead.")
    attempts: int = strawberry.field(description="How many times the handler ran.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    next_attempt_at: datetime = strawberry.field(description="When a pending delivery runs.")
    completed_at: datetime | None = strawberry.field(description="When it was handled.")
    event_created_at: datetime = strawberry.field(description="When the event happened.")

    @classmethod
    def of(cls, record: automation.DeliveryRecord) -> EventDeliveryType:
        delivery, event = record.delivery, record.event
        return cls(
            id=node_id(record.key),
            event_id=strawberry.ID(str(event.id)),
            event_type=event.type,
            payload=json.loads(json.dumps(event.payload)),
            handler=delivery.handler,
            status=DeliveryStatus(delivery.status),
            attempts=delivery.attempts,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at,
            completed_at=delivery.completed_at,
            event_created_at=event.created_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        actor = await context_of(info).reader()
        records = await automation.deliveries_by_key(actor, [parse_node_id(i) for i in node_ids])
        if required and any(r is None for r in records):
            raise NotFound()
        return [cls.of(r) if r else None for r in records]


@strawberry.input(description="Filters for event deliveries.")
class EventDeliveryFilter:
    status: DeliveryStatus | None = strawberry.field(
        default=None, description="Only this status; DEAD gives the dead-letter list."
    )
    event_type: str | None = strawberry.field(default=None, description="Only this event type.")


@strawberry.type(description="Result of retrying a delivery.")
class EventDeliveryPayload:
    delivery: EventDeliveryType | None = strawberry.field(description="The delivery now.")
    user_errors: list[UserErrorType] = error_list_field(EventDeliveryError)


def _delivery_key(global_id: strawberry.ID) -> automation.DeliveryKey:
    """The (event id, handler) behind a delivery's global id; anything else is NOT_FOUND."""
    try:
        parsed = relay.GlobalID.from_id(global_id)
    except (ValueError, TypeError) as error:
        raise NotFound() from error
    if parsed.type_name != TYPE_NAME:
        raise NotFound()
    return parse_node_id(parsed.node_id)


@strawberry.type
class Query:
    @strawberry.field(description="Event deliveries, newest event first (events:read).")
    async def event_deliveries(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: EventDeliveryFilter | None = None,
    ) -> Connection[EventDeliveryType]:
        flt = filter or EventDeliveryFilter()
        actor = await context_of(info).reader()
        page = await automation.list_deliveries(
            actor,
            automation.DeliveryFilter(status=flt.status, event_type=flt.event_type),
            first,
            after,
        )
        return to_connection(page, EventDeliveryType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Put a dead delivery back in the queue with a fresh set "
        "of attempts and wake the worker (events:retry)."
    )
    async def retry_event_delivery(self, info: Info, id: strawberry.ID) -> EventDeliveryPayload:
        event_id, handler = _delivery_key(id)

        async def retry(actor: Actor) -> automation.DeliveryRecord:
            return await automation.retry_delivery(actor, event_id, handler)

        outcome = await run_mutation(info, retry)
        return payload_of(EventDeliveryPayload, outcome, EventDeliveryType.of)
