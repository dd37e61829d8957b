"""Approval event handlers: tell approvers a step awaits them (and remind them), tell an
order's creator and owner it was rejected, and close the request of a cancelled order."""

from __future__ import annotations

import uuid

from approvals import notices, services
from approvals.events import ApprovalDecided, ApprovalReminderSent, ApprovalRequested
from approvals.models import ApprovalRequest
from approvals.settings import effective_settings
from core.console_links import order_path
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from orders.events import OrderStatusChanged


async def _approvers(actor: Actor, request: ApprovalRequest, level: str) -> list[uuid.UUID]:
    excluded = (
        (request.requested_by_id, request.order_created_by_id)
        if (await effective_settings(actor)).forbid_self_approval
        else ()
    )
    return await notices.approvers_of(actor, level, excluded)


def _activated(event: OutboxEvent) -> tuple[uuid.UUID, str | None]:
    """The request and the level of the step that just became active: a new request's
    first step, or the step an approval activated (none after the last approval)."""
    if event.type == ApprovalDecided.name:
        decided = event_of(ApprovalDecided, event)
        return decided.request_id, decided.next_level
    requested = event_of(ApprovalRequested, event)
    return requested.request_id, requested.level


@handles("approvals.notify_approvers", ApprovalRequested, ApprovalDecided)
async def notify_approvers(actor: Actor, event: OutboxEvent) -> None:
    """In-app notice to whoever may decide the step that just became active."""
    request_id, level = _activated(event)
    if not level:
        return
    request = await services.request_for_system(actor, request_id)
    if request is None:
        return
    await notices.send(
        actor,
        await _approvers(actor, request, level),
        notices.REQUESTED_KIND,
        notices.requested(request.order_number, level),
        notices.INBOX_PATH,
        event.id,
        email=False,
    )


@handles("approvals.remind_approvers", ApprovalReminderSent)
async def remind_approvers(actor: Actor, event: OutboxEvent) -> None:
    reminder = event_of(ApprovalReminderSent, event)
    request = await services.request_for_system(actor, reminder.request_id)
    if request is None:
        return
    await notices.send(
        actor,
        await _approvers(actor, request, reminder.level),
        notices.REMINDER_KIND,
        notices.reminder(request.order_number, reminder.level, reminder.after_hours),
        notices.INBOX_PATH,
        event.id,
        email=True,
    )


@handles(
    "approvals.notify_rejection",
    ApprovalDecided,
    when=lambda event: event_of(ApprovalDecided, event).decision == "reject",
)
async def notify_rejection(actor: Actor, event: OutboxEvent) -> None:
    """The order's creator and its customer's owner learn why it went back to Draft."""
    decided = event_of(ApprovalDecided, event)
    request = await services.request_for_system(actor, decided.request_id)
    if request is None:
        return
    recipients = [
        i
        for i in (request.order_created_by_id, request.order_owner_id, request.requested_by_id)
        if i is not None
    ]
    path = order_path(request.order_number)
    await notices.send(
        actor,
        recipients,
        notices.REJECTED_KIND,
        notices.rejected(request.order_number, decided.reason or ""),
        path,
        event.id,
        email=True,
    )


@handles(
    "approvals.close_cancelled",
    OrderStatusChanged,
    when=lambda event: event_of(OrderStatusChanged, event).to == "cancelled",
)
async def close_cancelled(actor: Actor, event: OutboxEvent) -> None:
    changed = event_of(OrderStatusChanged, event)
    await services.close_requests_of_cancelled_order(actor, changed.order_id)


HANDLERS: tuple[EventHandler, ...] = (
    notify_approvers,
    remind_approvers,
    notify_rejection,
    close_cancelled,
)
