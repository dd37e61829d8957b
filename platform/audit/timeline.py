"""A customer's activity timeline: what happened around a customer, newest first, merged
from every domain that records something about it (order status changes, comments, emails
sent, changes to the customer's record).

Like the audit log's names, the sources belong to domains this one does not import: the
composition root registers one source per kind (`add_source`). Each source returns its own
newest entries; `customer_timeline` merges them. A source the reader may not read (FORBIDDEN)
adds nothing, so each reader sees the part of the story their permissions cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from core.context import Actor
from core.errors import Forbidden

MAX_ENTRIES = 100


class ActivityKind(str, Enum):
    STATUS_CHANGE = "status_change"
    COMMENT = "comment"
    EMAIL = "email"
    RECORD_CHANGE = "record_change"


@dataclass(frozen=True)
class Activity:
    """One thing that happened. `action` is a code the clients word (an order transition,
    an audit action, an email kind); the rest are the facts they show beside it."""

    at: datetime
    kind: ActivityKind
    action: str
    actor_name: str | None = None
    order_id: uuid.UUID | None = None
    order_number: str | None = None
    subject: str | None = None  # an invoice number, a contact's name
    text: str | None = None  # a comment's words, an email's recipient
    from_status: str | None = None
    to_status: str | None = None


TimelineSource = Callable[[Actor, uuid.UUID, int], Awaitable[list[Activity]]]

_sources: list[TimelineSource] = []


def add_source(source: TimelineSource) -> None:
    """Register a source: (actor, customer id, how many) -> its newest activities."""
    _sources.append(source)


async def customer_timeline(actor: Actor, customer_id: uuid.UUID, first: int) -> list[Activity]:
    """The customer's newest `first` activities (at most MAX_ENTRIES) across every source.
    The caller has already checked that the customer is within the actor's reach."""
    limit = max(1, min(first, MAX_ENTRIES))
    merged: list[Activity] = []
    for source in _sources:
        try:
            merged += await source(actor, customer_id, limit)
        except Forbidden:
            continue
    merged.sort(key=lambda a: a.at, reverse=True)
    return merged[:limit]
