"""Who hears of a missed SLA target and what they read: the ticket's owner and its team's
leads (the users of its department who may assign tickets; every such user when it has no
department), in the console and, unless they opted out, by email."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from typing import Any

import identity.services as identity
import rbac.services as rbac
import tenants.services as tenants
from core.console_links import ticket_path
from core.context import Actor
from notifications import RenderedNotice, is_chinese
from tickets.events import TicketSlaBreached
from tickets.models import Ticket
from tickets.reading import ticket_for_system
from tickets.staff_notices import tell_user

KIND = "ticket_sla_breached"
ACTIVE = "active"
METRICS = {
    "first_response": ("first response", "首次响应"),
    "next_response": ("next response", "下次响应"),
    "resolution": ("resolution", "解决"),
}


def notice(locale: str | None, breached: TicketSlaBreached, subject: str) -> RenderedNotice:
    english, chinese = METRICS.get(breached.metric, (breached.metric, breached.metric))
    due = breached.due_at.strftime("%Y-%m-%d %H:%M UTC")
    if is_chinese(locale):
        return RenderedNotice(
            f"工单 {breached.number} 超出 SLA：{chinese}",
            f"{subject}\n{chinese}的截止时间是 {due}。",
        )
    return RenderedNotice(
        f"Ticket {breached.number} missed its {english} target",
        f"{subject}\nThe {english} was due at {due}.",
    )


async def _recipients(actor: Actor, ticket: Ticket) -> list[Any]:
    """The ticket's owner and its team leads, active users, read in one query."""
    assigners = set(await rbac.staff_holding(actor, "tickets", "assign"))
    candidates = assigners | ({ticket.owner_id} if ticket.owner_id else set())
    return [
        user
        for user in await identity.users_by_id(actor, sorted(candidates))
        if user is not None
        and user.status == ACTIVE
        and (
            user.id == ticket.owner_id
            or (user.id in assigners and ticket.department_id in (None, user.department_id))
        )
    ]


async def notify_breach(actor: Actor, breached: TicketSlaBreached, event_id: uuid.UUID) -> int:
    """Tell the owner and the team leads, once per user for this breach (the event keys the
    notice); returns how many were told."""
    ticket = await ticket_for_system(actor, breached.ticket_id)
    if ticket is None:
        return 0
    tenant = await tenants.current_tenant(actor)
    link = ticket_path(ticket.number)
    told = 0
    for user in await _recipients(actor, ticket):
        locale = user.locale or tenant.locale
        rendered = notice(locale, breached, ticket.subject)
        told += await tell_user(actor, user, KIND, rendered, event_id, link, locale)
    return told
