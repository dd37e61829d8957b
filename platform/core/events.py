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
from core.outbox import OutboxEvent

HandlerFunction = Callable[[Actor, OutboxEvent], Awaitable[None]]


@dataclass(frozen=True)
class EventHandler:
    """`name` is stable: it keys the processed-event record, so renaming re-runs history."""

    name: str
    event_types: frozenset[str]
    run: HandlerFunction


def handles(name: str, *event_types: str) -> Callable[[HandlerFunction], EventHandler]:
    def wrap(function: HandlerFunction) -> EventHandler:
        return EventHandler(name=name, event_types=frozenset(event_types), run=function)

    return wrap
