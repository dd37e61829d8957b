"""Change-request event handlers: tell the departments involved that a change was requested
or decided (in-app notification and email, once per user and event)."""

from __future__ import annotations

import uuid

import identity.services as identity
import notifications.services as notifications
import order_changes.services as changes
import orders.services as orders
import rbac.services as rbac
import tenants.services as tenants
from core.console_links import order_path
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.mail import send_mail
from core.outbox import OutboxEvent
from order_changes import notices
from order_changes.events import (
    OrderChangeDecided,
    OrderChangeEvent,
    OrderChangeRequested,
    OrderChangeWithdrawn,
)
from order_changes.models import OrderChangeRequest
from orders.events import OrderStatusChanged

KIND = "order_change"


def _ids(*values: uuid.UUID | None) -> set[uuid.UUID]:
    return {value for value in values if value}


def _change_event(event: OutboxEvent) -> OrderChangeEvent:
    kinds: dict[str, type[OrderChangeEvent]] = {
        kind.name: kind for kind in (OrderChangeRequested, OrderChangeDecided, OrderChangeWithdrawn)
    }
    return event_of(kinds[event.type], event)


async def _recipients(
    actor: Actor, change: OrderChangeEvent, acted_by: uuid.UUID | None
) -> set[uuid.UUID]:
    """The requester and the order's owner; approvers when a decision is needed; the
    warehouse (inventory:write) when quantities change; finance (orders:mark_paid) when
    the total changes. Never the person who acted."""
    wanted = _ids(change.requested_by, change.owner_id)
    requested = isinstance(change, OrderChangeRequested)
    if requested:
        wanted |= set(await rbac.staff_holding(actor, "order_changes", "approve"))
    approved = isinstance(change, OrderChangeDecided) and change.decision == "approve"
    applies = requested or approved
    if applies and change.quantity_changed:
        wanted |= set(await rbac.staff_holding(actor, "inventory", "write"))
    total_changes = (
        change.quantity_changed
        if requested
        else isinstance(change, OrderChangeDecided) and change.total_changed
    )
    if applies and total_changes:
        wanted |= set(await rbac.staff_holding(actor, "orders", "mark_paid"))
    return wanted - _ids(acted_by)


def _kind(change: OrderChangeEvent) -> str:
    if isinstance(change, OrderChangeDecided):
        return "approved" if change.decision == "approve" else "rejected"
    return "withdrawn" if isinstance(change, OrderChangeWithdrawn) else "requested"


def _facts(change: OrderChangeEvent, request: OrderChangeRequest) -> notices.ChangeFacts:
    decided = isinstance(change, OrderChangeDecided)
    actor_label = (request.decided_by_label if decided else request.requested_by_label) or "Orbit"
    return notices.ChangeFacts(
        kind=_kind(change),
        number=change.number,
        changes=request.changes,
        reason=request.reason,
        actor=actor_label,
        note=change.note if isinstance(change, OrderChangeDecided) else None,
    )


@handles("order_changes.notify", OrderChangeRequested, OrderChangeDecided, OrderChangeWithdrawn)
async def notify_involved(actor: Actor, event: OutboxEvent) -> None:
    change = _change_event(event)
    request = await actor.session.get(
        OrderChangeRequest, (actor.tenant_id, change.change_request_id)
    )
    if request is None:
        return
    facts = _facts(change, request)
    link = (
        "/change-requests"
        if isinstance(change, OrderChangeRequested)
        else order_path(change.number)
    )
    tenant = await tenants.current_tenant(actor)
    users = await identity.users_by_id(
        actor, sorted(await _recipients(actor, change, event.actor_id))
    )
    for user in users:
        if user is None or user.status != "active":
            continue
        locale = user.locale or tenant.locale
        added = await notifications.notify(
            actor, user.id, KIND, notices.notice(locale, facts), event.id, link
        )
        if added and await notifications.wants_email(actor, user.id, KIND):
            mail = notices.email(locale, facts, f"{actor.settings.public_url}{link}")
            await send_mail(
                actor.settings,
                to=user.email,
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                message_key=f"{event.id}.{user.id}",
            )


_CHANGEABLE = frozenset(status.value for status in orders.CHANGEABLE_STATUSES)


def _leaves_changeable(event: OutboxEvent) -> bool:
    """Requests open only while an order is changeable, so only a step out of those statuses
    can leave one to close (every step emits its own event, however late it is relayed)."""
    changed = event_of(OrderStatusChanged, event)
    return changed.from_ in _CHANGEABLE and changed.to not in _CHANGEABLE


@handles("order_changes.close_on_order_moved", OrderStatusChanged, when=_leaves_changeable)
async def close_when_order_moved_on(actor: Actor, event: OutboxEvent) -> None:
    changed = event_of(OrderStatusChanged, event)
    await changes.close_when_order_moved_on(actor, changed.order_id)


HANDLERS: tuple[EventHandler, ...] = (notify_involved, close_when_order_moved_on)
