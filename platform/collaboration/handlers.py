"""Collaboration event handlers: notices of mentions and comments, and of status changes
to an order's followers."""

from __future__ import annotations

from collaboration import notices
from collaboration.events import CommentAdded, CommentEdited
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from core.tenancy import PrincipalKind
from orders.events import OrderStatusChanged


@handles("collaboration.comment_notices", CommentAdded, CommentEdited)
async def notify_comment(actor: Actor, event: OutboxEvent) -> None:
    """A new comment reaches mentioned users and followers; an edit only the newly
    mentioned."""
    added = event.type == CommentAdded.name
    comment = event_of(CommentAdded if added else CommentEdited, event)
    await notices.notify_comment(actor, comment, event.id, followers_too=added)


@handles("collaboration.status_notices", OrderStatusChanged)
async def notify_status_change(actor: Actor, event: OutboxEvent) -> None:
    changed_by = event.actor_id if event.actor_kind == PrincipalKind.STAFF.value else None
    changed = event_of(OrderStatusChanged, event)
    await notices.notify_status_change(actor, changed, event.id, changed_by)


HANDLERS: tuple[EventHandler, ...] = (notify_comment, notify_status_change)
