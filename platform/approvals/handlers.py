"""Approval event handlers: tell approvers a step awaits them (and remind them), tell an
order's creator and owner it was rejected, and close the request of a cancelled order."""

from __future__ import annotations

import uuid

from approvals import notices, services
from approvals.models import ApprovalRequest
from approvals.reminders import APPROVAL_REMINDER
from approvals.services import APPROVAL_DECIDED
from approvals.settings import effective_settings
from approvals.submission import APPROVAL_REQUESTED
from core.context import Actor
from core.events import EventHandler, handles
from core.gql.types import global_id
from core.outbox import OutboxEvent

ORDER_STATUS_CHANGED = "order.status_changed"


async def _approvers(actor: Actor, request: ApprovalRequest, level: str) -> list[uuid.UUID]:
    excluded = (
        (request.requested_by_id, request.order_created_by_id)
        if (await effective_settings(actor)).forbid_self_approval
        else ()
    )
    return await notices.approvers_of(actor, level, excluded)


@handles("approvals.notify_approvers", APPROVAL_REQUESTED, APPROVAL_DECIDED)
async def notify_approvers(actor: Actor, event: OutboxEvent) -> None:
    """In-app notice to whoever may decide the step that just became active."""
    payload = event.payload
    # A new request's first step, or the step an approval just activated.
    level = payload.get("nextLevel") if event.type == APPROVAL_DECIDED else payload.get("level")
    if not level:
        return
    request = await services.request_for_system(actor, uuid.UUID(payload["requestId"]))
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


@handles("approvals.remind_approvers", APPROVAL_REMINDER)
async def remind_approvers(actor: Actor, event: OutboxEvent) -> None:
    payload = event.payload
    request = await services.request_for_system(actor, uuid.UUID(payload["requestId"]))
    if request is None:
        return
    level = str(payload["level"])
    await notices.send(
        actor,
        await _approvers(actor, request, level),
        notices.REMINDER_KIND,
        notices.reminder(request.order_number, level, int(payload["afterHours"])),
        notices.INBOX_PATH,
        event.id,
        email=True,
    )


@handles("approvals.notify_rejection", APPROVAL_DECIDED)
async def notify_rejection(actor: Actor, event: OutboxEvent) -> None:
    """The order's creator and its customer's owner learn why it went back to Draft."""
    payload = event.payload
    if payload.get("decision") != "reject":
        return
    request = await services.request_for_system(actor, uuid.UUID(payload["requestId"]))
    if request is None:
        return
    recipients = [
        i
        for i in (request.order_created_by_id, request.order_owner_id, request.requested_by_id)
        if i is not None
    ]
    path = f"/orders/{global_id('Order', request.order_id)}"
    await notices.send(
        actor,
        recipients,
        notices.REJECTED_KIND,
        notices.rejected(request.order_number, str(payload.get("reason") or "")),
        path,
        event.id,
        email=True,
    )


@handles("approvals.close_cancelled", ORDER_STATUS_CHANGED)
async def close_cancelled(actor: Actor, event: OutboxEvent) -> None:
    if event.payload.get("to") != "cancelled":
        return
    await services.close_requests_of_cancelled_order(actor, uuid.UUID(event.payload["orderId"]))


HANDLERS: tuple[EventHandler, ...] = (
    notify_approvers,
    remind_approvers,
    notify_rejection,
    close_cancelled,
)
