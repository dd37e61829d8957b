"""Change-request event handlers: tell the departments involved that a change was requested
or decided (in-app notification and email, once per user and event)."""

from __future__ import annotations

import uuid
from typing import Any

import identity.services as identity
import notifications.services as notifications
import order_changes.services as changes
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.events import EventHandler, handles
from core.gql.types import global_id
from core.mail import send_mail
from core.outbox import OutboxEvent
from order_changes import notices
from order_changes.models import OrderChangeRequest
from order_changes.rules import summary
from order_changes.services import DECIDED, REQUESTED, WITHDRAWN

KIND = "order_change"


def _ids(*values: Any) -> set[uuid.UUID]:
    return {uuid.UUID(str(value)) for value in values if value}


async def _recipients(actor: Actor, event: OutboxEvent) -> set[uuid.UUID]:
    """The requester and the order's owner; approvers when a decision is needed; the
    warehouse (inventory:write) when quantities change; finance (orders:mark_paid) when
    the total changes. Never the person who acted."""
    payload = event.payload
    wanted = _ids(payload.get("requestedBy"), payload.get("ownerId"))
    if event.type == REQUESTED:
        wanted |= set(await rbac.staff_holding(actor, "order_changes", "approve"))
    applies = event.type == REQUESTED or payload.get("decision") == "approve"
    if applies and payload.get("quantityChanged"):
        wanted |= set(await rbac.staff_holding(actor, "inventory", "write"))
    total_changes = (
        payload.get("quantityChanged") if event.type == REQUESTED else payload.get("totalChanged")
    )
    if applies and total_changes:
        wanted |= set(await rbac.staff_holding(actor, "orders", "mark_paid"))
    return wanted - _ids(event.actor_id)


def _facts(event: OutboxEvent, request: OrderChangeRequest) -> notices.ChangeFacts:
    payload = event.payload
    kind = {REQUESTED: "requested", WITHDRAWN: "withdrawn"}.get(event.type) or (
        "approved" if payload.get("decision") == "approve" else "rejected"
    )
    actor_label = (
        request.decided_by_label if event.type == DECIDED else request.requested_by_label
    ) or "Orbit"
    return notices.ChangeFacts(
        kind=kind,
        number=payload["number"],
        summary=summary(request.changes, request.reason),
        actor=actor_label,
        note=payload.get("note"),
    )


@handles("order_changes.notify", REQUESTED, DECIDED, WITHDRAWN)
async def notify_involved(actor: Actor, event: OutboxEvent) -> None:
    request = await actor.session.get(
        OrderChangeRequest, (actor.tenant_id, uuid.UUID(event.payload["changeRequestId"]))
    )
    if request is None:
        return
    facts = _facts(event, request)
    link = (
        "/change-requests"
        if event.type == REQUESTED
        else f"/orders/{global_id('Order', request.order_id)}"
    )
    tenant = await tenants.current_tenant(actor)
    users = await identity.users_by_id(actor, sorted(await _recipients(actor, event)))
    for user in users:
        if user is None or user.status != "active":
            continue
        locale = user.locale or tenant.locale
        added = await notifications.notify(
            actor, user.id, KIND, notices.notice(locale, facts), event.id, link
        )
        if added:
            mail = notices.email(locale, facts, f"{actor.settings.public_url}{link}")
            await send_mail(
                actor.settings,
                to=user.email,
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                message_key=f"{event.id}.{user.id}",
            )


@handles("order_changes.close_on_order_moved", "order.status_changed")
async def close_when_order_moved_on(actor: Actor, event: OutboxEvent) -> None:
    await changes.close_when_order_moved_on(actor, uuid.UUID(event.payload["orderId"]))


HANDLERS: tuple[EventHandler, ...] = (notify_involved, close_when_order_moved_on)
