"""Event handlers: what runs when an outbox event is relayed.

A handler is idempotent by construction: the worker runs it at most once to completion per
(event, handler), recorded in `event_deliveries` in the same transaction as the handler's
own database writes. Side effects outside the database (email, webhooks) are at-least-once;
they carry the event id so receivers can de-duplicate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.context import Actor
from core.event_types import Event, EventT
from core.outbox import OutboxEvent

HandlerFunction = Callable[[Actor, OutboxEvent], Awaitable[None]]
EventTest = Callable[[OutboxEvent], bool]


def _every_event(_: OutboxEvent) -> bool:
    return True


@dataclass(frozen=True)
class EventHandler:
    """`name` is stable: it keys the processed-event record, so renaming re-runs history.
    `applies` picks, among events of its types, those it acts on: the relay gives it no
    delivery (no row, no savepoint) for the others."""

    name: str
    event_types: frozenset[str]
    run: HandlerFunction
    applies: EventTest = _every_event


def handles(
    name: str, *event_types: str | type[Event], when: EventTest | None = None
) -> Callable[[HandlerFunction], EventHandler]:
    """A handler of the given event types (catalogue classes, or names), optionally only of
    those events `when` accepts (it sees the stored event, and must not touch the database)."""
    types = frozenset(t if isinstance(t, str) else t.name for t in event_types)

    def wrap(function: HandlerFunction) -> EventHandler:
        return EventHandler(
            name=name, event_types=types, run=function, applies=when or _every_event
        )

    return wrap


def event_of(cls: type[EventT], outbox_event: OutboxEvent) -> EventT:
    """The typed event a handler received (its payload as `cls`)."""
    if outbox_event.type != cls.name:
        raise ValueError(f"{outbox_event.type} is not {cls.name}")
    return cls.parse(outbox_event.payload)
